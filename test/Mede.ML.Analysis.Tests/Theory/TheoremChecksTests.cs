using Mede.ML.Analysis.Theory;

namespace Mede.ML.Analysis.Tests.Theory;

[TestClass]
public sealed class TheoremChecksTests
{
    private const double Precision = 1e-10;

    [TestMethod]
    public void Theorem1Residual_ArbitraryRandomPolicies_Vanishes()
    {
        for (int seed = 0; seed < 100; seed++)
        {
            int agents = 2 + (seed % 4);
            double scale = 0.5 + (seed % 7);
            var logPolicies = TheoryTestData.RandomLogPolicies(seed, agents, 6, 5, scale);
            var logStatePosterior = TheoryTestData.RandomLogStatePosterior(seed + 1000, agents, 6);
            Assert.IsLessThan(1e-12, TheoremChecks.Theorem1Residual(logPolicies, logStatePosterior), $"seed {seed}");
        }
    }

    [TestMethod]
    public void Evaluate_ArbitraryPolicies_EntropyCancellationIdentityHolds()
    {
        // -log pi_z(a|s) + log p(z|s,a) = log p(z|s) - log pi_/z(a|s) for any policies, not only fixed points.
        for (int seed = 0; seed < 20; seed++)
        {
            var mdp = MdpGenerators.Random(seed);
            var logPolicies = TheoryTestData.RandomLogPolicies(seed, 3, mdp.StateCount, mdp.ActionCount, scale: 3);
            var report = TheoremChecks.Evaluate(mdp, logPolicies);
            Assert.IsLessThan(1e-12, report.PosteriorIdentity, $"seed {seed}");
            Assert.IsLessThan(1e-12, report.Theorem1, $"seed {seed}");
        }
    }

    [TestMethod]
    [DataRow("gridworld", 0, 4)]
    [DataRow("gridworld", 0, 2)]
    [DataRow("random", 0, 2)]
    [DataRow("random", 3, 3)]
    [DataRow("action-free", 1, 2)]
    public void Evaluate_SymmetricFixedPoint_TheoremsHold(string name, int seed, int agents)
    {
        var mdp = MedeFixedPointTests.Mdp(name, seed);
        var report = TheoremChecks.Evaluate(mdp, MedeFixedPointTests.Solve(mdp, agents, MedeFixedPointStart.Symmetric));
        Assert.IsLessThan(Precision, report.IdentityStar);
        Assert.IsLessThan(Precision, report.Theorem2);
        Assert.IsLessThan(Precision, report.Theorem3);
        Assert.IsLessThan(Precision, report.Theorem1);
        Assert.IsLessThan(Precision, Math.Abs(report.GapMinimum));
        Assert.AreEqual(0.0, report.Theorem2OffSupport);
        Assert.AreEqual(0, report.DisjointSupportStates);
        Assert.AreEqual(0.0, report.AgentSpread);
        Assert.IsGreaterThanOrEqualTo(report.MinimumPolicyProbability, report.MinimumVisitedPolicyProbability);
    }

    [TestMethod]
    public void Evaluate_ActionFreeSplits_TheoremsHoldWithDistinctAgents()
    {
        double largestSpread = 0;
        for (int seed = 0; seed < 30; seed++)
        {
            var mdp = MdpGenerators.ActionFree(seed, states: 4 + (seed % 5), actions: 2 + (seed % 3));
            int agents = 2 + (seed % 3);
            var start = seed % 2 == 0 ? MedeFixedPointStart.Split : MedeFixedPointStart.Random;
            var report = TheoremChecks.Evaluate(mdp, MedeFixedPointTests.Solve(mdp, agents, start, seed));
            Assert.IsLessThan(Precision, report.IdentityStar, $"seed {seed}");
            Assert.IsLessThan(Precision, report.Theorem2, $"seed {seed}");
            Assert.IsLessThan(Precision, report.Theorem3, $"seed {seed}");
            Assert.IsGreaterThan(0.02, report.AgentSpread, $"seed {seed}: the agents must differ");
            largestSpread = Math.Max(largestSpread, report.AgentSpread);
        }
        Assert.IsGreaterThan(0.5, largestSpread);
    }

