using Mede.ML.Analysis.Theory;

namespace Mede.ML.Analysis.Tests.Theory;

[TestClass]
public sealed class SoftValueIterationTests
{
    // Largest violation of V(s) = log sum_a exp(Q(s,a) + b(s,a)) and Q = r + gamma P V.
    private static double BellmanResidual(TabularMdp mdp, SoftValues values, double[,]? bonus)
    {
        double worst = 0;
        for (int s = 0; s < mdp.StateCount; s++)
        {
            double sum = 0;
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                double expected = 0;
                for (int n = 0; n < mdp.StateCount; n++)
                {
                    expected += mdp.Transition(s, a, n) * values.V[n];
                }
                worst = Math.Max(worst, Math.Abs(values.Q[s, a] - mdp.Reward(s, a) - (mdp.Gamma * expected)));
                sum += Math.Exp(values.Q[s, a] + (bonus?[s, a] ?? 0));
            }
            worst = Math.Max(worst, Math.Abs(values.V[s] - Math.Log(sum)));
        }
        return worst;
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    public void Solve_RandomMdpWithRandomBonus_SatisfiesSoftBellmanEquation(int seed)
    {
        var mdp = MdpGenerators.Random(seed, states: 7, actions: 4);
        var bonus = TheoryTestData.RandomLogPolicies(seed, 1, 7, 4, scale: 3);
        var b = new double[7, 4];
        for (int s = 0; s < 7; s++)
        {
            for (int a = 0; a < 4; a++)
            {
                b[s, a] = bonus[0, s, a];
            }
        }
        Assert.IsLessThan(1e-12, BellmanResidual(mdp, SoftValueIteration.Solve(mdp, b), b));
        Assert.IsLessThan(1e-12, BellmanResidual(mdp, SoftValueIteration.Solve(mdp), null));
    }

    [TestMethod]
    public void Solve_Gridworld_SatisfiesSoftBellmanEquation()
    {
        var mdp = MdpGenerators.MultiGoalGridworld();
        Assert.IsLessThan(1e-12, BellmanResidual(mdp, SoftValueIteration.Solve(mdp), null));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(5)]
    public void Solve_LogUniformBonus_ShiftsValuesByDiscountedLogActionCount(int seed)
    {
        // b = -log A everywhere: V = V_counting - log A / (1 - gamma).
        var mdp = MdpGenerators.Random(seed);
        var bonus = new double[mdp.StateCount, mdp.ActionCount];
        for (int s = 0; s < mdp.StateCount; s++)
        {
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                bonus[s, a] = -Math.Log(mdp.ActionCount);
            }
        }
        var counting = SoftValueIteration.Solve(mdp);
        var uniform = SoftValueIteration.Solve(mdp, bonus);
        double shift = Math.Log(mdp.ActionCount) / (1 - mdp.Gamma);
        for (int s = 0; s < mdp.StateCount; s++)
        {
            Assert.AreEqual(counting.V[s] - shift, uniform.V[s], 1e-11);
        }
    }

    [TestMethod]
    public void Solve_SingleAction_EqualsDiscountedReturn()
    {
        var p = new double[2, 1, 2];
        p[0, 0, 1] = 1;
        p[1, 0, 0] = 1;
        var mdp = new TabularMdp(p, new double[,] { { 1 }, { 0 } }, 0.5, [1, 0]);
        var values = SoftValueIteration.Solve(mdp);
        // V0 = 1 + 0.5 V1, V1 = 0.5 V0: V0 = 4/3.
        Assert.AreEqual(4.0 / 3, values.V[0], 1e-14);
        Assert.AreEqual(2.0 / 3, values.V[1], 1e-14);
    }

    [TestMethod]
    public void Solve_HugeRewards_StaysFinite()
    {
        var p = new double[1, 2, 1];
        p[0, 0, 0] = 1;
        p[0, 1, 0] = 1;
        var mdp = new TabularMdp(p, new double[,] { { 1e4, 0 } }, 0.9, [1]);
        var values = SoftValueIteration.Solve(mdp);
        Assert.IsTrue(double.IsFinite(values.V[0]));
        Assert.AreEqual(1e5, values.V[0], 1e-6);
    }

    [TestMethod]
    public void Solve_BonusExcludingEveryAction_ThrowsNamingState()
    {
        var mdp = MdpGenerators.Random(0);
        var bonus = new double[mdp.StateCount, mdp.ActionCount];
        for (int a = 0; a < mdp.ActionCount; a++)
        {
            bonus[2, a] = double.NegativeInfinity;
        }
        var e = Assert.ThrowsExactly<ArgumentException>(() => SoftValueIteration.Solve(mdp, bonus));
        StringAssert.Contains(e.Message, "state 2");
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(9)]
    public void SolveByPolicyIteration_RandomBonus_MatchesValueIteration(int seed)
    {
        var mdp = MdpGenerators.Random(seed);
        var logPolicy = TheoryTestData.RandomLogPolicies(seed, 1, mdp.StateCount, mdp.ActionCount);
        var bonus = new double[mdp.StateCount, mdp.ActionCount];
        for (int s = 0; s < mdp.StateCount; s++)
        {
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                bonus[s, a] = logPolicy[0, s, a];
            }
        }
        var viaValues = SoftValueIteration.Solve(mdp, bonus);
        var viaPolicies = SoftValueIteration.SolveByPolicyIteration(mdp, bonus, null);
        Assert.IsLessThan(1e-12, TheoryTestData.MaxAbsDifference(viaValues.Q, viaPolicies.Q));
    }

    [TestMethod]
    public void LogBoltzmannPolicy_AnyValues_RowsNormalise()
    {
        var values = SoftValueIteration.Solve(MdpGenerators.Random(1));
        var logPolicy = values.LogBoltzmannPolicy();
        for (int s = 0; s < logPolicy.GetLength(0); s++)
        {
            double sum = 0;
            for (int a = 0; a < logPolicy.GetLength(1); a++)
            {
                sum += Math.Exp(logPolicy[s, a]);
            }
            Assert.AreEqual(1.0, sum, 1e-14);
        }
    }
}
