using Mede.ML.Analysis.Theory;

namespace Mede.ML.Analysis.Tests.Theory;

[TestClass]
public sealed class TabularMdpTests
{
    private const string ValidJson =
        """{"gamma": 0.8, "start": [1, 0], "transitions": [[[0.5, 0.5], [1, 0]], [[0, 1], [0.25, 0.75]]], "rewards": [[1, 2], [3, -4]]}""";

    private static (double[,,] P, double[,] R, double[] Rho) Valid()
    {
        var p = new double[2, 2, 2];
        p[0, 0, 0] = 0.5; p[0, 0, 1] = 0.5; p[0, 1, 0] = 1; p[1, 0, 1] = 1; p[1, 1, 0] = 0.25; p[1, 1, 1] = 0.75;
        return (p, new double[,] { { 1, 2 }, { 3, -4 } }, [1, 0]);
    }

    [TestMethod]
    public void Constructor_ValidMdp_ExposesEntries()
    {
        var (p, r, rho) = Valid();
        var mdp = new TabularMdp(p, r, 0.8, rho);
        Assert.AreEqual(2, mdp.StateCount);
        Assert.AreEqual(2, mdp.ActionCount);
        Assert.AreEqual(0.75, mdp.Transition(1, 1, 1));
        Assert.AreEqual(-4, mdp.Reward(1, 1));
        Assert.AreEqual(1, mdp.Start(0));
        Assert.AreEqual(2, mdp.TransitionRow(0, 0).Length);
    }

