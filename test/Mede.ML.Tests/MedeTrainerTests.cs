using Mede.ML.Algorithms;
using Mede.ML.Data;
using Mede.ML.Environments;
using Mede.ML.Training;

namespace Mede.ML.Tests;

[TestClass]
public sealed class MedeTrainerTests
{
    public static IEnumerable<object[]> Trainers =>
    [
        ["Mede", NetworkMode.Shared],
        ["Diayn", NetworkMode.Shared],
        ["Sac", NetworkMode.Shared],
        ["Mede", NetworkMode.Separate],
    ];

    [TestMethod]
    [DynamicData(nameof(Trainers))]
    public void EstimatorWorkout_EachTrainer_ValidatesFitsTransformsSavesAndLoadsIdentically(string trainerName, NetworkMode mode)
    {
        var ml = new MLContext(seed: 1);
        ReinforcementTrainers trainers = ml.Reinforcement().Trainers;
        ReinforcementTrainerBase trainer = trainerName switch
        {
            "Mede" => trainers.Mede(EstimatorWorkout.Tiny(new MedeTrainer.Options(), mode), EstimatorWorkout.TinyRun()),
            "Diayn" => trainers.Diayn(EstimatorWorkout.Tiny(new DiaynTrainer.Options(), mode), EstimatorWorkout.TinyRun()),
            _ => trainers.Sac(EstimatorWorkout.Tiny(new SacTrainer.Options()), EstimatorWorkout.TinyRun()),
        };

        MedeTransformer model = EstimatorWorkout.Run(ml, trainer, ml.Reinforcement().Environments.MultiGoal(), trainerName == "Sac" ? 1 : 2);
        Assert.AreEqual(trainerName, model.Options.Algorithm.ToString());
        Assert.AreEqual(mode, model.Options.NetworkMode);
    }

    [TestMethod]
    public void Resume_HalfThenHalf_ActsLikeOneStraightFit()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mede-trainer-resume-" + Guid.NewGuid().ToString("N"));
        try
        {
            var ml = new MLContext();
            TrainingConfiguration options = EstimatorWorkout.Tiny();
            options.Seed = 9;
            options.TotalSteps = 160;
            options.Environment = "multigoal";
            MedeTransformer straight = ml.Reinforcement().Trainers.Create(options).Fit(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal()));

