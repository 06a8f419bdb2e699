using Mede.ML.Algorithms;
using Mede.ML.Data;
using Mede.ML.Environments;

namespace Mede.ML.Tests;

/// <summary>
/// The estimator workout (STYLE.md) every trainer goes through: schema validation (missing and mistyped columns
/// fail naming the column), fit, transform, save, load, and identical outputs after load.
/// </summary>
internal static class EstimatorWorkout
{
    /// <summary>A budget that fits in well under a second.</summary>
    public static MedeTrainer.Options Tiny(ReinforcementAlgorithm algorithm = ReinforcementAlgorithm.Mede, NetworkMode mode = NetworkMode.Shared) => new()
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

    /// <summary>Runs the workout and returns the fitted model.</summary>
    public static MedeTransformer Run(MLContext ml, MedeTrainer trainer, Func<IEnvironment> environment, int agents)
    {
        // Schema validation, before any training.
        IDataView noObservation = ml.Data.LoadFromEnumerable(new[] { new ActionOnly { Action = [0f, 0f] } });
        AssertNamesColumn(() => trainer.GetOutputSchema(SchemaShape.Create(noObservation.Schema)), "'Observation'");
        AssertNamesColumn(() => trainer.Fit(noObservation), "'Observation'");
        IDataView scalarObservation = ml.Data.LoadFromEnumerable(new[] { new ScalarObservation { Observation = 1f } });
        AssertNamesColumn(() => trainer.GetOutputSchema(SchemaShape.Create(scalarObservation.Schema)), "'Observation'");
        IDataView longAgent = ml.Data.LoadFromEnumerable(new[] { new LongAgent { Observation = [0f, 0f], Agent = 1 } });
        AssertNamesColumn(() => trainer.GetOutputSchema(SchemaShape.Create(longAgent.Schema)), "'Agent'");

        // Fit online on an environment adapter.
        EnvironmentDataView adapter = ml.Reinforcement().Data.FromEnvironment(environment, steps: 30);
        SchemaShape output = trainer.GetOutputSchema(SchemaShape.Create(adapter.Schema));
        foreach (string name in new[] { ScoreColumns.PredictedAction, ScoreColumns.AgentScores, ScoreColumns.LogProbability, ScoreColumns.Q })
        {
            Assert.IsTrue(output.TryFindColumn(name, out _), $"the output shape has {name}");
        }

        MedeTransformer model = trainer.Fit(adapter);
        Assert.AreEqual(agents, model.NumberOfAgents);

        // Transform: every row gets its four scores, with the sizes the schema promises.
        IDataView rows = ml.Reinforcement().Data.LoadTrajectories(adapter);
        IDataView scored = model.Transform(rows);
        Assert.AreEqual(model.ActionSize, ((VectorDataViewType)scored.Schema[ScoreColumns.PredictedAction].Type).Size);
        Assert.AreEqual(agents, ((VectorDataViewType)scored.Schema[ScoreColumns.AgentScores].Type).Size);
        List<ScoredRow> before = ml.Data.CreateEnumerable<ScoredRow>(scored).ToList();
        Assert.HasCount(30, before);
        foreach (ScoredRow row in before)
        {
            Assert.IsTrue(row.PredictedAction.All(a => a is >= -1f and <= 1f), "predicted actions are in the policy's units");
            Assert.IsTrue(float.IsFinite(row.LogProbability) && float.IsFinite(row.Q), "the scores are finite");
            Assert.AreEqual(1.0, row.AgentScores.Sum(s => Math.Exp(s)), 1e-4, "AgentScores are log-probabilities over the agents");
        }

        // The transformer validates too, naming the column.
        IDataView wrongSize = ml.Data.LoadFromEnumerable(new[] { new ObservationOnly { Observation = new float[model.ObservationSize + 1] } });
        AssertNamesColumn(() => model.Transform(wrongSize), "'Observation'");
        AssertNamesColumn(() => model.GetOutputSchema(noObservation.Schema), "'Observation'");

        // Save, load, and the same outputs bit for bit.
        string path = Path.Combine(Path.GetTempPath(), $"mede-workout-{Guid.NewGuid():N}.mede.zip");
        try
        {
            ml.Model.Save(model, path);
            MedeTransformer loaded = ml.Model.Load(path);
            Assert.AreEqual(model.NumberOfAgents, loaded.NumberOfAgents);
            Assert.AreEqual(model.Options.Algorithm, loaded.Options.Algorithm);
            List<ScoredRow> after = ml.Data.CreateEnumerable<ScoredRow>(loaded.Transform(rows)).ToList();
            for (int i = 0; i < before.Count; i++)
            {
                CollectionAssert.AreEqual(before[i].PredictedAction, after[i].PredictedAction, $"row {i} PredictedAction");
                CollectionAssert.AreEqual(before[i].AgentScores, after[i].AgentScores, $"row {i} AgentScores");
                Assert.AreEqual(before[i].LogProbability, after[i].LogProbability, $"row {i} LogProbability");
                Assert.AreEqual(before[i].Q, after[i].Q, $"row {i} Q");
            }

            AssertSameActions(model, loaded, environment);
        }
        finally
        {
            File.Delete(path);
        }

        return model;
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
