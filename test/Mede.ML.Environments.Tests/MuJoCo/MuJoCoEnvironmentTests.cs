using Mede.ML.Environments.MuJoCo;

namespace Mede.ML.Environments.Tests.MuJoCo;

[TestClass]
[TestCategory(MuJoCoTest.Category)]
public sealed class MuJoCoEnvironmentTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("hopper", 11, 3, 0.008)]
    [DataRow("walker2d", 17, 6, 0.008)]
    [DataRow("ant", 27, 8, 0.05)]
    [DataRow("multidirection-ant", 125, 8, 0.02)]
    [DataRow("multidirection-ant-v4", 27, 8, 0.05)]
    public void Constructor_Defaults_MatchGymnasiumShapes(string name, int observation, int action, double stepSeconds)
    {
        MuJoCoTest.RequireLibrary();
        using var env = EnvironmentFactory.Create(name);
        Assert.AreEqual(name, env.Name);
        Assert.AreEqual(observation, env.ObservationSpace.Dimension);
        Assert.AreEqual(action, env.ActionSpace.Dimension);
        Assert.AreEqual(stepSeconds, env.StepSeconds, 1e-12);
        Assert.AreEqual(1000, env.MaxEpisodeSteps);
        for (int i = 0; i < action; i++)
        {
            Assert.AreEqual(-1f, env.ActionSpace.Low[i]);
            Assert.AreEqual(1f, env.ActionSpace.High[i]);
        }
    }

    [TestMethod]
    [DataRow("hopper")]
    [DataRow("walker2d")]
    [DataRow("ant")]
    [DataRow("multidirection-ant")]
    [DataRow("multidirection-ant-v4")]
    public void Step_RandomActions_RewardTermsAddUpToReward(string name)
    {
        MuJoCoTest.RequireLibrary();
        using var env = EnvironmentFactory.Create(name);
        var random = new Random(1);
        var obs = new float[env.ObservationSpace.Dimension];
        env.Reset(7, obs);
        for (int step = 0, episodes = 0; step < 300 && episodes < 5; step++)
        {
            StepResult r = env.Step(EnvironmentFactory.RandomAction(random, env.ActionSpace.Dimension), obs);
            float sum = 0;
            foreach (float t in env.RewardTerms)
            {
                sum += t;
            }

            Assert.AreEqual(sum, r.Reward, 1e-6f);
            Assert.AreEqual(env.RewardTermNames.Count, env.RewardTerms.Length);
            if (r.Done)
            {
                env.Reset(null, obs);
                episodes++;
            }
        }
    }

    [TestMethod]
    [DataRow("hopper")]
    [DataRow("walker2d")]
    [DataRow("ant")]
    [DataRow("multidirection-ant")]
    [DataRow("multidirection-ant-v4")]
    public void Step_SameSeed_SameTrajectory(string name)
    {
        MuJoCoTest.RequireLibrary();
        float[][] a = Rollout(name, seed: 3, steps: 60);
        float[][] b = Rollout(name, seed: 3, steps: 60);
        float[][] c = Rollout(name, seed: 4, steps: 1);
        for (int i = 0; i < a.Length; i++)
        {
            CollectionAssert.AreEqual(a[i], b[i], $"step {i}");
        }

        CollectionAssert.AreNotEqual(a[0], c[0], "another seed should start elsewhere");
    }

    [TestMethod]
    [DataRow("hopper")]
    [DataRow("walker2d")]
    [DataRow("ant")]
    [DataRow("multidirection-ant")]
    [DataRow("multidirection-ant-v4")]
    public void Step_ReachesTimeLimit_TruncatesWithoutTerminating(string name)
    {
        MuJoCoTest.RequireLibrary();
        using var env = EnvironmentFactory.Create(name, maxEpisodeSteps: 5);
        var obs = new float[env.ObservationSpace.Dimension];
        var zero = new float[env.ActionSpace.Dimension];
        env.Reset(1, obs);
        for (int i = 1; i < 5; i++)
        {
            Assert.IsFalse(env.Step(zero, obs).Done, $"step {i}");
        }

        StepResult last = env.Step(zero, obs);
        Assert.IsTrue(last.Truncated);
        Assert.IsFalse(last.Terminated);
        Assert.ThrowsExactly<InvalidOperationException>(() => env.Step(zero, obs));
    }

    [TestMethod]
    [DataRow("hopper")]
    [DataRow("walker2d")]
    [DataRow("ant")]
    [DataRow("multidirection-ant")]
    [DataRow("multidirection-ant-v4")]
    public void Step_WrongLengthOrNaNAction_ThrowsArgumentException(string name)
    {
        MuJoCoTest.RequireLibrary();
        using var env = EnvironmentFactory.Create(name);
        var obs = new float[env.ObservationSpace.Dimension];
        env.Reset(1, obs);
        var e = Assert.ThrowsExactly<ArgumentException>(() => env.Step(new float[env.ActionSpace.Dimension + 1], obs));
        StringAssert.Contains(e.Message, "length");
        var nan = new float[env.ActionSpace.Dimension];
        nan[1] = float.NaN;
        e = Assert.ThrowsExactly<ArgumentException>(() => env.Step(nan, obs));
        StringAssert.Contains(e.Message, "NaN");
        var outside = new float[env.ActionSpace.Dimension];
        outside[0] = 1.5f;
        Assert.ThrowsExactly<ArgumentException>(() => env.Step(outside, obs));
    }

    [TestMethod]
    [DataRow("hopper")]
    [DataRow("walker2d")]
    [DataRow("ant")]
    [DataRow("multidirection-ant")]
    [DataRow("multidirection-ant-v4")]
    public void LoadState_MidEpisode_ContinuesIdentically(string name)
    {
        MuJoCoTest.RequireLibrary();
        using var env = EnvironmentFactory.Create(name);
        var random = new Random(5);
        var obs = new float[env.ObservationSpace.Dimension];
        env.Reset(11, obs);
        float[][] actions = Enumerable.Range(0, 20).Select(_ => EnvironmentFactory.RandomAction(random, env.ActionSpace.Dimension)).ToArray();
        for (int i = 0; i < 5; i++)
        {
            env.Step(actions[i], obs);
        }

        using var saved = new MemoryStream();
        env.SaveState(new BinaryWriter(saved));
        var first = new List<(float[] Obs, StepResult Result)>();
        for (int i = 5; i < 20 && (first.Count == 0 || !first[^1].Result.Done); i++)
        {
            StepResult r = env.Step(actions[i], obs);
            first.Add(((float[])obs.Clone(), r));
        }

        // Restore into a fresh environment that has run a different episode.
        using var other = EnvironmentFactory.Create(name);
        other.Reset(99, obs);
        other.Step(actions[0], obs);
        saved.Position = 0;
        other.LoadState(new BinaryReader(saved));
        for (int i = 0; i < first.Count; i++)
        {
            StepResult r = other.Step(actions[5 + i], obs);
            Assert.AreEqual(first[i].Result, r, $"step {i}");
            CollectionAssert.AreEqual(first[i].Obs, obs, $"step {i}");
        }
    }

    [TestMethod]
    [DataRow("hopper", 1_000_000L)]
    [DataRow("walker2d", 1_000_000L)]
    [DataRow("multidirection-ant", 1_000_000L)]
    [DataRow("multidirection-ant-v4", 1_000_000L)]
    public void AllocatedBytes_SizedArena_StaysSmallAndSufficient(string name, long limit)
    {
        MuJoCoTest.RequireLibrary();
        using var env = EnvironmentFactory.Create(name);
        var random = new Random(2);
        var obs = new float[env.ObservationSpace.Dimension];
        env.Reset(2, obs);
        for (int i = 0; i < 2000; i++)
        {
            if (env.Step(EnvironmentFactory.RandomAction(random, env.ActionSpace.Dimension), obs).Done)
            {
                env.Reset(null, obs);
            }
        }

        MuJoCoSimulation sim = env.Simulation;
        TestContext.WriteLine($"{name}: {env.AllocatedBytes} bytes per environment, model {env.Model.SizeInBytes} bytes shared; " +
                              $"max stack {sim.MaxStackUse} doubles, max contacts {sim.MaxContacts}, max constraint rows {sim.MaxConstraintRows}");
        Assert.IsLessThan(limit, env.AllocatedBytes);
    }

    [TestMethod]
    [DataRow("hopper")]
    [DataRow("walker2d")]
    [DataRow("ant")]
    [DataRow("multidirection-ant")]
    [DataRow("multidirection-ant-v4")]
    public void Step_BadState_EndsEpisodeAsCountedPhysicsFailure(string name)
    {
        MuJoCoTest.RequireLibrary();
        using var env = EnvironmentFactory.Create(name);
        var obs = new float[env.ObservationSpace.Dimension];
        var zero = new float[env.ActionSpace.Dimension];
        env.Reset(1, obs);
        env.Step(zero, obs);
        Assert.AreEqual(0L, ((IEnvironment)env).PhysicsFailures);

        // The test hook: a velocity beyond MuJoCo's 1e10 makes mj_step reset the state and count a BadVelocity warning.
        env.Simulation.Velocities[0] = double.NaN;
        StepResult failed = env.Step(zero, obs);
        Assert.IsTrue(failed.PhysicsFailure);
        Assert.IsTrue(failed.Truncated);
        Assert.IsFalse(failed.Terminated);
        Assert.AreEqual(0f, failed.Reward);
        foreach (float term in env.RewardTerms)
        {
            Assert.AreEqual(0f, term);
        }

        Assert.AreEqual(1L, ((IEnvironment)env).PhysicsFailures);
        StringAssert.Contains(env.LastPhysicsFailure, $"'{name}', step 2");
        StringAssert.Contains(env.LastPhysicsFailure, "BadVelocity");
        Assert.ThrowsExactly<InvalidOperationException>(() => env.Step(zero, obs));

        // Reset clears MuJoCo's counters; the environment steps normally again and the count stays.
        env.Reset(null, obs);
        Assert.IsFalse(env.Step(zero, obs).PhysicsFailure);
        Assert.AreEqual(1L, env.PhysicsFailures);
    }

    [TestMethod]
    public void Step_BadStateEveryEpisode_StopsAtTheLimitWithTheCause()
    {
        MuJoCoTest.RequireLibrary();
        using var env = EnvironmentFactory.Create("hopper");
        env.MaxConsecutivePhysicsFailures = 3;
        var obs = new float[env.ObservationSpace.Dimension];
        var zero = new float[env.ActionSpace.Dimension];
        for (int episode = 0; episode < 2; episode++)
        {
            env.Reset((ulong)episode, obs);
            env.Simulation.Velocities[1] = 1e11;
            Assert.IsTrue(env.Step(zero, obs).PhysicsFailure);
        }

        // An episode that ends normally starts the count again.
        env.Reset(7, obs);
        env.Simulation.Positions[2] = 1.0; // the torso tilted 1 rad, beyond the healthy 0.2: terminated at once
        Assert.IsTrue(env.Step(zero, obs).Terminated);
        for (int episode = 0; episode < 2; episode++)
        {
            env.Reset(null, obs);
            env.Simulation.Velocities[1] = 1e11;
            Assert.IsTrue(env.Step(zero, obs).PhysicsFailure);
        }

        env.Reset(null, obs);
        env.Simulation.Velocities[1] = 1e11;
        var e = Assert.ThrowsExactly<PhysicsFailureException>(() => env.Step(zero, obs));
        StringAssert.Contains(e.Message, "'hopper', step 1");
        StringAssert.Contains(e.Message, "3 episodes in a row");
        StringAssert.Contains(e.Message, "(5 in all)");
    }

    [TestMethod]
    public void SaveState_AfterPhysicsFailure_LoadedEnvironmentKeepsTheCount()
    {
        MuJoCoTest.RequireLibrary();
        using var env = EnvironmentFactory.Create("walker2d");
        var obs = new float[env.ObservationSpace.Dimension];
        var zero = new float[env.ActionSpace.Dimension];
        env.Reset(3, obs);
        env.Simulation.Velocities[2] = 1e11;
        Assert.IsTrue(env.Step(zero, obs).PhysicsFailure);
        env.Reset(null, obs);

        using var stream = new MemoryStream();
        env.SaveState(new BinaryWriter(stream));
        stream.Position = 0;
        using var copy = EnvironmentFactory.Create("walker2d");
        copy.LoadState(new BinaryReader(stream));
        Assert.AreEqual(1L, copy.PhysicsFailures);
    }

    private static float[][] Rollout(string name, ulong seed, int steps)
    {
        using var env = EnvironmentFactory.Create(name);
        var random = new Random(9);
        var obs = new float[env.ObservationSpace.Dimension];
        var trace = new List<float[]>();
        env.Reset(seed, obs);
        trace.Add((float[])obs.Clone());
        for (int i = 0; i < steps; i++)
        {
            StepResult r = env.Step(EnvironmentFactory.RandomAction(random, env.ActionSpace.Dimension), obs);
            trace.Add([.. obs, r.Reward, r.Terminated ? 1 : 0]);
            if (r.Done)
            {
                env.Reset(null, obs);
            }
        }

        return [.. trace];
    }
}
