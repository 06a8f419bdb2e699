using Mede.ML.Analysis;
using Mede.ML.Data;
using Mede.ML.Persistence;
using Mede.ML.Training;
using Microsoft.Data.Analysis;

namespace Mede.ML.Tests;

/// <summary>
/// <see cref="MedeTransformer"/> among ML.NET's own transforms: fed from <c>ml.Data.LoadFromTextFile</c> and from a
/// <c>DataFrame</c>, with <c>Concatenate</c> before it and <c>CopyColumns</c> and <c>NormalizeMinMax</c> after it; in a
/// prediction engine; and trainers fitting on views of those sources.
/// </summary>
[TestClass]
public sealed class MedeTransformerChainTests
{
    private static MLContext s_ml = null!;
    private static MedeTransformer s_model = null!;
    private static TrajectoryDataView s_rows = null!;
    private static List<EstimatorWorkout.ScoredRow> s_expected = null!;
    private string _folder = string.Empty;

    [ClassInitialize]
    public static void Train(TestContext context)
    {
        s_ml = new MLContext(seed: 8);
        s_model = s_ml.Reinforcement().Trainers.Create(EstimatorWorkout.Tiny())
            .Fit(s_ml.Reinforcement().Data.FromEnvironment(s_ml.Reinforcement().Environments.MultiGoal()));
        s_rows = s_ml.Reinforcement().Data.LoadTrajectories(
            s_ml.Reinforcement().Data.FromEnvironment(s_ml.Reinforcement().Environments.MultiGoal(), behaviour: s_model.GetPolicy(1, seed: 3), steps: 40, episodes: 5));
        s_expected = s_ml.Data.CreateEnumerable<EstimatorWorkout.ScoredRow>(s_model.Transform(s_rows), reuseRowObject: false).ToList();
    }

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "mede-chain-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void Chain_FromLoadFromTextFile_ScoresEveryRowAsTheModelAloneAndComposes()
    {
        IDataView text = LoadText(WriteCsv());

        ITransformer chain = Chain(text, "Observation.0", "Observation.1");
        IDataView scored = chain.Transform(text);

        AssertScoredLikeTheModel(scored);
    }

    [TestMethod]
    public void Chain_FromADataFrame_ScoresEveryRowAsTheModelAloneAndComposes()
    {
        DataFrame frame = s_rows.ToFlatDataFrame();

        ITransformer chain = Chain(frame, "Observation.0", "Observation.1", "Action.0", "Action.1");
        IDataView scored = chain.Transform(frame);

        AssertScoredLikeTheModel(scored);
    }

    [TestMethod]
    public void Chain_SavedWithMLNet_LoadsAndScoresTheSameRows()
    {
        IDataView text = LoadText(WriteCsv());
        ITransformer chain = Chain(text, "Observation.0", "Observation.1");
        string path = Path.Combine(_folder, "chain.zip");

        s_ml.Model.Save(chain, text.Schema, path);
        ITransformer loaded = s_ml.Model.Load(path, out DataViewSchema inputSchema);

        Assert.AreEqual(text.Schema.Count, inputSchema.Count);
        AssertScoredLikeTheModel(loaded.Transform(text));
        EstimatorWorkout.AssertSameActions(s_model, s_ml.Model.LoadMedeTransformer(path), s_ml.Reinforcement().Environments.MultiGoal());
    }

    [TestMethod]
    public void CreatePredictionEngine_OneObservationAtATime_ScoresEachAsTheModel()
    {
        PredictionEngine<EstimatorWorkout.ObservationOnly, EstimatorWorkout.ScoredRow> engine =
            s_ml.Model.CreatePredictionEngine<EstimatorWorkout.ObservationOnly, EstimatorWorkout.ScoredRow>(s_model);

        foreach (float[] observation in new[] { new[] { 0.5f, -1f }, new[] { 2f, 1f }, new[] { 0.5f, -1f } })
        {
            EstimatorWorkout.ScoredRow row = engine.Predict(new EstimatorWorkout.ObservationOnly { Observation = observation });

            var predicted = new float[s_model.ActionSize];
            var scores = new float[s_model.NumberOfAgents];
            s_model.Score(observation, 0, default, predicted, scores, out float logProbability, out float q);
            CollectionAssert.AreEqual(predicted, row.PredictedAction, $"observation ({observation[0]}, {observation[1]})");
            CollectionAssert.AreEqual(scores, row.AgentScores);
            Assert.AreEqual(logProbability, row.LogProbability);
            Assert.AreEqual(q, row.Q);
        }
    }

