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
        // A point mass that travels: one agent pushes east, one north, one west; the evaluation reads each episode's
        // displacement when it ends (before the vector resets the copy).
        IPolicy[] policies = [new Constant(1, 0), new Constant(0, 1), new Constant(-1, 0.5f)];
        EvaluationReport report = Evaluator.Evaluate(policies, () => new PointMass(), episodes: 3);

        AgentTravel[] travel = [.. report.Agents.Select(a => a.Travel!)];
        Assert.AreEqual(0, travel[0].Heading, 1e-6);
        Assert.AreEqual(90, travel[1].Heading, 1e-6);
        Assert.AreEqual(180 - (Math.Atan(0.5) * 180 / Math.PI), travel[2].Heading, 1e-6);
        Assert.AreEqual(1, travel[0].Distance, 1e-6, "ten steps of 0.1 m");
        Assert.AreEqual(Math.Sqrt(1.25), travel[2].Distance, 1e-6);
        Assert.IsTrue(travel.All(t => Math.Abs(t.Consistency - 1) < 1e-9), "every episode the same way");
        Assert.IsNull(Evaluator.Evaluate([new Constant(1, 0)], () => new MultiGoal(), episodes: 1).Agents[0].Travel, "MultiGoal does not travel");
    }

    private sealed class Constant(float x, float y) : IPolicy
    {
        public int ObservationSize => 2;

        public int ActionSize => 2;

        public void Act(ReadOnlySpan<float> observation, Span<float> action, bool deterministic) => (action[0], action[1]) = (x, y);
    }

    /// <summary>A point that moves 0.1 m per unit of action each step, for ten steps an episode, from the origin.</summary>
    private sealed class PointMass() : EnvironmentBase("point", Box.Uniform(2, -100f, 100f), Box.Uniform(2, -1f, 1f), maxEpisodeSteps: 10, rewardTermNames: ["none"]), ITravelEnvironment
    {
        private float _x, _y;

        public (double X, double Y) Travelled => (_x, _y);

        protected override void ResetCore(Span<float> observation) => (_x, _y, observation[0], observation[1]) = (0, 0, 0, 0);

        protected override bool StepCore(ReadOnlySpan<float> action, Span<float> observation, Span<float> rewardTerms)
        {
            (_x, _y) = (_x + (0.1f * action[0]), _y + (0.1f * action[1]));
            (observation[0], observation[1], rewardTerms[0]) = (_x, _y, 0);
            return false;
        }
    }
}
