using Mede.ML.Internal;

namespace Mede.ML.Environments.Tests;

[TestClass]
public sealed class VectorEnvironmentTests
{
    private const int Copies = 5;

    [TestMethod]
    public void Reset_Seed_CopyIGetsSeedPlusI()
    {
        using var vector = new VectorEnvironment(() => new MultiGoal(), Copies);
        var observations = new float[Copies * 2];

        vector.Reset(100, observations);

        for (int i = 0; i < Copies; i++)
        {
            using var single = new MultiGoal();
            var expected = new float[2];
            single.Reset(100 + (ulong)i, expected);
            CollectionAssert.AreEqual(expected, observations.AsSpan(i * 2, 2).ToArray(), $"copy {i}");
        }
    }

    [TestMethod]
    public void Step_ManySteps_MatchesIndependentCopiesWithAutoReset()
    {
        var options = new PendulumOptions { Horizon = 7 };
        using var vector = new VectorEnvironment(() => new Pendulum(options), Copies);
        var singles = Enumerable.Range(0, Copies).Select(_ => new Pendulum(options)).ToArray();
        var observations = new float[Copies * 3];
        var rewards = new float[Copies];
        var terminated = new bool[Copies];
        var truncated = new bool[Copies];
        var actions = new float[Copies];
        var expected = new float[3];
        vector.Reset(7, observations);
        for (int i = 0; i < Copies; i++)
        {
            singles[i].Reset(7 + (ulong)i, expected);
        }

        var random = new Xoshiro256(3);
        int finished = 0;
        for (int t = 0; t < 30; t++)
        {
            for (int i = 0; i < Copies; i++)
            {
                actions[i] = (float)(4 * random.NextDouble() - 2);
            }

            vector.Step(actions, observations, rewards, terminated, truncated);

            for (int i = 0; i < Copies; i++)
            {
                var result = singles[i].Step(actions.AsSpan(i, 1), expected);
                Assert.AreEqual(result.Reward, rewards[i]);
                Assert.AreEqual(result.Truncated, truncated[i]);
                Assert.AreEqual(result.Terminated, terminated[i]);
                CollectionAssert.AreEqual(singles[i].RewardTerms.ToArray(), vector.RewardTerms.Slice(i * 3, 3).ToArray());
                if (result.Done)
                {
                    // The finished episode's last observation is kept aside; the row already starts the next one.
                    CollectionAssert.AreEqual(expected, vector.FinalObservation(i).ToArray());
                    Assert.AreEqual(7, vector.FinalLengths[i]);
                    singles[i].Reset(null, expected);
                    finished++;
                }

                CollectionAssert.AreEqual(expected, observations.AsSpan(i * 3, 3).ToArray(), $"step {t}, copy {i}");
            }
        }

        Assert.AreEqual(Copies * 4, finished);
        foreach (var single in singles)
        {
            single.Dispose();
        }
    }

    [TestMethod]
    public void Step_EpisodeEnds_FinalReturnIsSumOfItsRewards()
    {
        using var vector = new VectorEnvironment(() => new MultiGoal(new MultiGoalOptions { Horizon = 3 }), 2);
        var observations = new float[4];
        var rewards = new float[2];
        var terminated = new bool[2];
        var truncated = new bool[2];
        float[] sums = new float[2];
        vector.Reset(0, observations);
        for (int t = 0; t < 3; t++)
        {
            vector.Step([0.1f, 0f, 0f, -0.1f], observations, rewards, terminated, truncated);
            sums[0] += rewards[0];
            sums[1] += rewards[1];
        }

        CollectionAssert.AreEqual(new[] { true, true }, truncated);
        CollectionAssert.AreEqual(sums, vector.FinalReturns.ToArray());
        CollectionAssert.AreEqual(new[] { 3, 3 }, vector.FinalLengths.ToArray());
    }

