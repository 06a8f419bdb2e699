using System.CommandLine;
using System.Text.Json;
using Mede.ML.Cli.Commands;

namespace Mede.ML.Cli.Tests.Commands;

[TestClass]
public sealed class TheoryCommandTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(TheoryCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = root.Parse(["theory", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    private static string[] Keys(JsonElement element) =>
        element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

    [TestMethod]
    public void Json_GridworldSymmetric_PrintsExactlyTheDocumentedKeys()
    {
        var (exitCode, output, error) = Run("--mdp", "gridworld", "--agents", "3", "--start", "symmetric", "--json");
        Assert.AreEqual(0, exitCode, error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        CollectionAssert.AreEqual(
            new[] { "gap_s_minus_m", "iterations", "min_policy_probability", "q_soft", "q_z", "residuals" }, Keys(root));
        CollectionAssert.AreEqual(
            new[] { "identity_star", "theorem1", "theorem2", "theorem2_off_support", "theorem2_on_support", "theorem3" },
            Keys(root.GetProperty("residuals")));
        CollectionAssert.AreEqual(new[] { "max", "min" }, Keys(root.GetProperty("gap_s_minus_m")));
        Assert.AreEqual(25, root.GetProperty("q_soft").GetArrayLength());
        Assert.AreEqual(4, root.GetProperty("q_soft")[0].GetArrayLength());
        Assert.AreEqual(3, root.GetProperty("q_z").GetArrayLength());
        Assert.AreEqual(25, root.GetProperty("q_z")[2].GetArrayLength());
        Assert.AreEqual(4, root.GetProperty("q_z")[2][24].GetArrayLength());
        Assert.IsGreaterThan(0, root.GetProperty("iterations").GetInt32());
        Assert.IsLessThan(1e-10, root.GetProperty("residuals").GetProperty("theorem2").GetDouble());
        Assert.IsLessThan(1e-10, root.GetProperty("residuals").GetProperty("identity_star").GetDouble());
        Assert.IsGreaterThan(0.01, root.GetProperty("min_policy_probability").GetDouble());
    }

    [TestMethod]
    [DataRow("100000")]
    [DataRow("0")]
    public void Agents_OutsideWhatTheSolverCanDo_IsRefusedAtOnce(string agents)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (exitCode, _, error) = Run("--agents", agents, "--json");
        Assert.AreEqual(2, exitCode, error);
        StringAssert.StartsWith(error, "error: ");
        StringAssert.Contains(error, $"--agents {agents}");
        Assert.IsLessThan(10.0, clock.Elapsed.TotalSeconds, "refused before solving, not after minutes");
    }

    [TestMethod]
    public void Json_RandomStartOnRandomMdp_ReportsBoundary()
    {
        var (exitCode, output, error) = Run("--mdp", "random", "--start", "random", "--seed", "3", "--json");
        Assert.AreEqual(0, exitCode, error);
        using var document = JsonDocument.Parse(output);
        var residuals = document.RootElement.GetProperty("residuals");
        Assert.IsGreaterThan(0.2, residuals.GetProperty("theorem2_off_support").GetDouble());
        Assert.IsLessThan(1e-30, document.RootElement.GetProperty("min_policy_probability").GetDouble());
        Assert.IsGreaterThan(0.0, document.RootElement.GetProperty("gap_s_minus_m").GetProperty("min").GetDouble());
    }

    [TestMethod]
    [DataRow("1.0", 0.0)]
    [DataRow("0.5", 3.119)]
    public void Json_BetaOption_ReachesTheSolver(string beta, double expectedTheorem2)
    {
        // Symmetric start: Theorem 2's residual is (1 - beta) gamma log K / (1 - gamma) = 3.119 at beta 0.5, K 2.
        var (exitCode, output, error) = Run("--mdp", "random", "--beta", beta, "--json");
        Assert.AreEqual(0, exitCode, error);
        using var document = JsonDocument.Parse(output);
        Assert.AreEqual(expectedTheorem2, document.RootElement.GetProperty("residuals").GetProperty("theorem2").GetDouble(), 1e-3);
    }

    [TestMethod]
    public void Json_StateWeightOption_ReachesTheSolver()
    {
        // With w > 0 the agents' soft values carry w log p(z|s) < 0 per step: Q*_z falls.
        double FirstQ(string w)
        {
            var (exitCode, output, error) = Run("--mdp", "random", "--start", "random", "--beta", "0.5", "--state-weight", w, "--json");
            Assert.AreEqual(0, exitCode, error);
            using var document = JsonDocument.Parse(output);
            Assert.IsLessThan(1e-6, document.RootElement.GetProperty("residuals").GetProperty("theorem1").GetDouble());
            return document.RootElement.GetProperty("q_z")[0][0][0].GetDouble();
        }
        Assert.IsLessThan(FirstQ("0") - 0.1, FirstQ("2"));
        var (code, _, error) = Run("--state-weight", "-1");
        Assert.AreEqual(2, code);
        StringAssert.StartsWith(error, "error: --state-weight -1");
    }

    [TestMethod]
    public void Tables_ActionFreeMdp_PrintsResidualAndAgentTables()
    {
        var (exitCode, output, error) = Run("--mdp", "action-free", "--start", "random", "--seed", "1");
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "Theorem 2");
        StringAssert.Contains(output, "Theorem 3");
        StringAssert.Contains(output, "Per agent");
        StringAssert.Contains(output, "MDP action-free: 6 states, 3 actions");
    }

    [TestMethod]
    public void File_ValidMdp_Solves()
    {
        string path = WriteTemp("""{"gamma": 0.5, "start": [1, 0], "transitions": [[[0.5, 0.5], [1, 0]], [[0, 1], [0.25, 0.75]]], "rewards": [[1, 0], [0, 1]]}""");
        try
        {
            var (exitCode, output, error) = Run("--mdp", path, "--json");
            Assert.AreEqual(0, exitCode, error);
            using var document = JsonDocument.Parse(output);
            Assert.AreEqual(2, document.RootElement.GetProperty("q_soft").GetArrayLength());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    [DataRow("""{"gamma": 0.9, "start": [1, 0], "transitions": [[[1, 0]], [[1, "x"]]], "rewards": [[0], [0]]}""", "transitions[1][0][1]")]
    [DataRow("""{"gamma": 0.9, "start": [1, 0], "transitions": [[[1, 0]], [[1, 0]]], "rewards": [[0], [0, 1]]}""", "rewards[1]")]
    [DataRow("""{"gamma": 0.9, "start": [1, 0], "transitions": [[[1, 0]], [[0.7, 0.7]]], "rewards": [[0], [0]]}""", "transitions[1][0] (state 1, action 0)")]
    [DataRow("""{"start": [1], "transitions": [[[1]]], "rewards": [[0]]}""", "\"gamma\"")]
    public void File_Malformed_FailsNamingFieldAndIndex(string json, string expected)
    {
        string path = WriteTemp(json);
        try
        {
            var (exitCode, output, error) = Run("--mdp", path);
            Assert.AreEqual(1, exitCode);
            Assert.AreEqual(string.Empty, output);
            StringAssert.Contains(error, expected);
            StringAssert.Contains(error, path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void UnknownMdp_FailsWithMessage()
    {
        var (exitCode, _, error) = Run("--mdp", "no-such-mdp");
        Assert.AreEqual(2, exitCode, "a usage mistake");
        StringAssert.StartsWith(error, "error: ");
        StringAssert.Contains(error, "no-such-mdp");
    }

    [TestMethod]
    public void UnknownStart_IsAParseError()
    {
        var (exitCode, _, _) = Run("--start", "sideways");
        Assert.AreNotEqual(0, exitCode);
    }

    private static string WriteTemp(string json)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mede-theory-cli-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