            options.TotalSteps = 82;
            options.CheckpointDirectory = folder;
            ml.Reinforcement().Trainers.Create(options).Fit(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal()));
            options.TotalSteps = 160;
            var recorder = new CountingRecorder();
            ReinforcementTrainerBase second = ml.Reinforcement().Trainers.Create(options, recorder);
            MedeTransformer resumed = second.Resume(folder);

            float[] observation = [0.3f, -0.2f];
            for (int agent = 0; agent < 2; agent++)
            {
                float[] a = new float[2], b = new float[2];
                straight.GetPolicy(agent).Act(observation, a, deterministic: true);
                resumed.GetPolicy(agent).Act(observation, b, deterministic: true);
                CollectionAssert.AreEqual(a, b, $"agent {agent}");
            }

            Assert.IsGreaterThan(0, recorder.Episodes, "the resumed run reports episodes to the trainer's recorder");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private sealed class CountingRecorder : ITrainingRecorder
    {
        public int Episodes { get; private set; }

        public void RecordMetric(long step, string name, int? agent, double value)
        {
        }

        public void RecordEpisode(EpisodeRecord episode) => Episodes++;

        public void Flush()
        {
        }
    }

    [TestMethod]
    public void Fit_RecordedRandomRolloutsAndAnEnvironment_StartsFromTheRecordedRows()
    {
        var ml = new MLContext(seed: 2);
        TrajectoryDataView recorded = ml.Reinforcement().Data.LoadTrajectories(
            ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal(), steps: 50));
        TrainingConfiguration options = EstimatorWorkout.Tiny();
        options.Environment = "multigoal";
        options.WarmupSteps = 0; // the recorded rows stand in for the random warm-up
        options.TotalSteps = 40;
        ReinforcementTrainerBase trainer = ml.Reinforcement().Trainers.Create(options);

        MedeTransformer model = trainer.Fit(recorded);

        var (added, steps) = trainer.LastFit!.Value;
        Assert.AreEqual(40L, steps);
        Assert.AreEqual(50L + 40L, added.Single(), "the buffer holds the recorded rows and the online ones");
        Assert.AreEqual(2, model.NumberOfAgents);
    }

    [TestMethod]
    public void Fit_RecordedRowsInSeparateMode_GoToTheirAgentsBuffers()
    {
        var ml = new MLContext(seed: 2);
        var builder = new TrajectoryBuilder(observationSize: 2, actionSize: 2);
        for (int i = 0; i < 6; i++)
        {
            builder.Add([0.1f * i, 0f], [0.5f, -0.5f], -1f, [0.1f * (i + 1), 0f], false, false, agent: i < 4 ? 1 : 0, episode: 0, step: i < 4 ? i : i - 4);
        }

        TrainingConfiguration options = EstimatorWorkout.Tiny(mode: NetworkMode.Separate);
        options.Environment = "multigoal";
        options.TotalSteps = 10;
        ReinforcementTrainerBase trainer = ml.Reinforcement().Trainers.Create(options);

        trainer.Fit(builder.ToDataView());

        CollectionAssert.AreEqual(new long[] { 2 + 5, 4 + 5 }, trainer.LastFit!.Value.ReplayAdded);
    }

    [TestMethod]
    public void Fit_RecordedActionsInTheEnvironmentsUnits_FailsNamingRowAndColumn()
    {
        var ml = new MLContext(seed: 2);
        var builder = new TrajectoryBuilder(observationSize: 3, actionSize: 1);
        builder.Add([1f, 0f, 0f], [1.5f], -1f, [1f, 0f, 0f], false, false, agent: 0, episode: 0, step: 0);
        TrainingConfiguration options = EstimatorWorkout.Tiny(ReinforcementAlgorithm.Sac);
        options.Environment = "pendulum";
        ReinforcementTrainerBase trainer = ml.Reinforcement().Trainers.Create(options);

        ArgumentException e = Assert.Throws<ArgumentException>(() => trainer.Fit(builder.ToDataView()));

        StringAssert.Contains(e.Message, "Row 1, column 'Action'");
    }

    [TestMethod]
    public void Fit_RecordedRowsWithoutEnvironment_ExplainsWhatToSet()
    {
        var ml = new MLContext(seed: 2);
        TrajectoryDataView recorded = ml.Reinforcement().Data.LoadTrajectories(
            ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal(), steps: 5));
        ReinforcementTrainerBase trainer = ml.Reinforcement().Trainers.Create(EstimatorWorkout.Tiny());

        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => trainer.Fit(recorded));

        StringAssert.Contains(e.Message, "Options.Environment");
    }

    [TestMethod]
    public void Fit_MissingTrajectoryColumn_FailsNamingTheColumn()
    {
        var ml = new MLContext(seed: 2);
        IDataView observations = ml.Data.LoadFromEnumerable(new[] { new EstimatorWorkout.ObservationOnly { Observation = [0f, 0f] } });
        TrainingConfiguration options = EstimatorWorkout.Tiny();
        options.Environment = "multigoal";

        ArgumentException e = Assert.Throws<ArgumentException>(() => ml.Reinforcement().Trainers.Create(options).Fit(observations));

        StringAssert.Contains(e.Message, "'Action'");
    }

    [TestMethod]
    public void Fit_Cancelled_WritesACheckpointAndThrows()
    {
        var ml = new MLContext(seed: 2);
        string folder = Path.Combine(Path.GetTempPath(), "mede-cancel-" + Guid.NewGuid().ToString("N"));
        try
        {
            TrainingConfiguration options = EstimatorWorkout.Tiny();
            options.CheckpointDirectory = folder;
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            ReinforcementTrainerBase trainer = ml.Reinforcement().Trainers.Create(options);

            Assert.ThrowsExactly<OperationCanceledException>(
                () => trainer.Fit(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal()), null, cancelled.Token));

            Assert.IsNotNull(TrainingSession.FindLatestCheckpoint(folder));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [TestMethod]
    public void Fit_Progress_ReportsTheEnd()
    {
        var ml = new MLContext(seed: 2);
        var reports = new List<TrainingProgress>();
        ReinforcementTrainerBase trainer = ml.Reinforcement().Trainers.Create(EstimatorWorkout.Tiny());

        trainer.Fit(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal()), new SynchronousProgress(reports.Add));

        Assert.AreEqual(120L, reports[^1].Step);
    }

    [TestMethod]
    public void Fit_AdapterOverOneUncopyableEnvironment_AsksForAFactory()
    {
        var ml = new MLContext(seed: 2);
        using var environment = new Data.CountingEnvironment(new MultiGoal());
        ReinforcementTrainerBase trainer = ml.Reinforcement().Trainers.Create(EstimatorWorkout.Tiny());

        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(
            () => trainer.Fit(ml.Reinforcement().Data.FromEnvironment(environment)));

        StringAssert.Contains(e.Message, "factory");
    }

    [TestMethod]
    public void Fit_SameContextSeed_GivesTheSameModel()
    {
        MedeTransformer Train() =>
            new MLContext(seed: 9).Reinforcement().Trainers.Create(EstimatorWorkout.Tiny())
                .Fit(new MLContext(seed: 9).Reinforcement().Data.FromEnvironment(() => new MultiGoal()));

        EstimatorWorkout.AssertSameActions(Train(), Train(), () => new MultiGoal());
    }

    [TestMethod]
    public void OptionsClone_EnvironmentOptions_AreCopiedNotShared()
    {
        var options = new TrainingConfiguration { Environment = "pendulum", EnvironmentOptions = new() { ["horizon"] = "7" }, CheckpointDirectory = "runs/x" };

        TrainingConfiguration copy = options.Clone();
        options.EnvironmentOptions["horizon"] = "8";

        Assert.AreEqual("7", copy.EnvironmentOptions!["horizon"]);
        Assert.AreEqual("pendulum", copy.Environment);
        Assert.AreEqual("runs/x", copy.CheckpointDirectory);
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
