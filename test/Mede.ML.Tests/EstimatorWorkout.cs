using Mede.ML.Algorithms;
using Mede.ML.Data;
using Mede.ML.Environments;
using Mede.ML.Persistence;
using Mede.ML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mede.ML.Tests;

/// <summary>
/// The estimator workout (STYLE.md) every trainer goes through on the real ML.NET: schema validation (missing and
/// mistyped columns fail naming the column), fit, transform, <c>ml.Model.Save</c>, <c>ml.Model.Load</c> in a second
/// process (both ML.NET's chain and the typed model), and identical outputs after load.
/// </summary>
internal static class EstimatorWorkout
{
    /// <summary>A budget that fits in well under a second.</summary>
    public static TrainingConfiguration Tiny(ReinforcementAlgorithm algorithm = ReinforcementAlgorithm.Mede, NetworkMode mode = NetworkMode.Shared) => new()
    {
        Algorithm = algorithm,
        NumberOfAgents = algorithm == ReinforcementAlgorithm.Sac ? 1 : 2,
        NetworkMode = mode,
        TotalSteps = 120,
        WarmupSteps = 40,
        BatchSize = 16,
        HiddenLayerSizes = [16],
        DiscriminatorHiddenLayerSizes = [16],
        ReplayBufferSize = 1_000,
        CheckpointInterval = 0,
        MetricsInterval = 1_000,
    };

    /// <summary>The same tiny budget on typed options (MEDE, DIAYN or SAC).</summary>
    public static TOptions Tiny<TOptions>(TOptions options, NetworkMode mode = NetworkMode.Shared)
        where TOptions : ReinforcementTrainerOptions
    {
        options.TotalSteps = 120;
        options.WarmupSteps = 40;
        options.BatchSize = 16;
        options.HiddenLayerSizes = [16];
        options.ReplayBufferSize = 1_000;
        if (options is SkillTrainerOptions skills)
        {
            skills.NumberOfAgents = 2;
            skills.NetworkMode = mode;
            skills.DiscriminatorHiddenLayerSizes = [16];
        }

        return options;
    }

    /// <summary>The run settings of the tiny runs: no checkpoints.</summary>
    public static TrainingRunSettings TinyRun() => new() { CheckpointInterval = 0, MetricsInterval = 1_000 };

