using Mede.ML.Analysis.Theory;

namespace Mede.ML.Analysis.Tests.Theory;

[TestClass]
public sealed class ExactDiscriminatorTests
{
    [TestMethod]
    [DataRow(0, 2)]
    [DataRow(1, 3)]
    [DataRow(2, 4)]
    public void LogStatePosterior_RandomAgents_IsBayesOverVisitations(int seed, int agents)
    {
        var mdp = MdpGenerators.Random(seed);
        var logPolicies = TheoryTestData.RandomLogPolicies(seed, agents, mdp.StateCount, mdp.ActionCount);
        var posterior = ExactDiscriminator.LogStatePosterior(mdp, logPolicies);
        var visitations = Enumerable.Range(0, agents)
            .Select(z => StateVisitation.Discounted(mdp, ExactDiscriminator.Probabilities(logPolicies, z))).ToArray();
        for (int s = 0; s < mdp.StateCount; s++)
        {
            double total = visitations.Sum(d => d[s]);
            for (int z = 0; z < agents; z++)
            {
                Assert.AreEqual(visitations[z][s] / total, Math.Exp(posterior[z, s]), 1e-13);
            }
        }
    }

    [TestMethod]
    public void LogEndPosterior_Corridor_IsBayesOverEndsAndThePriorWhereNoAgentEnds()
    {
        // Agent 0 ends at A with 2/3 and at B with 1/3, agent 1 the other way round (EpisodeEndsTests.Corridor).
        var posterior = ExactDiscriminator.LogEndPosterior(EpisodeEndsTests.Corridor(), EpisodeEndsTests.CorridorLogPolicies());
        Assert.AreEqual(2.0 / 3, Math.Exp(posterior[0, 0]), 1e-14);
        Assert.AreEqual(1.0 / 3, Math.Exp(posterior[1, 0]), 1e-14);
        Assert.AreEqual(1.0 / 3, Math.Exp(posterior[0, 3]), 1e-14);
        Assert.AreEqual(2.0 / 3, Math.Exp(posterior[1, 3]), 1e-14);
        // Goal C, which no agent reaches, and the states where no episode ends keep the prior 1/K: score 0.
        foreach (int s in new[] { 1, 2, 4 })
        {
            Assert.AreEqual(-Math.Log(2), posterior[0, s], 1e-15, $"state {s}");
            Assert.AreEqual(-Math.Log(2), posterior[1, s], 1e-15, $"state {s}");
        }
    }

    [TestMethod]
    public void LogStatePosterior_IdenticalAgents_Uniform()
    {
        var mdp = MdpGenerators.MultiGoalGridworld();
        var one = TheoryTestData.RandomLogPolicies(0, 1, 25, 4);
        var three = new double[3, 25, 4];
        for (int z = 0; z < 3; z++)
        {
            for (int s = 0; s < 25; s++)
            {
                for (int a = 0; a < 4; a++)
                {
                    three[z, s, a] = one[0, s, a];
                }
            }
        }
        var posterior = ExactDiscriminator.LogStatePosterior(mdp, three);
        foreach (double logP in posterior)
        {
            Assert.AreEqual(-Math.Log(3), logP, 1e-14);
        }
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void LogActionPosterior_RandomAgents_NormalisesAndSatisfiesBayes(int seed)
    {
        const int Agents = 3, States = 5, Actions = 4;
        var logPolicies = TheoryTestData.RandomLogPolicies(seed, Agents, States, Actions, scale: 2);
        var logStatePosterior = TheoryTestData.RandomLogStatePosterior(seed, Agents, States);
        var posterior = ExactDiscriminator.LogActionPosterior(logPolicies, logStatePosterior);
        var mixture = ExactDiscriminator.LogMixturePolicy(logPolicies, logStatePosterior);
        for (int s = 0; s < States; s++)
        {
            double mixtureSum = 0;
            for (int a = 0; a < Actions; a++)
            {
                mixtureSum += Math.Exp(mixture[s, a]);
                double sum = 0;
                for (int z = 0; z < Agents; z++)
                {
                    sum += Math.Exp(posterior[z, s, a]);
                    // p(z|s,a) pi_/z(a|s) = pi_z(a|s) p(z|s)
                    Assert.AreEqual(
                        Math.Exp(logPolicies[z, s, a] + logStatePosterior[z, s]),
                        Math.Exp(posterior[z, s, a] + mixture[s, a]), 1e-14);
                }
                Assert.AreEqual(1.0, sum, 1e-14);
            }
            Assert.AreEqual(1.0, mixtureSum, 1e-14);
        }
    }

    [TestMethod]
    public void LogStatePosterior_WrongShape_Throws()
    {
        var mdp = MdpGenerators.Random(0);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ExactDiscriminator.LogStatePosterior(mdp, new double[2, 5, 3]));
        StringAssert.Contains(e.Message, "[K >= 1, 6, 3]");
    }
}
