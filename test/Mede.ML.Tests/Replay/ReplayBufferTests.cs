using Mede.ML.Neural;
using Mede.ML.Replay;

namespace Mede.ML.Tests.Replay;

[TestClass]
public sealed class ReplayBufferTests
{
    [TestMethod]
    public void Add_PastCapacity_OverwritesOldest()
    {
        var buffer = new ReplayBuffer(3, 1, 1);
        for (int i = 0; i < 5; i++)
        {
            buffer.Add([i], [0f], i, [i + 1], false, false, 0);
        }

        Assert.AreEqual(3, buffer.Count);
        Assert.AreEqual(5L, buffer.TotalAdded);
        CollectionAssert.AreEqual(new[] { 2f, 3f, 4f }, Enumerable.Range(0, 3).Select(i => buffer.Get(i).Reward).ToArray());
    }

    [TestMethod]
    public void Sample_FillsRowsWithStoredTransitions()
    {
        var buffer = new ReplayBuffer(10, 2, 1);
        for (int i = 0; i < 4; i++)
        {
            buffer.Add([i, -i], [0.1f * i], 10 * i, [i + 1, -i - 1], i == 3, i == 2, i % 2);
        }

        var batch = new ReplayBatch(64, 2, 1);
        buffer.Sample(batch, new Generator(1));
        var seen = new HashSet<int>();
        for (int r = 0; r < 64; r++)
        {
            int i = (int)batch.Observations[r, 0];
            seen.Add(i);
            Assert.AreEqual(-i, batch.Observations[r, 1]);
            Assert.AreEqual(0.1f * i, batch.Actions[r, 0], 1e-6f);
            Assert.AreEqual(10f * i, batch.Rewards[r, 0]);
            Assert.AreEqual(i + 1, batch.NextObservations[r, 0]);
            Assert.AreEqual(i == 3 ? 0f : 1f, batch.NotTerminated[r, 0], "truncation must not stop the bootstrap");
            Assert.AreEqual(i == 3 ? 0f : 1f, batch.Bootstraps[r, 0], "by default a time limit bootstraps");
            Assert.AreEqual(i % 2, batch.Agents[r]);
        }

        Assert.AreEqual(4, seen.Count, "64 uniform draws from 4 rows reach all of them");
    }

    [TestMethod]
    public void Sample_WithoutBootstrappingTimeLimits_EndsTheBackupAtTruncationsButKeepsThemUnterminated()
    {
        var buffer = new ReplayBuffer(10, 2, 1);
        for (int i = 0; i < 4; i++)
        {
            buffer.Add([i, -i], [0f], 0f, [i + 1, -i - 1], terminated: i == 3, truncated: i == 2, i % 2);
        }

        var batch = new ReplayBatch(64, 2, 1, bootstrapTimeLimits: false);
        buffer.Sample(batch, new Generator(1));
        var seen = new HashSet<int>();
        for (int r = 0; r < 64; r++)
        {
            int i = (int)batch.Observations[r, 0];
            seen.Add(i);
            Assert.AreEqual(i >= 2 ? 0f : 1f, batch.Bootstraps[r, 0], $"row of transition {i}: a time limit (2) ends the backup as a termination (3) does");
            Assert.AreEqual(i == 3 ? 0f : 1f, batch.NotTerminated[r, 0], "the time limit is still no termination (the outcome term reads this)");
        }

        Assert.AreEqual(4, seen.Count);
    }

    [TestMethod]
    public void SaveLoad_RoundTrip_RestoresContentsAndPosition()
    {
        var buffer = new ReplayBuffer(4, 2, 1);
        for (int i = 0; i < 6; i++)
        {
            buffer.Add([i, i], [i], i, [i, i], i % 2 == 0, i % 3 == 0, i);
        }

        using var stream = new MemoryStream();
        buffer.Save(new BinaryWriter(stream));
        stream.Position = 0;
        var copy = new ReplayBuffer(4, 2, 1);
        copy.Load(new BinaryReader(stream));
        Assert.AreEqual(buffer.TotalAdded, copy.TotalAdded);
        for (int i = 0; i < buffer.Count; i++)
        {
            Assert.AreEqual(buffer.Get(i).ToString(), copy.Get(i).ToString());
            CollectionAssert.AreEqual(buffer.Get(i).Observation, copy.Get(i).Observation);
        }

        copy.Add([9, 9], [9], 9, [9, 9], false, false, 1);
        Assert.AreEqual(9f, copy.Get(3).Reward);
    }

    [TestMethod]
    public void Add_WrongLength_NamesTheSizes()
    {
        var buffer = new ReplayBuffer(4, 2, 1);
        var e = Assert.ThrowsExactly<ArgumentException>(() => buffer.Add([1f], [0f], 0, [1f, 2f], false, false, 0));
        StringAssert.Contains(e.Message, "observation 1");
    }

    [TestMethod]
    public void BytesPerTransition_CountsEveryField()
    {
        // Hopper: 2 x 11 observation + 3 action + 1 reward floats, two flags, an int agent.
        Assert.AreEqual(4 * 26 + 2 + 4, new ReplayBuffer(1, 11, 3).BytesPerTransition);
    }
}