    /// <summary>Runs the workout and returns the fitted model.</summary>
    public static MedeTransformer Run(MLContext ml, ReinforcementTrainerBase trainer, Func<IEnvironment> environment, int agents)
    {
        // Schema validation, before any training.
        IDataView noObservation = ml.Data.LoadFromEnumerable(new[] { new ActionOnly { Action = [0f, 0f] } });
        AssertNamesColumn(() => trainer.GetOutputSchema(Shapes.Of(noObservation.Schema)), "'Observation'");
        AssertNamesColumn(() => trainer.Fit(noObservation), "'Observation'");
        IDataView scalarObservation = ml.Data.LoadFromEnumerable(new[] { new ScalarObservation { Observation = 1f } });
        AssertNamesColumn(() => trainer.GetOutputSchema(Shapes.Of(scalarObservation.Schema)), "'Observation'");
        IDataView longAgent = ml.Data.LoadFromEnumerable(new[] { new LongAgent { Observation = [0f, 0f], Agent = 1 } });
        AssertNamesColumn(() => trainer.GetOutputSchema(Shapes.Of(longAgent.Schema)), "'Agent'");

        // Fit online on an environment adapter.
        EnvironmentDataView adapter = ml.Reinforcement().Data.FromEnvironment(environment, steps: 30);
        SchemaShape output = trainer.GetOutputSchema(Shapes.Of(adapter.Schema));
        foreach (string name in new[] { ScoreColumns.PredictedAction, ScoreColumns.AgentScores, ScoreColumns.LogProbability, ScoreColumns.Q })
        {
            Assert.IsTrue(output.Has(name), $"the output shape has {name}");
        }

        MedeTransformer model = trainer.Fit(adapter);
        Assert.AreEqual(agents, model.NumberOfAgents);

        // Transform: every row gets its four scores, with the sizes the schema promises.
        IDataView rows = ml.Reinforcement().Data.LoadTrajectories(adapter);
        IDataView scored = model.Transform(rows);
        Assert.AreEqual(model.ActionSize, ((VectorDataViewType)scored.Schema[ScoreColumns.PredictedAction].Type).Size);
        Assert.AreEqual(agents, ((VectorDataViewType)scored.Schema[ScoreColumns.AgentScores].Type).Size);
        List<ScoredRow> before = ml.Data.CreateEnumerable<ScoredRow>(scored, reuseRowObject: false).ToList();
        Assert.HasCount(30, before);
        foreach (ScoredRow row in before)
        {
            Assert.IsTrue(row.PredictedAction.All(a => a is >= -1f and <= 1f), "predicted actions are in the policy's units");
            Assert.IsTrue(float.IsFinite(row.LogProbability) && float.IsFinite(row.Q), "the scores are finite");
            Assert.AreEqual(1.0, row.AgentScores.Sum(s => Math.Exp(s)), 1e-4, "AgentScores are log-probabilities over the agents");
        }

        // The transformer validates too, naming the column.
        SchemaDefinition sized = SchemaDefinition.Create(typeof(ObservationOnly));
        sized[TrajectoryColumns.Observation].ColumnType = new VectorDataViewType(NumberDataViewType.Single, model.ObservationSize + 1);
        IDataView wrongSize = ml.Data.LoadFromEnumerable(new[] { new ObservationOnly { Observation = new float[model.ObservationSize + 1] } }, sized);
        AssertNamesColumn(() => model.Transform(wrongSize), "'Observation'");

        // A vector of unknown size (a DataFrame's) is checked row by row, naming the row and the column.
        IDataView wrongRow = ml.Data.LoadFromEnumerable(new[] { new ObservationOnly { Observation = new float[model.ObservationSize + 1] } });
        InvalidOperationException rowError = Assert.Throws<InvalidOperationException>(
            () => ml.Data.CreateEnumerable<ScoredRow>(model.Transform(wrongRow), reuseRowObject: false, ignoreMissingColumns: true).ToList());
        StringAssert.Contains(rowError.Message, "Row 1, column 'Observation'");
        AssertNamesColumn(() => model.GetOutputSchema(noObservation.Schema), "'Observation'");

        // Save with ML.NET, load in a fresh process (ML.NET's chain and the typed model), and the same outputs bit for bit.
        string folder = Path.Combine(Path.GetTempPath(), $"mede-workout-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string path = Path.Combine(folder, "model.zip");
            ml.Model.Save(model, rows.Schema, path);
            (IDataView chain, IDataView typed) = SecondProcess.Score(ml, path, rows, folder);
            AssertSameScores(before, ml.Data.CreateEnumerable<ScoredRow>(chain, reuseRowObject: false).ToList(), "ML.NET's chain in a second process");
            AssertSameScores(before, ml.Data.CreateEnumerable<ScoredRow>(typed, reuseRowObject: false).ToList(), "the typed model in a second process");

            MedeTransformer loaded = ml.Model.LoadMedeTransformer(path, out DataViewSchema savedSchema);
            Assert.AreEqual(rows.Schema.Count, savedSchema.Count, "the input schema is saved with the model");
            Assert.AreEqual(model.NumberOfAgents, loaded.NumberOfAgents);
            Assert.AreEqual(model.Options.Algorithm, loaded.Options.Algorithm);
            AssertSameActions(model, loaded, environment);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return model;
    }

    /// <summary>The four scores of every row agree bit for bit.</summary>
    public static void AssertSameScores(List<ScoredRow> expected, List<ScoredRow> actual, string what)
    {
        Assert.HasCount(expected.Count, actual, what);
        for (int i = 0; i < expected.Count; i++)
        {
            CollectionAssert.AreEqual(expected[i].PredictedAction, actual[i].PredictedAction, $"{what}: row {i} PredictedAction");
            CollectionAssert.AreEqual(expected[i].AgentScores, actual[i].AgentScores, $"{what}: row {i} AgentScores");
            Assert.AreEqual(expected[i].LogProbability, actual[i].LogProbability, $"{what}: row {i} LogProbability");
            Assert.AreEqual(expected[i].Q, actual[i].Q, $"{what}: row {i} Q");
        }
    }

    /// <summary>Every agent's deterministic and sampled actions, and the mixture's, agree bit for bit.</summary>
    public static void AssertSameActions(MedeTransformer expected, MedeTransformer actual, Func<IEnvironment> environment)
    {
        using IEnvironment env = environment();
        var observation = new float[env.ObservationSpace.Dimension];
        env.Reset(7, observation);
        var a = new float[env.ActionSpace.Dimension];
        var b = new float[env.ActionSpace.Dimension];
        for (int k = 0; k < expected.NumberOfAgents; k++)
        {
            foreach (bool deterministic in new[] { true, false })
            {
                expected.GetPolicy(k, seed: 11).Act(observation, a, deterministic);
                actual.GetPolicy(k, seed: 11).Act(observation, b, deterministic);
                CollectionAssert.AreEqual(a, b, $"agent {k}, deterministic {deterministic}");
            }
        }

        var mixtureA = expected.GetMixturePolicy(seed: 3);
        var mixtureB = actual.GetMixturePolicy(seed: 3);
        for (int i = 0; i < 5; i++)
        {
            mixtureA.Act(observation, a, deterministic: false);
            mixtureB.Act(observation, b, deterministic: false);
            CollectionAssert.AreEqual(a, b, $"mixture call {i}");
        }
    }

    public static void AssertNamesColumn(Action action, string column)
    {
        ArgumentException e = Assert.Throws<ArgumentException>(action);
        StringAssert.Contains(e.Message, column);
    }

    public sealed class ActionOnly
    {
        public float[] Action { get; set; } = [];
    }

    public sealed class ScalarObservation
    {
        public float Observation { get; set; }
    }

    public sealed class ObservationOnly
    {
        public float[] Observation { get; set; } = [];
    }

    public sealed class LongAgent
    {
        public float[] Observation { get; set; } = [];

        public long Agent { get; set; }
    }

    public sealed class ScoredRow
    {
        public float[] Observation { get; set; } = [];

        public float[] PredictedAction { get; set; } = [];

        public float[] AgentScores { get; set; } = [];

        public float LogProbability { get; set; }

        public float Q { get; set; }
    }
}
