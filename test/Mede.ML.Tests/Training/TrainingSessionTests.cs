using Mede.ML.Algorithms;
using Mede.ML.Environments;
using Mede.ML.Training;

namespace Mede.ML.Tests.Training;

[TestClass]
public sealed class TrainingSessionTests
{
    private string _folder = string.Empty;

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "mede-session-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private static Func<IEnvironment> MultiGoalFactory => () => new MultiGoal();

    private static Func<IEnvironment> TimeAwareMultiGoal => () => new MultiGoal(new MultiGoalOptions { TimeFeature = true });

    [TestMethod]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Shared, 1)]
    [DataRow(ReinforcementAlgorithm.Diayn, NetworkMode.Shared, 1)]
    [DataRow(ReinforcementAlgorithm.Sac, NetworkMode.Shared, 1)]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Separate, 1)]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Separate, 2)]
    public void Resume_HalfThenHalf_GivesTheWeightsOfOneStraightRun(ReinforcementAlgorithm algorithm, NetworkMode mode, int threads)
    {
        TrainingConfiguration options = TestOptions.Tiny(algorithm, mode);
        options.Threads = threads;
        AssertResumeGivesTheStraightRun(options, MultiGoalFactory);
    }

    /// <summary>160 steps straight (warm-up 40, then 120 of learning) against 82 steps, a checkpoint and a resume to 160:
    /// the stop falls mid-episode (MultiGoal is 30 long), and the weights must come out the same.</summary>
    private void AssertResumeGivesTheStraightRun(TrainingConfiguration options, Func<IEnvironment> environment)
    {
        options.TotalSteps = 160;
        float[] straight;
        using (var session = new TrainingSession(options, environment))
        {
            session.Run();
            straight = AllWeights(session);
        }

        options.TotalSteps = 82;
        string checkpoints = Path.Combine(_folder, "checkpoints");
        using (var first = new TrainingSession(options, environment, checkpoints))
        {
            first.Run();
            Assert.AreEqual(82L, first.Step);
        }

        using var resumed = TrainingSession.Resume(checkpoints, environment, totalSteps: 160);
        Assert.AreEqual(82L, resumed.Step);
        resumed.Run();
        CollectionAssert.AreEqual(straight, AllWeights(resumed));
    }

    [TestMethod]
    public void Run_PhysicsFailures_EndEpisodesSkipTheirTransitionsAndAreCountedThroughResume()
    {
        // Each agent's environment fails on every 7th step of its life and truncates episodes at 5 steps otherwise, so
        // failed and normal episodes alternate: 35 steps per agent give 5 failures each and 10 episodes.
        TrainingConfiguration options = TestOptions.Tiny();
        options.TotalSteps = 70;
        options.MetricsInterval = 10;
        string checkpoints = Path.Combine(_folder, "checkpoints");
        var recorder = new MetricRecorder();
        using (var first = new TrainingSession(options, () => new UnstableEnvironment(failEvery: 7), checkpoints, recorder))
        {
            first.Run();
            Assert.AreEqual(10L, first.Environments.Sum(e => e.PhysicsFailures));
            Assert.AreEqual(70 - 10, first.ReplayBuffers[0].Count, "a failed step's transition must not reach the replay buffer");
            Assert.AreEqual(10, recorder.Episodes.Count(e => e.Agent == 0), "each failure ends its agent's episode");
        }

        Assert.AreEqual(10.0, recorder.Last(TrainingSession.PhysicsFailuresMetric));
        using var resumed = TrainingSession.Resume(checkpoints, () => new UnstableEnvironment(failEvery: 7), totalSteps: 140, recorder: recorder);
        resumed.Run();
        Assert.AreEqual(20.0, recorder.Last(TrainingSession.PhysicsFailuresMetric), "the count goes on from the checkpoint");
    }

    [TestMethod]
    public void Run_PhysicsFailureEveryEpisode_StopsWithTheCause()
    {
        TrainingConfiguration options = TestOptions.Tiny();
        options.TotalSteps = 400;
        using var session = new TrainingSession(options, () => new UnstableEnvironment(failEvery: 2));
        var e = Assert.ThrowsExactly<PhysicsFailureException>(() => session.Run());
        StringAssert.Contains(e.Message, "'unstable'");
        StringAssert.Contains(e.Message, $"{EnvironmentBase.DefaultMaxConsecutivePhysicsFailures} episodes in a row");
    }

    private sealed class MetricRecorder : ITrainingRecorder
    {
        private readonly List<(string Name, double Value)> _metrics = [];

        public List<EpisodeRecord> Episodes { get; } = [];

        public double Last(string name) => _metrics.Last(m => m.Name == name).Value;

        public void RecordMetric(long step, string name, int? agent, double value) => _metrics.Add((name, value));

        public void RecordEpisode(EpisodeRecord episode) => Episodes.Add(episode);

        public void Flush()
        {
        }
    }

    [TestMethod]
    public void WriteCheckpoint_FailureMidWrite_LeavesThePreviousCheckpointLoadable()
    {
        TrainingConfiguration options = TestOptions.Tiny();
        options.TotalSteps = 60;
        string checkpoints = Path.Combine(_folder, "checkpoints");
        using var session = new TrainingSession(options, MultiGoalFactory, checkpoints);
        session.Run();
        string good = TrainingSession.FindLatestCheckpoint(checkpoints)!;
        StringAssert.EndsWith(good, "step-000000000060");

        session.AfterCheckpointFile = name =>
        {
            if (name.StartsWith("replay", StringComparison.Ordinal))
            {
                throw new IOException("injected: disk full");
            }
        };
        var options2 = session.Options;
        Assert.ThrowsExactly<IOException>(() => session.WriteCheckpoint(checkpoints));

        Assert.AreEqual(good, TrainingSession.FindLatestCheckpoint(checkpoints));
        Assert.AreEqual(0, Directory.GetDirectories(checkpoints, ".tmp-*").Length, "the half-written checkpoint is removed");
        using var resumed = TrainingSession.Resume(checkpoints, MultiGoalFactory);
        Assert.AreEqual(60L, resumed.Step);
        Assert.AreEqual(options2.TotalSteps, resumed.Options.TotalSteps);
    }

    [TestMethod]
    public void ReadManifest_FileCutShort_ReportsTheDamagedFile()
    {
        TrainingConfiguration options = TestOptions.Tiny();
        options.TotalSteps = 45;
        string checkpoints = Path.Combine(_folder, "checkpoints");
        using (var session = new TrainingSession(options, MultiGoalFactory, checkpoints))
        {
            session.Run();
        }

        string checkpoint = TrainingSession.FindLatestCheckpoint(checkpoints)!;
        string state = Path.Combine(checkpoint, "state.bin");
        File.WriteAllBytes(state, File.ReadAllBytes(state)[..10]);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => TrainingSession.Resume(checkpoints, MultiGoalFactory));
        StringAssert.Contains(e.Message, "state.bin");
    }

    [TestMethod]
    public void Constructor_TimeAwareEnvironmentWithBootstrappedTimeLimits_ThrowsNamingTheOption()
    {
        TrainingConfiguration options = TestOptions.Tiny();

        var e = Assert.ThrowsExactly<ArgumentException>(() => new TrainingSession(options, TimeAwareMultiGoal));

        StringAssert.Contains(e.Message, "'multigoal' observes the time it has left");
        StringAssert.Contains(e.Message, "BootstrapTimeLimits=false");
    }

    [TestMethod]
    public void Resume_TimeAwareEnvironment_GivesTheWeightsOfOneStraightRun()
    {
        // The remaining time is part of the observation the checkpoint keeps: a resumed run must see the same clock.
        TrainingConfiguration options = TestOptions.Tiny();
        options.BootstrapTimeLimits = false;
        using (var session = new TrainingSession(options, TimeAwareMultiGoal))
        {
            Assert.AreEqual(3, session.ObservationSize);
        }

        AssertResumeGivesTheStraightRun(options, TimeAwareMultiGoal);
    }

    [TestMethod]
    public void Resume_MidWarmupWithCorrelatedActions_GivesTheWeightsOfOneStraightRun()
    {
        // The stop at step 82 falls inside the warm-up (100 steps) and inside episodes: the correlated actions' latent
        // state must come back with the checkpoint, or the resumed warm-up draws other actions.
        TrainingConfiguration options = TestOptions.Tiny(mode: NetworkMode.Separate);
        options.WarmupSteps = 100;
        options.WarmupActionCorrelation = 0.8f;
        AssertResumeGivesTheStraightRun(options, MultiGoalFactory);
    }

    [TestMethod]
    public void Run_CheckpointInterval_KeepsTheNewestCheckpoints()
    {
        TrainingConfiguration options = TestOptions.Tiny();
        options.TotalSteps = 100;
        options.CheckpointInterval = 20;
        options.CheckpointsToKeep = 2;
        string checkpoints = Path.Combine(_folder, "checkpoints");
        using var session = new TrainingSession(options, MultiGoalFactory, checkpoints);
        session.Run();
        string[] kept = Directory.GetDirectories(checkpoints).Select(Path.GetFileName).Order().ToArray()!;
        CollectionAssert.AreEqual(new[] { "step-000000000080", "step-000000000100" }, kept);
    }

    [TestMethod]
    public void Run_NaNWeight_StopsNamingNetworkAndStep()
    {
        TrainingConfiguration options = TestOptions.Tiny();
        options.TotalSteps = 100;
        using var session = new TrainingSession(options, MultiGoalFactory);
        session.Learner.Weights(forCheckpoint: true).First(w => w.Name == "learner0.critic1.0.weight").Value.Data[0] = float.NaN;
        var e = Assert.ThrowsExactly<TrainingDivergedException>(() => session.Run());
        StringAssert.Contains(e.Message, "critics (shared)");
        StringAssert.Contains(e.Message, "step 42");
        Assert.AreEqual(42L, e.Step);
    }

    [TestMethod]
    public void Run_SeparateModeWith65Agents_NamesTheAgentWhoseNetworkDiverged()
    {
        // Agent names once came from a table of 64: agent 64's update threw IndexOutOfRangeException.
        TrainingConfiguration options = TestOptions.Tiny(mode: NetworkMode.Separate, agents: 65);
        options.HiddenLayerSizes = [4];
        options.DiscriminatorHiddenLayerSizes = [4];
        options.BatchSize = 4;
        options.WarmupSteps = 65;
        options.TotalSteps = 65 * 3;
        using var session = new TrainingSession(options, MultiGoalFactory);
        session.Learner.Weights(forCheckpoint: true).First(w => w.Name == "learner64.critic1.0.weight").Value.Data[0] = float.NaN;
        var e = Assert.ThrowsExactly<TrainingDivergedException>(() => session.Run());
        StringAssert.Contains(e.Message, "critics (agent 64)");
        Assert.AreEqual(65L + 64, e.Step);
    }

    [TestMethod]
    public void Run_EnvironmentReturnsNaN_StopsNamingEnvironmentAndStep()
    {
        TrainingConfiguration options = TestOptions.Tiny(ReinforcementAlgorithm.Sac);
        using var session = new TrainingSession(options, () => new NaNAfter(7));
        var e = Assert.ThrowsExactly<TrainingDivergedException>(() => session.Run());
        StringAssert.Contains(e.Message, "environment 'nan-after'");
        StringAssert.Contains(e.Message, "observation[0]");
        Assert.AreEqual(6L, e.Step);
    }

    [TestMethod]
    public void Run_Cancelled_WritesACheckpointAtTheStop()
    {
        TrainingConfiguration options = TestOptions.Tiny();
        options.TotalSteps = 1_000_000;
        string checkpoints = Path.Combine(_folder, "checkpoints");
        using var cancellation = new CancellationTokenSource();
        using var session = new TrainingSession(options, MultiGoalFactory, checkpoints);
        var progress = new Reporter(p =>
        {
            if (p.Step > 100)
            {
                cancellation.Cancel();
            }
        });
        Assert.ThrowsExactly<OperationCanceledException>(() => session.Run(progress, cancellation.Token));
        string latest = TrainingSession.FindLatestCheckpoint(checkpoints)!;
        Assert.AreEqual(session.Step, TrainingSession.ReadManifest(latest).Step);
    }

    [TestMethod]
    [DataRow(NetworkMode.Shared)]
    [DataRow(NetworkMode.Separate)]
    public void Run_FinalProgress_CountsTheUpdatesAndTheirShareOfTheLearningRounds(NetworkMode mode)
    {
        TrainingConfiguration options = TestOptions.Tiny(mode: mode);
        options.TotalSteps = 60;
        options.WarmupSteps = 20;
        options.UpdatesPerStep = 2;
        using var session = new TrainingSession(options, MultiGoalFactory);
        TrainingProgress? last = null;
        session.Run(new Reporter(p => last = p));
        TrainingTiming timing = last!.Timing!;

        // One update per environment step after the warm-up, times UpdatesPerStep, for every network set.
        Assert.AreEqual((60L - 20) * 2, timing.Updates);
        Assert.IsGreaterThan(TimeSpan.Zero, timing.Updating);
        Assert.IsLessThanOrEqualTo(timing.Learning, timing.Updating, "updates happen inside the learning rounds");
        Assert.IsGreaterThan(0.0, timing.UpdateShare);
        StringAssert.Contains(timing.ToString(), "80 updates in ");
    }

    [TestMethod]
    public void ReadManifest_WeightsOverwrittenInPlace_ReportsTheChecksumOfTheFile()
    {
        TrainingConfiguration options = TestOptions.Tiny();
        options.TotalSteps = 45;
        string checkpoints = Path.Combine(_folder, "checkpoints");
        using (var session = new TrainingSession(options, MultiGoalFactory, checkpoints))
        {
            session.Run();
        }

        string checkpoint = TrainingSession.FindLatestCheckpoint(checkpoints)!;
        string weights = Path.Combine(checkpoint, "networks.safetensors");
        byte[] bytes = File.ReadAllBytes(weights);
        Array.Fill(bytes, (byte)0x3f, bytes.Length - 200, 64); // 64 bytes of weights, the file's size unchanged
        File.WriteAllBytes(weights, bytes);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => TrainingSession.Resume(checkpoints, MultiGoalFactory));
        StringAssert.Contains(e.Message, "networks.safetensors does not match the checksum");
    }

    [TestMethod]
    public void FindLatestCheckpoint_OlderCheckpointRenamedToAHigherStep_TheManifestDecides()
    {
        TrainingConfiguration options = TestOptions.Tiny();
        options.TotalSteps = 100;
        options.CheckpointInterval = 50;
        string checkpoints = Path.Combine(_folder, "checkpoints");
        using (var session = new TrainingSession(options, MultiGoalFactory, checkpoints))
        {
            session.Run();
        }

        Directory.Move(Path.Combine(checkpoints, "step-000000000050"), Path.Combine(checkpoints, "step-000000009999"));
        string latest = TrainingSession.FindLatestCheckpoint(checkpoints)!;
        Assert.AreEqual("step-000000000100", Path.GetFileName(latest));
        using var resumed = TrainingSession.Resume(checkpoints, MultiGoalFactory);
        Assert.AreEqual(100L, resumed.Step);
    }

    [TestMethod]
    public void Resume_MidMetricsInterval_RecordsTheSameMeansAsOneStraightRun()
    {
        TrainingConfiguration options = TestOptions.Tiny();
        options.TotalSteps = 200;
        options.MetricsInterval = 100;
        options.CheckpointInterval = 50;
        options.CheckpointsToKeep = 10;
        var straight = new MetricList();
        string checkpoints = Path.Combine(_folder, "checkpoints");
        using (var session = new TrainingSession(options, MultiGoalFactory, checkpoints, straight))
        {
            session.Run();
        }

        // Resumed from step 150, halfway through the interval that ends at 200: the mean at 200 still covers 100-200.
        var resumed = new MetricList();
        using (var session = TrainingSession.Resume(Path.Combine(checkpoints, "step-000000000150"), MultiGoalFactory, checkpointDirectory: Path.Combine(_folder, "again"), recorder: resumed))
        {
            session.Run();
        }

        var expected = straight.Rows.Where(r => r.Step == 200).ToList();
        Assert.IsGreaterThan(0, expected.Count(r => r.Name == "critic_loss"));
        CollectionAssert.AreEquivalent(new int?[] { null, 0, 1 }, expected.Where(r => r.Name == "entropy").Select(r => r.Agent).ToList(),
            "the interval records the batch's entropy and each agent's");
        CollectionAssert.AreEqual(expected, resumed.Rows.Where(r => r.Step == 200).ToList());
    }

    [TestMethod]
    public void Resume_CheckpointOfARunWithIdentity_KeepsTheIdentity()
    {
        TrainingConfiguration options = TestOptions.Tiny();
        options.TotalSteps = 45;
        string checkpoints = Path.Combine(_folder, "checkpoints");
        using (var session = new TrainingSession(options, MultiGoalFactory, checkpoints) { RunIdentity = "run-a" })
        {
            session.Run();
        }

        Assert.AreEqual("run-a", TrainingSession.ReadManifest(TrainingSession.FindLatestCheckpoint(checkpoints)!).Run);
        using var resumed = TrainingSession.Resume(checkpoints, MultiGoalFactory, totalSteps: 60);
        resumed.Run();
        Assert.AreEqual("run-a", TrainingSession.ReadManifest(TrainingSession.FindLatestCheckpoint(checkpoints)!).Run);
    }

    private static float[] AllWeights(TrainingSession session) =>
        session.Learner.Weights(forCheckpoint: true).SelectMany(w => w.Value.ToArray()).ToArray();

    /// <summary>Keeps the metric rows a session records.</summary>
    private sealed class MetricList : ITrainingRecorder
    {
        public List<(long Step, string Name, int? Agent, double Value)> Rows { get; } = [];

        public void RecordMetric(long step, string name, int? agent, double value) => Rows.Add((step, name, agent, value));

        public void RecordEpisode(EpisodeRecord episode)
        {
        }

        public void Flush()
        {
        }
    }

    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>A 1-D environment whose observation becomes NaN at a given step.</summary>
    private sealed class NaNAfter(int step) : EnvironmentBase("nan-after", Environments.Spaces.Box.Uniform(1, -10f, 10f), Environments.Spaces.Box.Uniform(1, -1f, 1f), 1000, ["reward"])
    {
        protected override void ResetCore(Span<float> observation) => observation[0] = 0f;

        protected override bool StepCore(ReadOnlySpan<float> action, Span<float> observation, Span<float> rewardTerms)
        {
            observation[0] = ElapsedSteps >= step ? float.NaN : 0f;
            rewardTerms[0] = 0f;
            return false;
        }
    }
}
