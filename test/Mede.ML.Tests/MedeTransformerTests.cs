using Mede.ML.Data;
using Mede.ML.Environments;
using Mede.ML.Neural.Distributions;
using Mede.ML.Policies;

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
        s_model = s_ml.Reinforcement().Trainers.Mede(EstimatorWorkout.Tiny())
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

        var rows = s_ml.Data.CreateEnumerable<EstimatorWorkout.ScoredRow>(s_model.Transform(observations)).ToList();

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

        var scored = s_ml.Data.CreateEnumerable<EstimatorWorkout.ScoredRow>(s_model.Transform(rows)).ToList();

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
            () => s_ml.Data.CreateEnumerable<EstimatorWorkout.ScoredRow>(scored).ToList());

        StringAssert.Contains(e.Message, "Row 2, column 'Agent'");
    }

    [TestMethod]
    public void Transform_ActionOfAnotherSize_FailsNamingTheColumn()
    {
        IDataView rows = s_ml.Data.LoadFromEnumerable(new[] { new ObservationActionAgent { Observation = [0f, 0f], Action = [0f, 0f, 0f] } });

        EstimatorWorkout.AssertNamesColumn(() => s_model.Transform(rows), "'Action'");
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
            output = s_model.LearnerOf(1).Policy.Forward(input).ToArray();
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

    public sealed class ObservationActionAgent
    {
        public float[] Observation { get; set; } = [];

        public float[] Action { get; set; } = [];

        public int Agent { get; set; }
    }
}
