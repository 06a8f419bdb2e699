using System.Xml.Linq;

namespace Mede.ML.Cli.Tests.Commands;

[TestClass]
[DoNotParallelize]
public sealed class PlotCommandTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly string[] Small =
    [
        "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--set", "HiddenLayerSizes=16,16",
        "--set", "DiscriminatorHiddenLayerSizes=16,16", "--set", "MetricsInterval=20", "--eval-episodes", "2",
    ];

    private static string s_root = string.Empty;

    private static string Mede => Path.Combine(s_root, "mede");

    private static string Sac => Path.Combine(s_root, "sac");

    private static string Pendulum => Path.Combine(s_root, "pendulum-sac");

    [ClassInitialize]
    public static void TrainRuns(TestContext context)
    {
        s_root = Path.Combine(Path.GetTempPath(), "mede-cli-plot-" + Guid.NewGuid().ToString("N"));
        foreach (string[] args in new[]
        {
            new[] { "train", "--steps", "100", "--out", Mede, "--agents", "2" },
            ["train", "--steps", "100", "--out", Sac, "--algo", "sac"],
            ["train", "--steps", "60", "--out", Pendulum, "--algo", "sac", "--env", "pendulum"],
        })
        {
            var (exit, _, error) = CliRunner.Run([.. args, .. Small]);
            Assert.AreEqual(0, exit, error);
        }
    }

    [ClassCleanup]
    public static void DeleteRuns()
    {
        if (Directory.Exists(s_root))
        {
            Directory.Delete(s_root, recursive: true);
        }
    }

    [TestMethod]
    public void Plot_RunWithStore_DrawsCurvesAndPathsFromTheStoreAlone()
    {
        // A copy without metrics.csv and checkpoints: everything must come from run.db.
        string copy = CopyRun("store-only", "run.json", "run.db");

        var (exit, _, error) = CliRunner.Run("plot", copy, "--episodes", "1");

        Assert.AreEqual(0, exit, error);
        XDocument returns = XDocument.Load(Path.Combine(copy, "plots", "returns.svg"));
        Assert.HasCount(2, Groups(returns, "agent"));
        XDocument discriminability = XDocument.Load(Path.Combine(copy, "plots", "discriminability.svg"));
        var curves = Groups(discriminability, "discriminability");
        CollectionAssert.AreEqual(new[] { "MEDE log q(z|s,a)", "MEDE log q(z|s)" }, curves.Select(g => (string?)g.Attribute("data-name")).ToArray());
        Assert.AreEqual("6 4", (string?)curves[1].Element(Svg + "polyline")!.Attribute("stroke-dasharray"));
        Assert.HasCount(1, Groups(discriminability, "reference"));
        XDocument paths = XDocument.Load(Path.Combine(copy, "plots", "paths.svg"));
        var agents = Groups(paths, "agent");
        Assert.HasCount(2, agents);
        Assert.IsTrue(agents.All(a => a.Elements(Svg + "polyline").Count() == 1), "--episodes 1 of the two recorded");
    }

    [TestMethod]
    public void Plot_StoreWithoutACompleteEvaluation_RollsThePathsOutFromTheCheckpoint()
    {
        string copy = CopyRun("no-evaluation", "run.json", "run.db", "checkpoints");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(copy, "run.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE evaluations SET complete = 0";
            command.ExecuteNonQuery();
        }

        var (exit, _, error) = CliRunner.Run("plot", copy, "--episodes", "3");

        Assert.AreEqual(0, exit, error);
        var agents = Groups(XDocument.Load(Path.Combine(copy, "plots", "paths.svg")), "agent");
        Assert.IsTrue(agents.All(a => a.Elements(Svg + "polyline").Count() == 3), "three fresh episodes per agent, more than the two recorded");
    }

    [TestMethod]
    public void Plot_RunWithoutStore_DrawsFromMetricsCsvAndTheCheckpoint()
    {
        string copy = CopyRun("csv-only", "run.json", "metrics.csv", "checkpoints");

        var (exit, _, error) = CliRunner.Run("plot", copy);

        Assert.AreEqual(0, exit, error);
        foreach (string name in new[] { "returns.svg", "discriminability.svg", "paths.svg" })
        {
            Assert.AreEqual("svg", XDocument.Load(Path.Combine(copy, "plots", name)).Root!.Name.LocalName, name);
        }

        Assert.HasCount(2, Groups(XDocument.Load(Path.Combine(copy, "plots", "discriminability.svg")), "discriminability"));
    }

    [TestMethod]
    public void Plot_Sac_WritesQContoursBesideTheOtherPlots()
    {
        string target = Path.Combine(s_root, "contours");

        var (exit, _, error) = CliRunner.Run("plot", Mede, "--out", target, "--sac", Sac, "--state", "1.5,-2", "--agent", "1");

        Assert.AreEqual(0, exit, error);
        foreach (string name in new[] { "returns.svg", "discriminability.svg", "paths.svg", "q-contours.svg" })
        {
            XDocument svg = XDocument.Load(Path.Combine(target, name));
            Assert.AreEqual("svg", svg.Root!.Name.LocalName, name);
            PngCheck.AssertChart(Path.Combine(target, Path.ChangeExtension(name, ".png")), svg);
        }

        string contours = File.ReadAllText(Path.Combine(target, "q-contours.svg"));
        StringAssert.Contains(contours, "agent 1");
        StringAssert.Contains(contours, "(1.5, -2.0)");
    }

    [TestMethod]
    [DataRow("--state", "abc", "--state 'abc'")]
    [DataRow("--state", "1,2,3", "--state '1,2,3'")]
    [DataRow("--state", "9,0", "outside the MultiGoal world")]
    [DataRow("--agent", "2", "--agent 2: ")]
    [DataRow("--agent", "-1", "--agent -1")]
    public void Plot_BadContourOption_ExitsWithUsageErrorNamingTheOption(string option, string value, string expected)
    {
        string target = Path.Combine(s_root, "bad-" + Guid.NewGuid().ToString("N"));

        var (exit, _, error) = CliRunner.Run("plot", Mede, "--out", target, "--sac", Sac, option, value);

        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, expected);
        Assert.IsFalse(Directory.Exists(target), "nothing is written for a bad command line");
    }

    [TestMethod]
    public void Plot_SacRunThatIsNotSacOrNotMultiGoal_ExitsWithUsageError()
    {
        var (exit, _, error) = CliRunner.Run("plot", Mede, "--sac", Mede);
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, "--sac");
        StringAssert.Contains(error, "SAC run");

        (exit, _, error) = CliRunner.Run("plot", Mede, "--sac", Pendulum);
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, "MultiGoal");

        (exit, _, error) = CliRunner.Run("plot", Mede, "--state", "0,0");
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, "needs --sac");
    }

    /// <summary>Copies some files and folders of the MEDE run into a new run folder.</summary>
    private static string CopyRun(string name, params string[] entries)
    {
        string copy = Path.Combine(s_root, name);
        Directory.CreateDirectory(copy);
        foreach (string entry in entries)
        {
            string source = Path.Combine(Mede, entry);
            if (Directory.Exists(source))
            {
                foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
                {
                    string destination = Path.Combine(copy, Path.GetRelativePath(Mede, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    File.Copy(file, destination);
                }
            }
            else
            {
                File.Copy(source, Path.Combine(copy, entry));
            }
        }

        return copy;
    }

    private static List<XElement> Groups(XDocument svg, string cssClass) =>
        [.. svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == cssClass)];
}
