using Mede.ML.Analysis.Theory;

namespace Mede.ML.Analysis.Tests.Theory;

[TestClass]
public sealed class MedeFixedPointTests
{
    internal static TabularMdp Mdp(string name, int seed) => name switch
    {
        "gridworld" => MdpGenerators.MultiGoalGridworld(),
        "random" => MdpGenerators.Random(seed),
        "action-free" => MdpGenerators.ActionFree(seed),
        _ => throw new ArgumentException(name),
    };

    internal static MedeFixedPointResult Solve(
        TabularMdp mdp, int agents, MedeFixedPointStart start, int seed = 0, double beta = 1.0, double tolerance = 1e-12) =>
        new MedeFixedPoint(new MedeFixedPoint.Options
        {
            NumberOfAgents = agents,
            Start = start,
            Seed = seed,
            DiscriminatorWeight = beta,
            Tolerance = tolerance,
        }).Solve(mdp);

    [TestMethod]
    [DataRow("gridworld", 0, 4)]
    [DataRow("random", 0, 2)]
    [DataRow("random", 1, 3)]
    [DataRow("action-free", 2, 2)]
    public void Solve_SymmetricStart_EveryAgentIsSoftOptimal(string name, int seed, int agents)
    {
        var mdp = Mdp(name, seed);
        var result = Solve(mdp, agents, MedeFixedPointStart.Symmetric);
        Assert.IsTrue(result.Converged);
        var logSoft = SoftValueIteration.Solve(mdp).LogBoltzmannPolicy();
        for (int z = 0; z < agents; z++)
        {
            for (int s = 0; s < mdp.StateCount; s++)
            {
                for (int a = 0; a < mdp.ActionCount; a++)
                {
                    Assert.AreEqual(Math.Exp(logSoft[s, a]), Math.Exp(result.LogPolicies[z, s, a]), 1e-11);
                }
            }
        }
    }

