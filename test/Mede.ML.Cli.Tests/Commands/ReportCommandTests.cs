using System.Xml.Linq;

namespace Mede.ML.Cli.Tests.Commands;

[TestClass]
[DoNotParallelize]
public sealed class ReportCommandTests
{
    private static readonly string[] Small =
    [
        "--steps", "120", "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--set", "HiddenLayerSizes=16",
        "--set", "DiscriminatorHiddenLayerSizes=16", "--set", "MetricsInterval=20", "--eval-episodes", "2",
    ];

    private string _root = string.Empty;

    [TestInitialize]
    public void CreateFolder() => _root = Path.Combine(Path.GetTempPath(), "mede-report-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [TestMethod]
    public void Report_SacAndMedeRuns_WritesTheReportWithQContours()
    {
        string sac = Path.Combine(_root, "sac-0"), mede = Path.Combine(_root, "mede-0"), output = Path.Combine(_root, "report");
        Assert.AreEqual(0, CliRunner.Run(["train", "--algo", "sac", "--out", sac, .. Small]).ExitCode);
        Assert.AreEqual(0, CliRunner.Run(["train", "--algo", "mede", "--out", mede, .. Small]).ExitCode);

        var (exit, _, error) = CliRunner.Run("report", sac, mede, "--out", output, "--title", "Two runs");

        Assert.AreEqual(0, exit, error);
        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        StringAssert.StartsWith(report, "# Two runs\n");
        StringAssert.Contains(report, "| SAC |");
        // MEDE's MultiGoal preset has the outcome term on: the report names it in the method and the run's row.
        // The preset's departures from the paper, all named: the outcome term, the time left and the correlated warm-up.
        const string Departures = "OutcomeWeight 100 (bandwidth 2, information, at least 1.6 x the goals' return spread / log 2, losses weighing 100); the time left in the observation (time-feature, time limits end the backup); warm-up actions correlated in time (WarmupActionCorrelation 0.8)";
        StringAssert.Contains(report, $"| MEDE (4) + {Departures}, not the paper's |");
        StringAssert.Contains(report, $"| mede-0 | multigoal | MEDE | 4 | 0 | 120 | yes | deterministic evaluation | 0 | {Departures} |");
        StringAssert.Contains(report, "| sac-0 | multigoal | SAC | 1 | 0 | 120 | yes | deterministic evaluation | 0 | none |");
        StringAssert.Contains(report, "## Q contours (MultiGoal)");
        foreach (string figure in new[] { "q-contours-0-0.svg", "q-contours-2.5-2.5.svg", "paths-mede-0.svg", "discriminability-multigoal.svg", "returns-multigoal.svg" })
        {
            StringAssert.Contains(report, $"]({figure})", figure);
            var svg = XDocument.Load(Path.Combine(output, figure));
            Assert.AreEqual("svg", svg.Root!.Name.LocalName, figure);
            PngCheck.AssertChart(Path.Combine(output, Path.ChangeExtension(figure, ".png")), svg);
        }
    }

    [TestMethod]
    public void Report_SameFolderGivenTwice_CountsOneRun()
    {
        string run = Path.Combine(_root, "mede-0");
        Assert.AreEqual(0, CliRunner.Run(["train", "--algo", "mede", "--out", run, .. Small]).ExitCode);
        var (exit, _, error) = CliRunner.Run("report", run, "--out", Path.Combine(_root, "once"));
        Assert.AreEqual(0, exit, error);
        (exit, _, error) = CliRunner.Run("report", run, run + Path.DirectorySeparatorChar, "--out", Path.Combine(_root, "twice"));
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(error, "given more than once");
        Assert.AreEqual(File.ReadAllText(Path.Combine(_root, "once", "report.md")), File.ReadAllText(Path.Combine(_root, "twice", "report.md")));
    }

    [TestMethod]
    public void Report_ReportFolderAndNewRuns_ExtendsTheReportFromItsDataAfterTheRunFoldersAreGone()
    {
        // A report keeps each run's digest; once the run folders are gone (another machine, a cleaned disk), the report
        // folder stands for its runs: new runs extend it, and a run folder of the same name replaces its digest.
        string mede = Path.Combine(_root, "mede-0"), sac = Path.Combine(_root, "sac-0"), output = Path.Combine(_root, "results");
        Assert.AreEqual(0, CliRunner.Run(["train", "--algo", "mede", "--out", mede, .. Small]).ExitCode);
        Assert.AreEqual(0, CliRunner.Run("report", mede, "--out", output).ExitCode);
        Directory.Delete(mede, recursive: true);
        Assert.AreEqual(0, CliRunner.Run(["train", "--algo", "sac", "--out", sac, .. Small]).ExitCode);

        var (exit, _, error) = CliRunner.Run("report", output, sac, "--out", output);

        Assert.AreEqual(0, exit, error);
        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        StringAssert.Contains(report, "\n2 runs, written ");
        StringAssert.Contains(report, "| mede-0 | multigoal | MEDE | 4 | 0 | 120 | yes | deterministic evaluation |");
        StringAssert.Contains(report, "| sac-0 | multigoal | SAC | 1 | 0 | 120 | yes | deterministic evaluation | 0 | none |");
        Assert.IsTrue(File.Exists(Path.Combine(output, "data", "mede-0", "digest.json")));
        Assert.IsTrue(File.Exists(Path.Combine(output, "data", "sac-0", "digest.json")));

        // The same cell trained again, longer, elsewhere: its folder replaces the digest, and says so.
        string again = Path.Combine(_root, "elsewhere", "mede-0");
        Assert.AreEqual(0, CliRunner.Run(["train", "--algo", "mede", "--out", again, .. Small.Select(a => a == "120" ? "160" : a)]).ExitCode);
        (exit, _, error) = CliRunner.Run("report", output, again, "--out", output);
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(error, "mede-0: the run folder given replaces the report's digest");
        report = File.ReadAllText(Path.Combine(output, "report.md"));
        StringAssert.Contains(report, "\n2 runs, written ");
        StringAssert.Contains(report, "| mede-0 | multigoal | MEDE | 4 | 0 | 160 | yes | deterministic evaluation |");
        StringAssert.Contains(report, "| sac-0 | multigoal | SAC | 1 | 0 | 120 |");

        // A report folder without data is named.
        Directory.Delete(Path.Combine(output, "data"), recursive: true);
        Directory.CreateDirectory(Path.Combine(output, "data"));
        (exit, _, error) = CliRunner.Run("report", output, "--out", Path.Combine(_root, "other"));
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, "a report folder, but its data folder holds no run digest");
    }

