using Mede.ML.Analysis.Theory;

namespace Mede.ML.Analysis.Tests.Theory;

[TestClass]
public sealed class StateVisitationTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    public void Discounted_RandomPolicy_MatchesPowerSeries(int seed)
    {
        var mdp = MdpGenerators.Random(seed);
        var policy = TheoryTestData.RandomPolicy(seed, mdp.StateCount, mdp.ActionCount);
        var d = StateVisitation.Discounted(mdp, policy);
        // (1 - gamma) sum_t gamma^t rho P_pi^t, truncated where gamma^t < 1e-16.
        var current = Enumerable.Range(0, mdp.StateCount).Select(mdp.Start).ToArray();
        var series = new double[mdp.StateCount];
        double weight = 1 - mdp.Gamma;
        for (int t = 0; t < 400; t++)
        {
            var next = new double[mdp.StateCount];
            for (int s = 0; s < mdp.StateCount; s++)
            {
                series[s] += weight * current[s];
                for (int a = 0; a < mdp.ActionCount; a++)
                {
                    for (int n = 0; n < mdp.StateCount; n++)
                    {
                        next[n] += current[s] * policy[s, a] * mdp.Transition(s, a, n);
                    }
                }
            }
            current = next;
            weight *= mdp.Gamma;
        }
        for (int s = 0; s < mdp.StateCount; s++)
        {
            Assert.AreEqual(series[s], d[s], 1e-13);
        }
        Assert.AreEqual(1.0, d.Sum(), 1e-13);
    }

    [TestMethod]
    public void Discounted_ActionFreeMdp_IndependentOfPolicy()
    {
        var mdp = MdpGenerators.ActionFree(3);
        var d1 = StateVisitation.Discounted(mdp, TheoryTestData.RandomPolicy(1, mdp.StateCount, mdp.ActionCount));
        var d2 = StateVisitation.Discounted(mdp, TheoryTestData.RandomPolicy(2, mdp.StateCount, mdp.ActionCount));
        Assert.IsLessThan(1e-14, TheoryTestData.MaxAbsDifference(d1, d2));
    }

    [TestMethod]
    public void Discounted_GridworldStayingInCentre_UnreachedStatesGetZero()
    {
        var mdp = MdpGenerators.MultiGoalGridworld(slipProbability: 0);
        var policy = new double[25, 4];
        for (int s = 0; s < 25; s++)
        {
            policy[s, 0] = 1; // up: from the centre to the top wall and stay there
        }
        var d = StateVisitation.Discounted(mdp, policy);
        Assert.AreEqual(0.1, d[12], 1e-15);
        Assert.AreEqual(0.0, d[24]);
    }
}