    [TestMethod]
    public void Solve_ActionFreeSplitStart_IsAlreadyAFixedPointOfDistinctAgents()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var mdp = MdpGenerators.ActionFree(seed);
            int agents = 2 + (seed % 3);
            var result = Solve(mdp, agents, MedeFixedPointStart.Split, seed);
            Assert.AreEqual(1, result.Iterations, $"seed {seed}: a split of pi*_soft should not move");
            Assert.IsTrue(result.Converged);
            var report = TheoremChecks.Evaluate(mdp, result);
            Assert.IsGreaterThan(0.05, report.AgentSpread, $"seed {seed}");
            Assert.IsGreaterThan(1e-3, result.MinimumPolicyProbability, $"seed {seed}");
        }
    }

    [TestMethod]
    public void Solve_ActionFreeRandomStart_ConvergesToInteriorSplit()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var mdp = MdpGenerators.ActionFree(seed);
            var result = Solve(mdp, 2 + (seed % 2), MedeFixedPointStart.Random, seed);
            Assert.IsTrue(result.Converged, $"seed {seed}");
            Assert.IsGreaterThan(1e-3, result.MinimumPolicyProbability, $"seed {seed}");
            Assert.IsGreaterThan(0.3, TheoremChecks.Evaluate(mdp, result).AgentSpread, $"seed {seed}");
        }
    }

    [TestMethod]
    public void Solve_RandomStartGeneralMdp_AgentsReachTheBoundary()
    {
        int disjointStates = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            var mdp = MdpGenerators.Random(seed);
            var result = Solve(mdp, 2, MedeFixedPointStart.Random, seed);
            Assert.IsTrue(result.Converged, $"seed {seed}");
            // Off-support probabilities underflow: log pi drifts toward -inf.
            Assert.IsLessThan(-100, result.MinimumLogPolicy, $"seed {seed}");
            var report = TheoremChecks.Evaluate(mdp, result);
            foreach (var agent in report.Agents)
            {
                Assert.IsLessThan(mdp.StateCount * mdp.ActionCount, agent.SupportSize, $"seed {seed}, agent {agent.Agent}: every agent drops actions");
            }
            // The mixture keeps every action: the supports split the action set between the agents.
            for (int s = 0; s < mdp.StateCount; s++)
            {
                for (int a = 0; a < mdp.ActionCount; a++)
                {
                    Assert.IsGreaterThan(1e-6, Math.Exp(report.LogMixturePolicy[s, a]), $"seed {seed}, state {s}, action {a}");
                }
            }
            disjointStates += report.DisjointSupportStates;
        }
        // Supports separate only in part: fully disjoint at some states, shared actions at most (28 of 120 measured).
        Assert.IsGreaterThan(0, disjointStates);
        Assert.IsLessThan(60, disjointStates);
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.5)]
    [DataRow(0.75)]
    public void Solve_StronglyTemperedDiscriminator_AgentsCollapseToSoftOptimal(double beta)
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var mdp = MdpGenerators.Random(seed);
            var result = Solve(mdp, 2, MedeFixedPointStart.Random, seed, beta);
            Assert.IsLessThan(1e-6, TheoremChecks.Evaluate(mdp, result).AgentSpread, $"seed {seed}");
        }
    }

    [TestMethod]
    public void Solve_MildlyTemperedDiscriminator_KeepsDistinctAgentsInterior()
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var mdp = MdpGenerators.Random(seed);
            var tempered = Solve(mdp, 2, MedeFixedPointStart.Random, seed, beta: 0.9);
            var exact = Solve(mdp, 2, MedeFixedPointStart.Random, seed, beta: 1.0);
            Assert.IsGreaterThan(1e-4, tempered.MinimumPolicyProbability, $"seed {seed}");
            Assert.IsLessThan(1e-40, exact.MinimumPolicyProbability, $"seed {seed}");
            Assert.IsGreaterThan(0.1, TheoremChecks.Evaluate(mdp, tempered).AgentSpread, $"seed {seed}");
        }
    }

    [TestMethod]
    public void Solve_GivenStart_StartsFromThePolicies()
    {
        var mdp = MdpGenerators.ActionFree(4);
        var split = MedeFixedPoint.SplitSoftOptimal(mdp, 3, 0.5, seed: 11);
        var result = new MedeFixedPoint(new MedeFixedPoint.Options
        {
            NumberOfAgents = 3,
            Start = MedeFixedPointStart.Given,
            InitialLogPolicies = split,
        }).Solve(mdp);
        Assert.AreEqual(1, result.Iterations);
        Assert.IsLessThan(1e-12, TheoryTestData.MaxAbsDifference(split, result.LogPolicies));
    }

    [TestMethod]
    public void SplitSoftOptimal_AnyMdp_AgentsAverageToSoftOptimal()
    {
        var mdp = MdpGenerators.MultiGoalGridworld();
        var split = MedeFixedPoint.SplitSoftOptimal(mdp, 4, 0.9, seed: 3);
        var logSoft = SoftValueIteration.Solve(mdp).LogBoltzmannPolicy();
        for (int s = 0; s < mdp.StateCount; s++)
        {
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                double average = Enumerable.Range(0, 4).Average(z => Math.Exp(split[z, s, a]));
                Assert.AreEqual(Math.Exp(logSoft[s, a]), average, 1e-14);
            }
        }
    }

    [TestMethod]
    public void Solve_GivenStartWithoutPolicies_Throws()
    {
        var solver = new MedeFixedPoint(new MedeFixedPoint.Options { Start = MedeFixedPointStart.Given });
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => solver.Solve(MdpGenerators.Random(0)));
        StringAssert.Contains(e.Message, "InitialLogPolicies");
    }

    [TestMethod]
    [DataRow(0, 1.0, 0.5)]
    [DataRow(2, 0.0, 0.5)]
    [DataRow(2, 1.5, 0.5)]
    [DataRow(2, 1.0, -1.0)]
    [DataRow(2, double.NaN, 0.5)]
    public void Constructor_InvalidOptions_Throws(int agents, double damping, double beta)
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MedeFixedPoint(new MedeFixedPoint.Options
        {
            NumberOfAgents = agents,
            Damping = damping,
            DiscriminatorWeight = beta,
        }));
    }
}