    [TestMethod]
    public void Fit_RecordedRowsFromLoadFromTextFile_PrefillTheReplayBuffer()
    {
        IDataView text = LoadText(WriteCsv());
        IDataView trajectories = s_ml.Transforms.Concatenate(TrajectoryColumns.Observation, "Observation.0", "Observation.1")
            .Append(s_ml.Transforms.Concatenate(TrajectoryColumns.NextObservation, "NextObservation.0", "NextObservation.1"))
            .Fit(text).Transform(text);
        MedeTrainer trainer = OnlineAfterPrefill();

        trainer.Fit(trajectories);

        Assert.AreEqual(s_rows.RowCount + 20L, trainer.LastFit!.Value.ReplayAdded.Single());
    }

    [TestMethod]
    public void Fit_RecordedRowsFromADataFrame_PrefillTheReplayBuffer()
    {
        DataFrame frame = s_rows.ToFlatDataFrame();
        IDataView trajectories = s_ml.Transforms.Concatenate(TrajectoryColumns.Observation, "Observation.0", "Observation.1")
            .Append(s_ml.Transforms.Concatenate(TrajectoryColumns.Action, "Action.0", "Action.1"))
            .Append(s_ml.Transforms.Concatenate(TrajectoryColumns.NextObservation, "NextObservation.0", "NextObservation.1"))
            .Fit(frame).Transform(frame);
        MedeTrainer trainer = OnlineAfterPrefill();

        trainer.Fit(trajectories);

        Assert.AreEqual(s_rows.RowCount + 20L, trainer.LastFit!.Value.ReplayAdded.Single());
    }

    [TestMethod]
    public void Fit_RecordedRowsFromLoadFromEnumerable_PrefillTheReplayBuffer()
    {
        IDataView records = s_ml.Data.LoadFromEnumerable(Records());
        MedeTrainer trainer = OnlineAfterPrefill();

        trainer.Fit(records);

        Assert.AreEqual(s_rows.RowCount + 20L, trainer.LastFit!.Value.ReplayAdded.Single());
    }

    [TestMethod]
    [DataRow("Reward", "Single")]
    [DataRow("Terminated", "Boolean")]
    [DataRow("Episode", "Int64")]
    public void Fit_MistypedColumn_FailsNamingTheColumnAndTheTypeItNeeds(string column, string type)
    {
        IDataView records = s_ml.Data.LoadFromEnumerable(Records());
        IDataView mistyped = s_ml.Transforms.Conversion.ConvertType(column, column, Microsoft.ML.Data.DataKind.Double).Fit(records).Transform(records);

        ArgumentException e = Assert.Throws<ArgumentException>(() => OnlineAfterPrefill().Fit(mistyped));

        StringAssert.Contains(e.Message, $"'{column}'");
        StringAssert.Contains(e.Message, type);
    }

    private static MedeTrainer OnlineAfterPrefill()
    {
        MedeTrainer.Options options = EstimatorWorkout.Tiny(new MedeTrainer.Options());
        options.Environment = "multigoal";
        options.WarmupSteps = 0;
        options.TotalSteps = 20;
        return s_ml.Reinforcement().Trainers.Mede(options, EstimatorWorkout.TinyRun());
    }

    /// <summary>Concatenate the observation slots (and the action slots, when given), score with Mede, copy AgentScores,
    /// normalise PredictedAction.</summary>
    private static ITransformer Chain(IDataView data, string observation0, string observation1, string? action0 = null, string? action1 = null)
    {
        IEstimator<ITransformer> join = s_ml.Transforms.Concatenate(TrajectoryColumns.Observation, observation0, observation1);
        if (action0 is not null)
        {
            join = join.Append(s_ml.Transforms.Concatenate(TrajectoryColumns.Action, action0, action1!));
        }

        ITransformer concatenate = join.Fit(data);
        IDataView scored = s_model.Transform(concatenate.Transform(data));
        ITransformer after = s_ml.Transforms.CopyColumns("Scores", ScoreColumns.AgentScores)
            .Append(s_ml.Transforms.NormalizeMinMax("ScaledAction", ScoreColumns.PredictedAction, fixZero: false))
            .Fit(scored);
        return new TransformerChain<ITransformer>(concatenate, s_model, after);
    }

