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
    public void TerminatedEpisodeOf_FindsTheEndAndLengthOfEachAgentsEpisode_InterleavedInOneBuffer()
    {
        // Two agents share the buffer, one row each per step (x = the agent's step in its episode, y = its episode).
        // Agent 0: an episode of 3 that terminates, then one of 2 that the time limit cuts, then one still running.
        // Agent 1: an episode of 4 that terminates, then one of 2 that terminates.
        var buffer = new ReplayBuffer(100, 2, 1);
        (bool Terminated, bool Truncated)[][] ends =
        [
            [(false, false), (false, false), (true, false), (false, false), (false, true), (false, false)],
            [(false, false), (false, false), (false, false), (true, false), (false, false), (true, false)],
        ];
        int[][] episode = [[0, 0, 0, 1, 1, 2], [0, 0, 0, 0, 1, 1]];
        for (int t = 0; t < 6; t++)
        {
            for (int k = 0; k < 2; k++)
            {
                buffer.Add([t, episode[k][t]], [0f], 0f, [t + 1, episode[k][t]], ends[k][t].Terminated, ends[k][t].Truncated, k);
            }
        }

        // Ordinal 2t + k is agent k's row at step t.
        for (int t = 0; t < 3; t++)
        {
            Assert.AreEqual((4L, 3), buffer.TerminatedEpisodeOf(2 * t), $"agent 0, step {t}: its episode ends at step 2 (ordinal 4) after 3 rows");
        }

        Assert.AreEqual((-1L, 0), buffer.TerminatedEpisodeOf(6), "a time limit cut agent 0's second episode");
        Assert.AreEqual((-1L, 0), buffer.TerminatedEpisodeOf(8), "and on the row the limit cut it at");
        Assert.AreEqual((-1L, 0), buffer.TerminatedEpisodeOf(10), "agent 0's third episode is still running");
        for (int t = 0; t < 4; t++)
        {
            Assert.AreEqual((7L, 4), buffer.TerminatedEpisodeOf((2 * t) + 1), $"agent 1, step {t}");
        }

        Assert.AreEqual((11L, 2), buffer.TerminatedEpisodeOf(9));
        Assert.AreEqual((11L, 2), buffer.TerminatedEpisodeOf(11));
        CollectionAssert.AreEqual(new[] { 6f, 1f }, buffer.NextObservationAt(11).ToArray(), "the end is the terminating row's next state");
    }

    [TestMethod]
    public void TerminatedEpisodeOf_AnEpisodeWhoseStartWasOverwrittenHasNoKnownLength()
    {
        // Capacity 4: a terminating episode of 3, then one of 3 whose first row the ring overwrites.
        var buffer = new ReplayBuffer(4, 1, 1);
        for (int i = 0; i < 3; i++)
        {
            buffer.Add([i], [0f], 0f, [i + 1], i == 2, false, 0);
        }

        Assert.AreEqual((2L, 3), buffer.TerminatedEpisodeOf(0), "nothing overwritten: the episode starts at the first row");
        for (int i = 0; i < 3; i++)
        {
            buffer.Add([i], [0f], 0f, [i + 1], i == 2, false, 0);
        }

        // Held: ordinals 2 to 5. Ordinal 2 ended the first episode, so the second (3 to 5) is whole.
        Assert.AreEqual((5L, 3), buffer.TerminatedEpisodeOf(3));
        Assert.AreEqual((-1L, 0), buffer.TerminatedEpisodeOf(2), "the first episode's start is gone");
        buffer.Add([0f], [0f], 0f, [1f], false, false, 0);
        buffer.Add([1f], [0f], 0f, [2f], true, false, 0);

        // Held: ordinals 4 to 7: the second episode lost its first row.
        Assert.AreEqual((-1L, 0), buffer.TerminatedEpisodeOf(4));
        Assert.AreEqual((7L, 2), buffer.TerminatedEpisodeOf(6));
    }

    [TestMethod]
    public void Sample_RecordingEpisodeEnds_FillsEachRowsEndAndLength()
    {
        // One episode of 3 rows ending at (9, 9), then one of 2 cut by the time limit.
        var buffer = new ReplayBuffer(10, 2, 1);
        buffer.Add([0f, 0f], [0f], 0f, [1f, 1f], false, false, 0);
        buffer.Add([1f, 1f], [0f], 0f, [2f, 2f], false, false, 0);
        buffer.Add([2f, 2f], [0f], 0f, [9f, 9f], true, false, 0);
        buffer.Add([3f, 3f], [0f], 0f, [4f, 4f], false, false, 0);
        buffer.Add([4f, 4f], [0f], 0f, [5f, 5f], false, true, 0);
        var batch = new ReplayBatch(64, 2, 1) { RecordsEpisodeEnds = true };

        buffer.Sample(batch, new Generator(3));

        for (int r = 0; r < 64; r++)
        {
            bool first = batch.Observations[r, 0] < 3f;
            Assert.AreEqual(first ? 3 : 0, batch.EpisodeLengths[r], $"row {r} (x {batch.Observations[r, 0]})");
            if (first)
            {
                Assert.AreEqual(9f, batch.EpisodeEnds[2 * r]);
                Assert.AreEqual(9f, batch.EpisodeEnds[(2 * r) + 1]);
            }
        }
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
