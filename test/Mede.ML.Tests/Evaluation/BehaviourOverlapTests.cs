using Mede.ML.Environments;
using Mede.ML.Environments.Spaces;
using Mede.ML.Evaluation;
using Mede.ML.Networks;
using Mede.ML.Neural;
using Mede.ML.Policies;

namespace Mede.ML.Tests.Evaluation;

[TestClass]
public sealed class BehaviourOverlapTests
{
    [TestMethod]
    public void Measure_TwoAgentsFromOneDistribution_IsNearOne()
    {
        var random = new Random(3);
        var overlap = BehaviourOverlap.Measure([Walks(random, 0, 0), Walks(random, 0, 0)])!;
        // Measured over seeds 0-19 of this set-up: 0.96 to 1 (the estimate is capped at 1).
        Assert.IsGreaterThan(0.85, overlap[0, 1]);
        Assert.AreEqual(overlap[0, 1], overlap[1, 0]);
        Assert.AreEqual(1, overlap[0, 0]);
    }

    [TestMethod]
    public void Measure_AgentsFarApart_IsZero()
    {
        var random = new Random(3);
        var overlap = BehaviourOverlap.Measure([Walks(random, 0, 0), Walks(random, 50, 0), Walks(random, 0, 50)])!;
        Assert.AreEqual(0, overlap[0, 1]);
        Assert.AreEqual(0, overlap[1, 2]);
        Assert.AreEqual(0, overlap.MeanOverlap);
    }

    [TestMethod]
    public void Measure_TwoAgentsShareAGoalAndOneGoesAlone_RanksTheirOverlaps()
    {
        // Agents 0 and 1 walk around one point, agent 2 around another that half its walks share with them.
        var random = new Random(5);
        var shared = Walks(random, 0, 0);
        var alsoShared = Walks(random, 0, 0);
        var half = Walks(random, 0, 0).Take(10).Concat(Walks(random, 40, 40).Take(10)).ToList();
        var overlap = BehaviourOverlap.Measure([shared, alsoShared, half])!;
        Assert.IsGreaterThan(0.85, overlap.ClosestOverlap(0));
        Assert.IsGreaterThan(0.85, overlap[0, 1]);
        Assert.IsTrue(overlap[0, 2] is > 0.2 and < 0.8, $"half-shared overlap {overlap[0, 2]:F2}");
    }

    [TestMethod]
    public void Measure_StatesOfOneEpisodeAreCloseToEachOther_StillCallsCopiesTheSame()
    {
        // Each episode is a tight cluster at its own random place: without skipping the state's own episode, every
        // state's neighbour would be its own agent's and two copies of one policy would look disjoint.
        var random = new Random(11);
        IReadOnlyList<float[][]> Clusters() => [.. Enumerable.Range(0, 20).Select(_ =>
        {
            double x = random.NextDouble() * 10, y = random.NextDouble() * 10;
            return Enumerable.Range(0, 30).Select(_ => new[] { (float)(x + (0.01 * random.NextDouble())), (float)(y + (0.01 * random.NextDouble())) }).ToArray();
        })];
        var overlap = BehaviourOverlap.Measure([Clusters(), Clusters()])!;
        Assert.IsGreaterThan(0.7, overlap[0, 1]);
    }

    [TestMethod]
    public void Measure_SamePlacesAtOtherTimes_OverlapOnceTheTimeLeftIsLeftOut()
    {
        // Both agents walk around one point; agent 0 in the first half of the horizon, agent 1 in the second. The time
        // left tells them apart; where they go does not.
        var random = new Random(5);
        float[][][] Timed(double from) => [.. Walks(random, 0, 0).Select(walk => walk.Select((s, t) => new[] { s[0], s[1], (float)(from - (t / 60.0)) }).ToArray())];
        IReadOnlyList<IReadOnlyList<float[][]>> agents = [Timed(1.0), Timed(0.5)];

        double withTime = BehaviourOverlap.Measure(agents)!.MeanOverlap;
        double where = BehaviourOverlap.Measure(agents, lastIsTimeLeft: true)!.MeanOverlap;

        Assert.IsLessThan(0.3, withTime, $"with the time: {withTime:F2}");
        Assert.IsGreaterThan(0.8, where, $"without it: {where:F2}");
    }

    [TestMethod]
    public void Measure_FewerThanTwoEpisodes_IsNull()
    {
        var random = new Random(1);
        Assert.IsNull(BehaviourOverlap.Measure([Walks(random, 0, 0).Take(1).ToList(), Walks(random, 0, 0)]));
    }

