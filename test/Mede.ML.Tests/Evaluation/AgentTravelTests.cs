using Mede.ML.Environments;
using Mede.ML.Environments.Spaces;
using Mede.ML.Evaluation;
using Mede.ML.Policies;

namespace Mede.ML.Tests.Evaluation;

[TestClass]
public sealed class AgentTravelTests
{
    [TestMethod]
    public void From_EpisodesOneWay_HeadingThatWayFullyConsistent()
    {
        AgentTravel travel = AgentTravel.From([(0, 2), (0, 4), (double.NaN, 1)])!;
        Assert.AreEqual(90, travel.Heading, 1e-9);
        Assert.AreEqual(1, travel.Consistency, 1e-12);
        Assert.AreEqual(3, travel.Distance, 1e-12, "the mean of 2 and 4; a NaN episode (a restored state) is left out");
        Assert.AreEqual("90° (1.00)", travel.HeadingText);
        Assert.AreEqual(225, AgentTravel.From([(-1, -1)])!.Heading, 1e-9, "headings run counter-clockwise from +x in [0, 360)");
    }

    [TestMethod]
    public void From_EpisodesOppositeWays_NoConsistency()
    {
        AgentTravel travel = AgentTravel.From([(3, 0), (-1, 0)])!;
        Assert.AreEqual(0, travel.Consistency, 1e-12, "as many episodes east as west: no direction");
        Assert.AreEqual(2, travel.Distance, 1e-12);
        Assert.IsNull(AgentTravel.From([]));
        Assert.IsNull(AgentTravel.From([(double.NaN, double.NaN)]));
    }

    [TestMethod]
    public void ClosestHeadings_AcrossZero_TheSmallerAngle()
    {
        AgentTravel At(double heading) => new(1, heading, 1);
        Assert.AreEqual(20, AgentTravel.ClosestHeadings([At(350), At(10), At(180)])!.Value, 1e-9);
        Assert.AreEqual(90, AgentTravel.ClosestHeadings([At(0), At(90), At(180), At(270)])!.Value, 1e-9);
        Assert.IsNull(AgentTravel.ClosestHeadings([At(0)]));
    }

    [TestMethod]
    public void Evaluate_AgentsPushingDifferentWays_EachAgentsHeading()
    {
        // MultiGoal's point mass as a travelling body: one agent pushes east, one north, one west; the evaluation
        // reads each episode's displacement when it ends (before the vector resets the copy).
        IPolicy[] policies = [new Constant(1, 0), new Constant(0, 1), new Constant(-1, 0)];
        EvaluationReport report = Evaluator.Evaluate(policies, () => new Travelling(new MultiGoal()), episodes: 4);

        double[] headings = [.. report.Agents.Select(a => a.Travel!.Heading)];
        Assert.AreEqual(0, Math.Min(headings[0], 360 - headings[0]), 5, $"east: {headings[0]:F1}");
        Assert.AreEqual(90, headings[1], 5);
        Assert.AreEqual(180, headings[2], 5);
        Assert.IsTrue(report.Agents.All(a => a.Travel!.Consistency > 0.99 && a.Travel.Distance > 1), string.Join(", ", report.Agents.Select(a => a.Travel)));
        Assert.IsNull(Evaluator.Evaluate(policies, () => new MultiGoal(), episodes: 1).Agents[0].Travel, "MultiGoal alone does not travel");
    }

    private sealed class Constant(float x, float y) : IPolicy
    {
        public int ObservationSize => 2;

        public int ActionSize => 2;

        public void Act(ReadOnlySpan<float> observation, Span<float> action, bool deterministic) => (action[0], action[1]) = (x, y);
    }

    /// <summary>An environment whose observation is its position, as a body that travels.</summary>
    private sealed class Travelling(IEnvironment inner) : ITravelEnvironment
    {
        private readonly float[] _start = new float[2], _now = new float[2];

        public (double X, double Y) Travelled => (_now[0] - _start[0], _now[1] - _start[1]);

        public string Name => inner.Name;

        public Box ObservationSpace => inner.ObservationSpace;

        public Box ActionSpace => inner.ActionSpace;

        public int MaxEpisodeSteps => inner.MaxEpisodeSteps;

        public int ElapsedSteps => inner.ElapsedSteps;

        public IReadOnlyList<string> RewardTermNames => inner.RewardTermNames;

        public ReadOnlySpan<float> RewardTerms => inner.RewardTerms;

        public void Reset(ulong? seed, Span<float> observation)
        {
            inner.Reset(seed, observation);
            observation[..2].CopyTo(_start);
            observation[..2].CopyTo(_now);
        }

        public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            StepResult result = inner.Step(action, observation);
            observation[..2].CopyTo(_now);
            return result;
        }

        public void SaveState(BinaryWriter writer) => inner.SaveState(writer);

        public void LoadState(BinaryReader reader) => inner.LoadState(reader);

        public void Dispose() => inner.Dispose();
    }
}