    [TestMethod]
    public void Evaluate_RandomStartGeneralMdp_IdentityStarFailsOnlyOffSupportAndTheorem2IsOrderOne()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var mdp = MdpGenerators.Random(seed);
            var report = TheoremChecks.Evaluate(mdp, MedeFixedPointTests.Solve(mdp, 2, MedeFixedPointStart.Random, seed));
            Assert.IsLessThan(1e-8, report.IdentityStarOnSupport, $"seed {seed}");
            Assert.IsGreaterThan(0.05, report.IdentityStarOffSupport, $"seed {seed}");
            Assert.IsGreaterThan(0.2, report.Theorem2, $"seed {seed}");
            Assert.IsGreaterThan(0.2, report.Theorem2OffSupport, $"seed {seed}");
            Assert.IsGreaterThan(0.2, report.Theorem3, $"seed {seed}");
            // Still a fixed point of Eq. 7 in probability, and Bayes still holds.
            Assert.IsLessThan(1e-8, report.FixedPoint, $"seed {seed}");
            Assert.IsLessThan(1e-9, report.PosteriorIdentity, $"seed {seed}");
            Assert.IsLessThan(1e-9, report.Theorem1, $"seed {seed}");
        }
    }

    [TestMethod]
    public void Evaluate_AnyPoliciesAndFixedPoints_SMinusMIsNonNegative()
    {
        // Jensen: log E[exp S] >= E[S], so S*_z >= M*_z for any p(z|s) and pi_/z.
        for (int seed = 0; seed < 20; seed++)
        {
            var mdp = seed % 4 == 3 ? MdpGenerators.MultiGoalGridworld() : MdpGenerators.Random(seed);
            var logPolicies = TheoryTestData.RandomLogPolicies(seed, 2 + (seed % 3), mdp.StateCount, mdp.ActionCount, scale: 2);
            var report = TheoremChecks.Evaluate(mdp, logPolicies);
            Assert.IsGreaterThanOrEqualTo(-Precision, report.GapMinimum, $"seed {seed}");
            Assert.IsGreaterThan(0.0, report.GapMaximum, $"seed {seed}");
            Assert.IsTrue(double.IsFinite(report.GapRelative), $"seed {seed}");
        }
        for (int seed = 0; seed < 5; seed++)
        {
            var mdp = MdpGenerators.Random(seed);
            var report = TheoremChecks.Evaluate(mdp, MedeFixedPointTests.Solve(mdp, 2, MedeFixedPointStart.Random, seed));
            Assert.IsGreaterThan(0.0, report.GapMinimum, $"boundary seed {seed}");
        }
    }

    [TestMethod]
    [DataRow("symmetric", 0.01)]
    [DataRow("symmetric", 0.1)]
    [DataRow("symmetric", 0.5)]
    [DataRow("split", 0.01)]
    [DataRow("split", 0.1)]
    [DataRow("split", 0.5)]
    public void Evaluate_PosteriorPerturbedAtInteriorFixedPoint_Theorem2ResidualGrows(string start, double size)
    {
        // Negative control: the same policies with a discriminator that is not their Bayes posterior.
        for (int seed = 0; seed < 5; seed++)
        {
            TabularMdp mdp;
            MedeFixedPointResult result;
            if (start == "symmetric")
            {
                mdp = MdpGenerators.Random(seed);
                result = MedeFixedPointTests.Solve(mdp, 2, MedeFixedPointStart.Symmetric);
            }
            else
            {
                mdp = MdpGenerators.ActionFree(seed);
                result = MedeFixedPointTests.Solve(mdp, 2, MedeFixedPointStart.Split, seed);
            }
            var exact = TheoremChecks.Evaluate(mdp, result);
            var perturbed = (double[,,])exact.LogActionPosterior.Clone();
            var random = new Random(seed);
            for (int z = 0; z < perturbed.GetLength(0); z++)
            {
                for (int s = 0; s < perturbed.GetLength(1); s++)
                {
                    for (int a = 0; a < perturbed.GetLength(2); a++)
                    {
                        perturbed[z, s, a] += size * ((2 * random.NextDouble()) - 1);
                    }
                }
            }
            var broken = TheoremChecks.Evaluate(mdp, result.LogPolicies, logActionPosterior: perturbed);
            Assert.IsLessThan(Precision, exact.Theorem2, $"seed {seed}");
            Assert.IsGreaterThan(0.1 * size, broken.Theorem2, $"seed {seed}");
            Assert.IsGreaterThan(1e-4 * size, broken.IdentityStar, $"seed {seed}");
            Assert.IsGreaterThan(0.1 * size, broken.PosteriorIdentity, $"seed {seed}");
        }
    }

    [TestMethod]
    public void Evaluate_DiscriminableAgentsOnGridworld_SVanishesAtOwnGoal()
    {
        // After Theorem 2: S*_z -> 0 where p(z|s) -> 1. On an absorbing goal S*_z = gamma / (1 - gamma) (-log p(z|g)).
        var mdp = MdpGenerators.MultiGoalGridworld();
        var report = TheoremChecks.Evaluate(mdp, MedeFixedPointTests.Solve(mdp, 4, MedeFixedPointStart.Random, seed: 2, tolerance: 1e-9));
        int[] goals = [0, 4, 20, 24];
        const int Centre = 12;
        var owners = new HashSet<int>();
        for (int z = 0; z < 4; z++)
        {
            int own = goals.MaxBy(g => report.LogStatePosterior[z, g]);
            owners.Add(own);
            double p = Math.Exp(report.LogStatePosterior[z, own]);
            Assert.IsGreaterThan(0.99, p, $"agent {z}");
            for (int a = 0; a < 4; a++)
            {
                Assert.AreEqual(mdp.Gamma / (1 - mdp.Gamma) * -Math.Log(p), report.S[z, own, a], 1e-9);
                Assert.IsLessThan(0.01, report.S[z, own, a]);
                Assert.IsGreaterThan(10.0, report.S[z, Centre, a], $"agent {z}: S at the shared start is large");
            }
            foreach (int other in goals.Where(g => g != own))
            {
                Assert.IsGreaterThan(10.0, report.S[z, other, 0], $"agent {z}: S at another agent's goal is large");
            }
        }
        Assert.HasCount(4, owners);
    }

    [TestMethod]
    [DataRow(0.0, 2)]
    [DataRow(0.5, 2)]
    [DataRow(0.9, 3)]
    [DataRow(1.0, 3)]
    public void Evaluate_SymmetricFixedPointWithTemperedDiscriminator_Theorem2ResidualIsOneMinusBetaTimesLogK(double beta, int agents)
    {
        // With beta < 1 the agent's Q lacks (1 - beta) of the discriminator bonus log(1/K) per step.
        var mdp = MdpGenerators.Random(2);
        var report = TheoremChecks.Evaluate(mdp, MedeFixedPointTests.Solve(mdp, agents, MedeFixedPointStart.Symmetric, beta: beta));
        double expected = (1 - beta) * mdp.Gamma * Math.Log(agents) / (1 - mdp.Gamma);
        Assert.AreEqual(expected, report.Theorem2, 1e-10);
    }

    [TestMethod]
    public void Evaluate_FixedPointResult_CarriesIterationsAndConvergence()
    {
        var mdp = MdpGenerators.Random(0);
        var result = MedeFixedPointTests.Solve(mdp, 2, MedeFixedPointStart.Symmetric);
        var report = TheoremChecks.Evaluate(mdp, result);
        Assert.AreEqual(result.Iterations, report.Iterations);
        Assert.IsTrue(report.Converged);
        Assert.AreEqual(result.MinimumPolicyProbability, report.MinimumPolicyProbability);
        Assert.HasCount(2, report.Agents);
    }
}