    [TestMethod]
    public void Constructor_RowNotSummingToOne_ThrowsNamingStateAndAction()
    {
        var (p, r, rho) = Valid();
        p[1, 0, 1] = 0.9;
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TabularMdp(p, r, 0.8, rho));
        StringAssert.Contains(e.Message, "state 1, action 0");
        StringAssert.Contains(e.Message, "transitions[1][0]");
    }

    [TestMethod]
    public void Constructor_NegativeProbability_ThrowsNamingEntry()
    {
        var (p, r, rho) = Valid();
        p[0, 1, 0] = 1.5;
        p[0, 1, 1] = -0.5;
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TabularMdp(p, r, 0.8, rho));
        StringAssert.Contains(e.Message, "transitions[0][1][0]");
        StringAssert.Contains(e.Message, "state 0, action 1");
    }

    [TestMethod]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    [DataRow(double.NegativeInfinity)]
    public void Constructor_NonFiniteReward_ThrowsNamingStateAndAction(double reward)
    {
        var (p, r, rho) = Valid();
        r[1, 0] = reward;
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TabularMdp(p, r, 0.8, rho));
        StringAssert.Contains(e.Message, "state 1, action 0");
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(1.0)]
    [DataRow(-0.1)]
    [DataRow(1.5)]
    [DataRow(double.NaN)]
    public void Constructor_GammaOutsideOpenUnitInterval_Throws(double gamma)
    {
        var (p, r, rho) = Valid();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TabularMdp(p, r, gamma, rho));
        StringAssert.Contains(e.Message, "gamma");
    }

    [TestMethod]
    public void Constructor_StartNotADistribution_Throws()
    {
        var (p, r, _) = Valid();
        var e = Assert.ThrowsExactly<ArgumentException>(() => new TabularMdp(p, r, 0.8, [0.5, 0.4]));
        StringAssert.Contains(e.Message, "start");
    }

    [TestMethod]
    public void FromJson_ValidText_MatchesConstructor()
    {
        var mdp = TabularMdp.FromJson(ValidJson);
        var (p, r, rho) = Valid();
        var expected = new TabularMdp(p, r, 0.8, rho);
        Assert.AreEqual(expected.Gamma, mdp.Gamma);
        for (int s = 0; s < 2; s++)
        {
            for (int a = 0; a < 2; a++)
            {
                Assert.AreEqual(expected.Reward(s, a), mdp.Reward(s, a));
                for (int n = 0; n < 2; n++)
                {
                    Assert.AreEqual(expected.Transition(s, a, n), mdp.Transition(s, a, n));
                }
            }
        }
    }

    [TestMethod]
    [DataRow("""{"start": [1], "transitions": [[[1]]], "rewards": [[0]]}""", "\"gamma\"")]
    [DataRow("""{"gamma": "high", "start": [1], "transitions": [[[1]]], "rewards": [[0]]}""", "gamma must be a number")]
    [DataRow("""{"gamma": 0.9, "start": 1, "transitions": [[[1]]], "rewards": [[0]]}""", "start must be an array")]
    [DataRow("""{"gamma": 0.9, "start": [1, 0], "transitions": [[[1, 0]]], "rewards": [[0], [0]]}""", "transitions has 1 entries; expected 2")]
    [DataRow("""{"gamma": 0.9, "start": [1, 0], "transitions": [[[1, 0]], [[1, 0], [0, 1]]], "rewards": [[0], [0]]}""", "transitions[1] has 2 entries; expected 1")]
    [DataRow("""{"gamma": 0.9, "start": [1, 0], "transitions": [[[1, 0]], [[1, "x"]]], "rewards": [[0], [0]]}""", "transitions[1][0][1] must be a number")]
    [DataRow("""{"gamma": 0.9, "start": [1, 0], "transitions": [[[1, 0]], [[1]]], "rewards": [[0], [0]]}""", "transitions[1][0] has 1 entries; expected 2")]
    [DataRow("""{"gamma": 0.9, "start": [1, 0], "transitions": [[[1, 0]], [[1, 0]]], "rewards": [[0], [null]]}""", "rewards[1][0] must be a number")]
    [DataRow("""{"gamma": 0.9, "start": [1, 0], "transitions": [[[1, 0]], [[0.5, 0.4]]], "rewards": [[0], [0]]}""", "transitions[1][0] (state 1, action 0) sums to 0.9")]
    [DataRow("""{"gamma": 1.0, "start": [1], "transitions": [[[1]]], "rewards": [[0]]}""", "gamma = 1")]
    [DataRow("""[1, 2]""", "one JSON object")]
    [DataRow("""{"gamma": 0.9,""", "not valid JSON")]
    public void FromJson_Malformed_ThrowsNamingFieldAndIndex(string json, string expected)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => TabularMdp.FromJson(json));
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void FromJson_AllZeroRow_IsATerminalTransition()
    {
        // State 1 ends the episode: its soft value is one last step, r + log A, and nothing after it.
        var mdp = TabularMdp.FromJson("""{"gamma": 0.9, "start": [1, 0], "transitions": [[[0, 1], [1, 0]], [[0, 0], [0, 0]]], "rewards": [[0, 0], [1, 1]]}""");
        Assert.AreEqual(0.0, mdp.Transition(1, 0, 0) + mdp.Transition(1, 0, 1));
        Assert.AreEqual(1 + Math.Log(2), SoftValueIteration.Solve(mdp).V[1], 1e-12);
        // A row that sums to neither 1 nor 0 is still refused.
        var e = Assert.ThrowsExactly<FormatException>(() => TabularMdp.FromJson("""{"gamma": 0.9, "start": [1, 0], "transitions": [[[0, 1], [1, 0]], [[0, 0.5], [0, 0]]], "rewards": [[0, 0], [1, 1]]}"""));
        StringAssert.Contains(e.Message, "transitions[1][0] (state 1, action 0) sums to 0.5");
    }

    [TestMethod]
    public void Load_MalformedFile_MessageNamesFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mede-theory-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"gamma": 0.9, "start": [1], "transitions": [[[2]]], "rewards": [[0]]}""");
        try
        {
            var e = Assert.ThrowsExactly<FormatException>(() => TabularMdp.Load(path));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, "transitions[0][0][0]");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