    [TestMethod]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(8)]
    public void Step_SeveralThreads_SameResultsAsOne(int threads)
    {
        var (oneObservations, oneRewards) = Run(threads: 1);
        var (manyObservations, manyRewards) = Run(threads);

        CollectionAssert.AreEqual(oneObservations, manyObservations);
        CollectionAssert.AreEqual(oneRewards, manyRewards);
    }

    [TestMethod]
    [DataRow(9, 10, 5, 5, 5, "actions has length 9, expected 10")]
    [DataRow(10, 11, 5, 5, 5, "observations has length 11, expected 10")]
    [DataRow(10, 10, 4, 5, 5, "rewards has length 4, expected 5")]
    [DataRow(10, 10, 5, 6, 5, "terminated has length 6, expected 5")]
    [DataRow(10, 10, 5, 5, 0, "truncated has length 0, expected 5")]
    public void Step_WrongBufferLength_ThrowsNamingTheBuffer(int actions, int observations, int rewards, int terminated, int truncated, string expected)
    {
        using var vector = new VectorEnvironment(() => new MultiGoal(), Copies);
        vector.Reset(0, new float[Copies * 2]);

        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            vector.Step(new float[actions], new float[observations], new float[rewards], new bool[terminated], new bool[truncated]));

        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void Step_CopyRejectsAction_ThrowsItsArgumentException(int threads)
    {
        using var vector = new VectorEnvironment(() => new MultiGoal(), 2, threads);
        vector.Reset(0, new float[4]);

        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            vector.Step([0f, 0f, 0f, 5f], new float[4], new float[2], new bool[2], new bool[2]));

        StringAssert.Contains(e.Message, "action[1] = 5 lies outside");
    }

    [TestMethod]
    public void Constructor_CopiesDiffer_Throws()
    {
        int calls = 0;
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            new VectorEnvironment(() => calls++ == 0 ? new MultiGoal() : new Pendulum(), 2));

        StringAssert.Contains(e.Message, "copy 1 ('pendulum'");
    }

    [TestMethod]
    public void SaveState_LoadIntoNewVector_ContinuesIdentically()
    {
        using var original = new VectorEnvironment(() => new MultiGoal(), 3);
        var observations = new float[6];
        var rewards = new float[3];
        var flags = new bool[3];
        var flags2 = new bool[3];
        float[] actions = [0.3f, 0.2f, -0.5f, 0.1f, 0f, -1f];
        original.Reset(4, observations);
        for (int t = 0; t < 12; t++)
        {
            original.Step(actions, observations, rewards, flags, flags2);
        }

        var stream = new MemoryStream();
        original.SaveState(new BinaryWriter(stream));
        using var restored = new VectorEnvironment(() => new MultiGoal(), 3);
        stream.Position = 0;
        restored.LoadState(new BinaryReader(stream));
        var restoredObservations = new float[6];
        var restoredRewards = new float[3];
        for (int t = 0; t < 40; t++)
        {
            original.Step(actions, observations, rewards, flags, flags2);
            restored.Step(actions, restoredObservations, restoredRewards, flags, flags2);
            CollectionAssert.AreEqual(observations, restoredObservations, $"step {t}");
            CollectionAssert.AreEqual(rewards, restoredRewards, $"step {t}");
        }
    }

    [TestMethod]
    public void Step_OneThreadSteadyState_AllocatesNothing()
    {
        using var vector = new VectorEnvironment(() => new Pendulum(), Copies);
        var observations = new float[Copies * 3];
        var rewards = new float[Copies];
        var terminated = new bool[Copies];
        var truncated = new bool[Copies];
        var actions = new float[Copies];
        vector.Reset(0, observations);
        vector.Step(actions, observations, rewards, terminated, truncated);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 500; t++)
        {
            vector.Step(actions, observations, rewards, terminated, truncated);
        }

        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static (float[] Observations, float[] Rewards) Run(int threads)
    {
        const int n = 7;
        using var vector = new VectorEnvironment(() => new MultiGoal(), n, threads);
        var observations = new float[n * 2];
        var rewards = new float[n];
        var terminated = new bool[n];
        var truncated = new bool[n];
        var actions = new float[n * 2];
        var allObservations = new List<float>();
        var allRewards = new List<float>();
        var random = new Xoshiro256(11);
        vector.Reset(21, observations);
        for (int t = 0; t < 100; t++)
        {
            for (int i = 0; i < actions.Length; i++)
            {
                actions[i] = (float)(2 * random.NextDouble() - 1);
            }

            vector.Step(actions, observations, rewards, terminated, truncated);
            allObservations.AddRange(observations);
            allObservations.AddRange(vector.FinalObservations);
            allRewards.AddRange(rewards);
        }

        return (allObservations.ToArray(), allRewards.ToArray());
    }
}
