using Mede.ML.Algorithms;
using Mede.ML.Data;
using Mede.ML.Environments;
using Mede.ML.Neural.Distributions;
using Mede.ML.Policies;
using Mede.ML.Training;

namespace Mede.ML.Tests;

[TestClass]
public sealed class MedeTransformerTests
{
    private static MedeTransformer s_model = null!;
    private static MLContext s_ml = null!;

    [ClassInitialize]
    public static void Train(TestContext context)
    {
        s_ml = new MLContext(seed: 6);
        s_model = s_ml.Reinforcement().Trainers.Create(EstimatorWorkout.Tiny())
            .Fit(s_ml.Reinforcement().Data.FromEnvironment(s_ml.Reinforcement().Environments.MultiGoal()));
    }

    [TestMethod]
    public void Transform_ObservationsOnly_ScoresAgentZerosPredictedAction()
    {
        IDataView observations = s_ml.Data.LoadFromEnumerable(new[]
        {
            new EstimatorWorkout.ObservationOnly { Observation = [0.5f, -1f] },
            new EstimatorWorkout.ObservationOnly { Observation = [2f, 1f] },
        });

        var rows = s_ml.Data.CreateEnumerable<EstimatorWorkout.ScoredRow>(s_model.Transform(observations), reuseRowObject: false).ToList();

        var action = new float[2];
        var mapped = new float[2];
        for (int i = 0; i < rows.Count; i++)
        {
            s_model.GetPolicy(0).Act(rows[i].Observation, action, deterministic: true);
            s_model.ActionSpace.FromUnitCube(rows[i].PredictedAction, mapped);
            CollectionAssert.AreEqual(action, mapped, "PredictedAction is the policy's mode in the unit cube");
        }

        // log pi of the mode tanh(mean): eps = 0, so only -log std - log(2 pi)/2 and the tanh correction remain.
        Assert.IsTrue(rows.All(r => float.IsFinite(r.LogProbability)));
    }

    [TestMethod]
    public void Transform_RowAction_ScoresThatActionInsteadOfThePrediction()
    {
        IDataView rows = s_ml.Data.LoadFromEnumerable(new[]
        {
            new ObservationActionAgent { Observation = [0.5f, -1f], Action = [0.9f, -0.9f], Agent = 1 },
            new ObservationActionAgent { Observation = [0.5f, -1f], Action = [-0.9f, 0.9f], Agent = 1 },
        });

        var scored = s_ml.Data.CreateEnumerable<EstimatorWorkout.ScoredRow>(s_model.Transform(rows), reuseRowObject: false).ToList();

        CollectionAssert.AreEqual(scored[0].PredictedAction, scored[1].PredictedAction, "the prediction depends on the state and agent only");
        Assert.AreNotEqual(scored[0].Q, scored[1].Q);
        Assert.AreNotEqual(scored[0].LogProbability, scored[1].LogProbability);
        CollectionAssert.AreNotEqual(scored[0].AgentScores, scored[1].AgentScores);
    }

    [TestMethod]
    public void Transform_AgentOutsideTheModel_FailsWhenReadNamingRowAndColumn()
    {
        IDataView rows = s_ml.Data.LoadFromEnumerable(new[]
        {
            new ObservationActionAgent { Observation = [0f, 0f], Action = [0f, 0f], Agent = 0 },
            new ObservationActionAgent { Observation = [0f, 0f], Action = [0f, 0f], Agent = 5 },
        });
        IDataView scored = s_model.Transform(rows);

        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(
            () => s_ml.Data.CreateEnumerable<EstimatorWorkout.ScoredRow>(scored, reuseRowObject: false).ToList());

        StringAssert.Contains(e.Message, "Row 2, column 'Agent'");
    }

    [TestMethod]
    public void Transform_ActionOfAnotherSize_FailsWhenReadNamingRowAndColumn()
    {
        // float[] members make vectors of unknown size, so the size is checked row by row.
        IDataView rows = s_ml.Data.LoadFromEnumerable(new[] { new ObservationActionAgent { Observation = [0f, 0f], Action = [0f, 0f, 0f] } });

        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(
            () => s_ml.Data.CreateEnumerable<EstimatorWorkout.ScoredRow>(s_model.Transform(rows), reuseRowObject: false).ToList());

        StringAssert.Contains(e.Message, "Row 1, column 'Action'");
    }

    [TestMethod]
    public void GetOutputSchema_InputWithAScoreColumn_ReplacesIt()
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Observation", new VectorDataViewType(NumberDataViewType.Single, 2));
        builder.AddColumn("Q", NumberDataViewType.Int32);
        builder.AddColumn("Note", NumberDataViewType.Int64);

        DataViewSchema output = s_model.GetOutputSchema(builder.ToSchema());