    [TestMethod]
    public void Measure_StateOfAnotherLength_NamesAgentEpisodeAndStep()
    {
        var random = new Random(1);
        var bad = Walks(random, 0, 0);
        bad[1][4] = [1f, 2f, 3f];
        var error = Assert.ThrowsExactly<ArgumentException>(() => BehaviourOverlap.Measure([Walks(random, 0, 0), bad]));
        StringAssert.Contains(error.Message, "Agent 1, episode 1, step 4");
    }

    [TestMethod]
    public void Evaluate_MultiGoalAgents_ReportsOverlapAndEntropyWithoutChangingTheActions()
    {
        // Two copies of one actor (the same weights and noise seed) against a third with other weights: the copies'
        // visited states overlap, and the reports with and without the entropy path give the same returns.
        var generator = new Generator(7);
        var input = new AgentEncoding(2, oneHotAgents: 0);
        var actor = new SquashedGaussianActor(input, 2, [16], generator);
        var other = new SquashedGaussianActor(input, 2, [16], generator);
        var box = new MultiGoal().ActionSpace;
        IPolicy[] policies = [new AgentPolicy(actor, 0, box, seed: 1), new AgentPolicy(actor, 0, box, seed: 2), new AgentPolicy(other, 0, box, seed: 3)];
        EvaluationReport report = Evaluator.Evaluate(policies, () => new MultiGoal(), episodes: 8);
        IPolicy[] plain = [.. policies.Select((p, k) => (IPolicy)new PlainPolicy(new AgentPolicy(k == 2 ? other : actor, 0, box, seed: (ulong)(k + 1))))];
        EvaluationReport without = Evaluator.Evaluate(plain, () => new MultiGoal(), episodes: 8);

        CollectionAssert.AreEqual(without.Agents.Select(a => a.MeanReturn).ToArray(), report.Agents.Select(a => a.MeanReturn).ToArray());
        Assert.IsTrue(report.Agents.All(a => a.PolicyEntropy is double h && double.IsFinite(h)));
        Assert.IsTrue(without.Agents.All(a => a.PolicyEntropy is null), "a policy that cannot give log pi has no entropy");
        Assert.IsNotNull(report.Overlap);
        Assert.IsGreaterThan(0.7, report.Overlap[0, 1], $"copies: {report.Overlap[0, 1]:F2}");
        Assert.AreEqual(report.Overlap.ClosestOverlap(0), report.Agents[0].ClosestOverlap);
        Assert.IsNull(Evaluator.Evaluate(policies, () => new MultiGoal(), episodes: 3, deterministic: true).Agents[0].PolicyEntropy);
    }

    [TestMethod]
    public void Sample_SameSeedAsAct_DrawsTheSameActionAndItsLogProbability()
    {
        var generator = new Generator(9);
        var actor = new SquashedGaussianActor(new AgentEncoding(3, oneHotAgents: 2), 2, [8], generator);
        var box = new Box([-1f, -1f], [1f, 1f]);
        var acting = new AgentPolicy(actor, 1, box, seed: 4);
        var sampling = new AgentPolicy(actor, 1, box, seed: 4);
        float[] observation = [0.3f, -0.2f, 0.9f];
        var a = new float[2];
        var b = new float[2];
        double sum = 0;
        const int Draws = 4_000;
        for (int i = 0; i < Draws; i++)
        {
            acting.Act(observation, a, deterministic: false);
            sum -= sampling.Sample(observation, b);
            CollectionAssert.AreEqual(a, b, $"draw {i}");
        }

        // The entropy estimate agrees with the one the training metric takes from a batch of the same state.
        var batchNoise = new Generator(5);
        using var scope = Mede.ML.Neural.Autograd.Tape.Scope();
        Tensor rows = actor.Input.Encode(Tensor.FromArray([.. Enumerable.Range(0, Draws).SelectMany(_ => observation)], Draws, 3), [.. Enumerable.Repeat(1, Draws)]);
        double batchEntropy = -actor.Sample(rows, batchNoise).LogProbability.Mean().ToScalar();
        Assert.AreEqual(batchEntropy, sum / Draws, 0.05, "Monte Carlo estimates of one entropy");
    }

    private static List<float[][]> Walks(Random random, double x0, double y0) =>
        [.. Enumerable.Range(0, 20).Select(_ => Enumerable.Range(0, 30)
            .Select(_ => new[] { (float)(x0 + Normal(random)), (float)(y0 + Normal(random)) }).ToArray())];

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private sealed class PlainPolicy(IPolicy inner) : IPolicy
    {
        public int ObservationSize => inner.ObservationSize;

        public int ActionSize => inner.ActionSize;

        public void Act(ReadOnlySpan<float> observation, Span<float> action, bool deterministic) => inner.Act(observation, action, deterministic);
    }
}
