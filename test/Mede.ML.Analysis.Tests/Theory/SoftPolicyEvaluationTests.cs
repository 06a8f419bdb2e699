using Mede.ML.Analysis.Theory;

namespace Mede.ML.Analysis.Tests.Theory;

[TestClass]
public sealed class SoftPolicyEvaluationTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    public void Evaluate_RandomPolicy_SatisfiesSoftBellmanEquation(int seed)
    {
        var mdp = MdpGenerators.Random(seed);
        var policy = TheoryTestData.RandomPolicy(seed, mdp.StateCount, mdp.ActionCount);
        var values = SoftPolicyEvaluation.Evaluate(mdp, policy);
        for (int s = 0; s < mdp.StateCount; s++)
        {
            double v = 0;
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                v += policy[s, a] * (values.Q[s, a] - Math.Log(policy[s, a]));
                double expected = 0;
                for (int n = 0; n < mdp.StateCount; n++)
                {
                    expected += mdp.Transition(s, a, n) * values.V[n];
                }
                Assert.AreEqual(mdp.Reward(s, a) + (mdp.Gamma * expected), values.Q[s, a], 1e-12);
            }
            Assert.AreEqual(v, values.V[s], 1e-12);
        }
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(4)]
    public void Evaluate_SoftOptimalPolicy_ReturnsQSoft(int seed)
    {
        var mdp = MdpGenerators.Random(seed);
        var optimal = SoftValueIteration.Solve(mdp);
        var logPolicy = optimal.LogBoltzmannPolicy();
        var policy = new double[mdp.StateCount, mdp.ActionCount];
        for (int s = 0; s < mdp.StateCount; s++)
        {
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                policy[s, a] = Math.Exp(logPolicy[s, a]);
            }
        }
        Assert.IsLessThan(1e-12, TheoryTestData.MaxAbsDifference(optimal.Q, SoftPolicyEvaluation.Evaluate(mdp, policy).Q));
    }

    [TestMethod]
    public void Evaluate_DeterministicPolicy_EqualsDiscountedReturn()
    {
        var mdp = MdpGenerators.MultiGoalGridworld(slipProbability: 0);
        var policy = new double[25, 4];
        for (int s = 0; s < 25; s++)
        {
            policy[s, 2] = 1; // always left
        }
        var values = SoftPolicyEvaluation.Evaluate(mdp, policy);
        // From cell 2 (top row): left enters cell 1, then goal 0 with reward 5 at the second step.
        Assert.AreEqual(0.9 * 5, values.V[2], 1e-12);
    }

    [TestMethod]
    public void Evaluate_RowNotADistribution_ThrowsNamingState()
    {
        var mdp = MdpGenerators.Random(0);
        var policy = TheoryTestData.RandomPolicy(0, mdp.StateCount, mdp.ActionCount);
        policy[3, 0] += 0.1;
        var e = Assert.ThrowsExactly<ArgumentException>(() => SoftPolicyEvaluation.Evaluate(mdp, policy));
        StringAssert.Contains(e.Message, "state 3");
    }
}