        CollectionAssert.AreEqual(
            new[] { "Observation", "Note", "PredictedAction", "AgentScores", "LogProbability", "Q" },
            output.Select(c => c.Name).ToArray());
        Assert.AreEqual(NumberDataViewType.Single, output["Q"].Type);
    }

    [TestMethod]
    public void Transform_IsLazy_ScoresOnlyWhenAScoreIsRead()
    {
        var made = new List<Data.CountingEnvironment>();
        EnvironmentDataView rollouts = s_ml.Reinforcement().Data.FromEnvironment(
            () => { var e = new Data.CountingEnvironment(new MultiGoal()); made.Add(e); return e; }, steps: 50);

        IDataView scored = s_model.Transform(rollouts);
        Assert.AreEqual(0, made.Sum(e => e.Steps), "Transform reads nothing");
        using DataViewRowCursor cursor = scored.GetRowCursor([scored.Schema["Q"]]);
        ValueGetter<float> q = cursor.GetGetter<float>(scored.Schema["Q"]);
        Assert.IsTrue(cursor.MoveNext());
        float value = 0;
        q(ref value);

        Assert.AreEqual(1, made[^1].Steps);
        Assert.IsTrue(float.IsFinite(value));
    }

    [TestMethod]
    public void Score_LogProbability_MatchesTheSquashedGaussianOfThePolicyOutput()
    {
        float[] observation = [0.3f, 0.7f];
        float[] action = [0.2f, -0.4f];
        var predicted = new float[2];
        var scores = new float[2];

        s_model.Score(observation, 1, action, predicted, scores, out float logProbability, out _);

        // Recompute from the policy network's output (mean, log std) for agent 1's one-hot input.
        var input = Neural.Tensor.FromArray([0.3f, 0.7f, 0f, 1f], 1, 4);
        float[] output;
        using (Neural.Autograd.Tape.Scope())
        using (Neural.Tensor.NoGrad())
        {
            output = s_model.Networks.ActorOf(1).Network.Forward(input).ToArray();
        }

        double expected = SquashedGaussian.LogProbability(output.AsSpan(0, 2), output.AsSpan(2, 2), action);
        Assert.AreEqual((float)expected, logProbability);
    }

    [TestMethod]
    public void GetPolicy_AgentOutsideTheModel_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => s_model.GetPolicy(2));
    }

    [TestMethod]
    public void GetMixturePolicy_ManyCalls_DrawsAgentsFromTheStateDiscriminatorWithoutAllocating()
    {
        IPolicy mixture = s_model.GetMixturePolicy(seed: 1);
        float[] observation = [0f, 0f];
        var action = new float[2];
        mixture.Act(observation, action, deterministic: false); // warm up the tape's buffers
        var seen = new HashSet<int>();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            mixture.Act(observation, action, deterministic: false);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        for (int i = 0; i < 200; i++)
        {
            mixture.Act(observation, action, deterministic: false);
            seen.Add(((MixturePolicy)mixture).LastAgent);
            Assert.IsTrue(action.All(a => a is >= -1f and <= 1f));
        }

        Assert.AreEqual(0L, allocated, "the mixture policy allocates nothing per call");
        Assert.HasCount(2, seen, "an untrained discriminator gives both agents a share");
    }

    [TestMethod]
    public void GetMixturePolicy_Deterministic_TakesTheMostLikelyAgentsMode()
    {
        IPolicy mixture = s_model.GetMixturePolicy();
        float[] observation = [1f, -2f];
        var action = new float[2];
        var expected = new float[2];

        mixture.Act(observation, action, deterministic: true);

        s_model.GetPolicy(((MixturePolicy)mixture).LastAgent).Act(observation, expected, deterministic: true);
        CollectionAssert.AreEqual(expected, action);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    public void EvaluateQ_BatchOfActions_AgreesWithTheQColumnOfTransform(int agent)
    {
        AssertEvaluateQAgreesWithTransform(s_model, agent);
    }

    [TestMethod]
    [DataRow(ReinforcementAlgorithm.Sac, NetworkMode.Shared, 1)]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Separate, 2)]
    public void EvaluateQ_UntrainedModelWithoutOneHotInput_AgreesWithTransform(ReinforcementAlgorithm algorithm, NetworkMode mode, int agents)
    {
        TrainingConfiguration options = EstimatorWorkout.Tiny(algorithm, mode);
        var model = new MedeTransformer(options, 2, 2, [-1f, -1f], [1f, 1f]);

        AssertEvaluateQAgreesWithTransform(model, agents - 1);
    }

    [TestMethod]
    public void QGrid_Resolution_RowIsYAndColumnIsXOverTheUnitSquare()
    {
        float[] observation = [1.5f, -0.5f];

        float[,] grid = s_model.QGrid(1, observation, 5);

        Assert.AreEqual(5, grid.GetLength(0));
        Assert.AreEqual(5, grid.GetLength(1));
        var q = new float[1];
        foreach (var (row, column, x, y) in new[] { (0, 0, -1f, -1f), (0, 4, 1f, -1f), (4, 0, -1f, 1f), (1, 3, 0.5f, -0.5f) })
        {
            s_model.EvaluateQ(1, observation, [x, y], q);
            Assert.AreEqual(q[0], grid[row, column], 1e-5f * Math.Max(1f, Math.Abs(q[0])), $"grid[{row}, {column}] is Q at action ({x}, {y})");
        }
    }

    [TestMethod]
    public void EvaluateQ_BadArguments_ThrowNamingTheProblem()
    {
        var q = new float[2];
        float[] observation = [0f, 0f];
        float[] actions = [0f, 0f, 0.5f, 0.5f];

        var agent = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => s_model.EvaluateQ(2, observation, actions, q));
        Assert.AreEqual("agent", agent.ParamName);
        var shortObservation = Assert.ThrowsExactly<ArgumentException>(() => s_model.EvaluateQ(0, [0f], actions, q));
        Assert.AreEqual("observation", shortObservation.ParamName);
        StringAssert.Contains(shortObservation.Message, "ObservationSize");
        var ragged = Assert.ThrowsExactly<ArgumentException>(() => s_model.EvaluateQ(0, observation, [0f, 0f, 0.5f], q));
        Assert.AreEqual("actions", ragged.ParamName);
        var output = Assert.ThrowsExactly<ArgumentException>(() => s_model.EvaluateQ(0, observation, actions, new float[3]));
        Assert.AreEqual("q", output.ParamName);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => s_model.QGrid(0, observation, 1));
        s_model.EvaluateQ(0, observation, [], []); // no actions, nothing to do
    }

    [TestMethod]
    public void QGrid_ActionSizeNotTwo_ThrowsNamingActionSize()
    {
        var model = new MedeTransformer(EstimatorWorkout.Tiny(), 2, 3, [-1f, -1f, -1f], [1f, 1f, 1f]);

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => model.QGrid(0, [0f, 0f], 5));

        StringAssert.Contains(e.Message, "ActionSize is 3");
    }

    [TestMethod]
    public void FromCheckpoint_FinishedFit_HasTheFittedNetworks()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mede-transformer-checkpoint-" + Guid.NewGuid().ToString("N"));
        try
        {
            var ml = new MLContext();
            TrainingConfiguration options = EstimatorWorkout.Tiny();
            options.TotalSteps = 100;
            options.CheckpointDirectory = folder;
            MedeTransformer fitted = ml.Reinforcement().Trainers.Create(options).Fit(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal()));

            MedeTransformer loaded = MedeTransformer.FromCheckpoint(folder, ml.Reinforcement().Environments.MultiGoal());

            Assert.AreEqual(fitted.NumberOfAgents, loaded.NumberOfAgents);
            Assert.AreEqual(options.Algorithm, loaded.Options.Algorithm);
            float[] observation = [0.3f, -0.2f];
            for (int agent = 0; agent < 2; agent++)
            {
                float[] a = new float[2], b = new float[2];
                fitted.GetPolicy(agent).Act(observation, a, deterministic: true);
                loaded.GetPolicy(agent).Act(observation, b, deterministic: true);
                CollectionAssert.AreEqual(a, b, $"agent {agent}");
                CollectionAssert.AreEqual(fitted.QGrid(agent, observation, 3), loaded.QGrid(agent, observation, 3), $"Q of agent {agent}");
            }
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
    public void FromCheckpoint_NoCheckpoint_ThrowsInvalidDataNamingTheFolder()
    {
        string missing = Path.Combine(Path.GetTempPath(), "mede-no-such-" + Guid.NewGuid().ToString("N"));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => MedeTransformer.FromCheckpoint(missing, s_ml.Reinforcement().Environments.MultiGoal()));
        StringAssert.Contains(error.Message, missing);

        Directory.CreateDirectory(missing);
        try
        {
            error = Assert.ThrowsExactly<InvalidDataException>(() => MedeTransformer.FromCheckpoint(missing, s_ml.Reinforcement().Environments.MultiGoal()));
            StringAssert.Contains(error.Message, "No complete checkpoint");
        }
        finally
        {
            Directory.Delete(missing);
        }
    }

    private static void AssertEvaluateQAgreesWithTransform(MedeTransformer model, int agent)
    {
        float[] observation = [0.5f, 2.5f];
        float[][] actions = [[0.9f, -0.9f], [-0.9f, 0.9f], [0f, 0f], [0.3f, 0.7f], [-1f, 1f]];
        IDataView rows = s_ml.Data.LoadFromEnumerable(actions.Select(a => new ObservationActionAgent { Observation = observation, Action = a, Agent = agent }));
        var expected = s_ml.Data.CreateEnumerable<EstimatorWorkout.ScoredRow>(model.Transform(rows), reuseRowObject: false).Select(r => r.Q).ToArray();

        var q = new float[actions.Length];
        model.EvaluateQ(agent, observation, actions.SelectMany(a => a).ToArray(), q);

        for (int i = 0; i < q.Length; i++)
        {
            Assert.AreEqual(expected[i], q[i], 1e-5f * Math.Max(1f, Math.Abs(expected[i])), $"action {i}");
        }

        Assert.AreNotEqual(q[0], q[1], "different actions, different values");
    }

    public sealed class ObservationActionAgent
    {
        public float[] Observation { get; set; } = [];

        public float[] Action { get; set; } = [];

        public int Agent { get; set; }
    }
}