    private static void AssertScoredLikeTheModel(IDataView scored)
    {
        List<ChainRow> rows = s_ml.Data.CreateEnumerable<ChainRow>(scored, reuseRowObject: false, ignoreMissingColumns: true).ToList();
        Assert.HasCount(s_expected.Count, rows);
        for (int i = 0; i < rows.Count; i++)
        {
            CollectionAssert.AreEqual(s_expected[i].PredictedAction, rows[i].PredictedAction, $"row {i} PredictedAction");
            CollectionAssert.AreEqual(s_expected[i].AgentScores, rows[i].AgentScores, $"row {i} AgentScores");
            CollectionAssert.AreEqual(rows[i].AgentScores, rows[i].Scores, $"row {i}: CopyColumns after Mede");
            Assert.AreEqual(s_expected[i].LogProbability, rows[i].LogProbability, $"row {i} LogProbability");
            Assert.AreEqual(s_expected[i].Q, rows[i].Q, $"row {i} Q");
            Assert.IsTrue(rows[i].ScaledAction.All(a => a is >= -1e-6f and <= 1f + 1e-6f), $"row {i}: the normaliser after Mede scales into [0, 1]");
        }
    }

    private string WriteCsv()
    {
        string path = Path.Combine(_folder, "rows.csv");
        s_rows.SaveFlatCsv(path);
        return path;
    }

    /// <summary>The flat CSV (Observation.0, Observation.1, Action.0, Action.1, Reward, NextObservation.0,
    /// NextObservation.1, Terminated, Truncated, Agent, Episode, Step) through ML.NET's text loader.</summary>
    private static IDataView LoadText(string path) => s_ml.Data.LoadFromTextFile(path,
    [
        new TextLoader.Column("Observation.0", DataKind.Single, 0),
        new TextLoader.Column("Observation.1", DataKind.Single, 1),
        new TextLoader.Column(TrajectoryColumns.Action, DataKind.Single, 2, 3),
        new TextLoader.Column(TrajectoryColumns.Reward, DataKind.Single, 4),
        new TextLoader.Column("NextObservation.0", DataKind.Single, 5),
        new TextLoader.Column("NextObservation.1", DataKind.Single, 6),
        new TextLoader.Column(TrajectoryColumns.Terminated, DataKind.Boolean, 7),
        new TextLoader.Column(TrajectoryColumns.Truncated, DataKind.Boolean, 8),
        new TextLoader.Column(TrajectoryColumns.Agent, DataKind.Int32, 9),
        new TextLoader.Column(TrajectoryColumns.Episode, DataKind.Int64, 10),
        new TextLoader.Column(TrajectoryColumns.Step, DataKind.Int32, 11),
    ], separatorChar: ',', hasHeader: true);

    private static List<MultiGoalRecord> Records()
    {
        var records = new List<MultiGoalRecord>();
        for (int i = 0; i < s_rows.RowCount; i++)
        {
            records.Add(new MultiGoalRecord
            {
                Observation = s_rows.GetObservation(i).ToArray(),
                Action = s_rows.GetAction(i).ToArray(),
                Reward = s_rows.Rewards[i],
                NextObservation = s_rows.GetNextObservation(i).ToArray(),
                Terminated = s_rows.Terminated[i],
                Truncated = s_rows.Truncated[i],
                Agent = s_rows.Agents[i],
                Episode = s_rows.Episodes[i],
                Step = s_rows.Steps[i],
            });
        }

        return records;
    }

    public sealed class MultiGoalRecord
    {
        [VectorType(2)]
        public float[] Observation { get; set; } = [];

        [VectorType(2)]
        public float[] Action { get; set; } = [];

        public float Reward { get; set; }

        [VectorType(2)]
        public float[] NextObservation { get; set; } = [];

        public bool Terminated { get; set; }

        public bool Truncated { get; set; }

        public int Agent { get; set; }

        public long Episode { get; set; }

        public int Step { get; set; }
    }

    public sealed class ChainRow
    {
        public float[] PredictedAction { get; set; } = [];

        public float[] AgentScores { get; set; } = [];

        public float[] Scores { get; set; } = [];

        public float[] ScaledAction { get; set; } = [];

        public float LogProbability { get; set; }

        public float Q { get; set; }
    }
}