    [TestMethod]
    public void Report_ReportOfRunsThatShareAName_TakesEachRunFolderForItsOwnDigest()
    {
        // Two runs named mede-0 (one cell in two experiments' folders): the report keeps them as a/mede-0 and b/mede-0,
        // and b's run folder given again replaces b's digest, not stands beside it as a third run.
        string a = Path.Combine(_root, "a", "mede-0"), b = Path.Combine(_root, "b", "mede-0"), output = Path.Combine(_root, "results");
        Assert.AreEqual(0, CliRunner.Run(["train", "--algo", "mede", "--out", a, .. Small]).ExitCode);
        Assert.AreEqual(0, CliRunner.Run(["train", "--algo", "mede", "--out", b, .. Small, "--seed", "1"]).ExitCode);
        Assert.AreEqual(0, CliRunner.Run("report", a, b, "--out", output).ExitCode);
        Assert.IsTrue(File.Exists(Path.Combine(output, "data", "a", "mede-0", "digest.json")));
        Assert.IsTrue(File.Exists(Path.Combine(output, "data", "b", "mede-0", "digest.json")));

        var (exit, _, error) = CliRunner.Run("report", output, b, "--out", output);

        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(error, "b/mede-0: the run folder given replaces the report's digest");
        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        StringAssert.Contains(report, "\n2 runs, written ");
        StringAssert.Contains(report, "| a/mede-0 | multigoal | MEDE | 4 | 0 |");
        StringAssert.Contains(report, "| b/mede-0 | multigoal | MEDE | 4 | 1 |");
    }

    [TestMethod]
    public void Report_MissingFolder_IsAUsageError()
    {
        var (exit, _, error) = CliRunner.Run("report", Path.Combine(_root, "nowhere"));
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, "nowhere");
    }

    [TestMethod]
    public void Report_FolderWithoutRunStore_FailsNamingTheFile()
    {
        Directory.CreateDirectory(_root);
        var (exit, _, error) = CliRunner.Run("report", _root, "--out", Path.Combine(_root, "out"));
        Assert.AreEqual(1, exit);
        StringAssert.Contains(error, Path.Combine(_root, "run.db"));
        Assert.IsFalse(File.Exists(Path.Combine(_root, "out", "report.md")));
    }
}
