using System.CommandLine;
using Mede.ML.Cli.Commands;

namespace Mede.ML.Cli.Tests.Commands;

[TestClass]
public sealed class TheoryDiversityCommandTests
{
    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(TheoryCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = root.Parse(["theory", "diversity", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [TestMethod]
    public void Run_TwoSettings_PrintsARowEachAndAppendsCsvRows()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"mede-diversity-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            string starts = Path.Combine(directory, "starts.csv");
            string summary = Path.Combine(directory, "map.csv");
            string[] args = ["--goals", "0,0;4,4", "--agents", "2", "--state-weight", "0,1", "--starts", "2", "--layout", "two", "--csv", starts, "--summary-csv", summary];
            var (exitCode, output, error) = Run(args);
            Assert.AreEqual(0, exitCode, error);
            StringAssert.Contains(output, "goals 0:0 4:4 (x:y)");
            Assert.AreEqual(2, output.Split('\n').Count(line => line.TrimStart().StartsWith("1 ", StringComparison.Ordinal)), output);

            // A second run appends rows under the one header.
            Assert.AreEqual(0, Run(args).ExitCode);
            var startRows = File.ReadAllLines(starts);
            Assert.AreEqual(TheoryDiversityCommand.StartsHeader, startRows[0]);
            Assert.HasCount(1 + (2 * 2 * 2), startRows);
            StringAssert.StartsWith(startRows[1], "two,0:0 4:4,absorbing,5,2,1,0,0,");
            var summaryRows = File.ReadAllLines(summary);
            Assert.AreEqual(TheoryDiversityCommand.SummaryHeader, summaryRows[0]);
            Assert.HasCount(1 + (2 * 2), summaryRows);
            Assert.AreEqual(TheoryDiversityCommand.SummaryHeader.Split(',').Length, summaryRows[1].Split(',').Length);
            StringAssert.StartsWith(summaryRows[2], "two,0:0 4:4,absorbing,5,2,1,1,2,");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void TerminalGoals_AreReportedAndReachTheStudy()
    {
        var (exitCode, output, error) = Run("--goals", "0,0;4,4", "--agents", "2", "--starts", "1", "--terminal-goals");
        Assert.AreEqual(0, exitCode, error);
        StringAssert.Contains(output, "goals 0:0 4:4 (x:y), terminal,");
    }

    [TestMethod]
    [DataRow("--goals", "0,0;x", "--goals 0,0;x")]
    [DataRow("--goals", "0,0;9,9", "outside the 5 x 5 grid")]
    [DataRow("--goals", "2,2", "start cell")]
    [DataRow("--state-weight", "0,-1", "--state-weight 0,-1")]
    [DataRow("--beta", "1,nan", "--beta 1,nan")]
    [DataRow("--starts", "0", "--starts 0")]
    [DataRow("--agents", "0", "--agents 0")]
    [DataRow("--goal-reward", "0", "--goal-reward 0")]
    [DataRow("--layout", "a,b", "--layout a,b")]
    public void UsageMistake_IsRefusedWithExitCode2(string option, string value, string expected)
    {
        string[] args = option == "--starts" ? [option, value] : [option, value, "--starts", "1"];
        var (exitCode, output, error) = Run(args);
        Assert.AreEqual(2, exitCode, error);
        Assert.AreEqual(string.Empty, output);
        StringAssert.StartsWith(error, "error: ");
        StringAssert.Contains(error, expected);
    }

    [TestMethod]
    public void OutcomeWeight_TwoValues_PrintsARowEachAndWritesTheUColumn()
    {
        string summary = Path.Combine(Path.GetTempPath(), $"mede-diversity-{Guid.NewGuid():N}.csv");
        try
        {
            var (exitCode, output, error) = Run(
                "--goals", "0,0;4,4", "--agents", "2", "--goal-reward", "20", "--terminal-goals", "--outcome-weight", "0,2", "--starts", "1", "--summary-csv", summary);
            Assert.AreEqual(0, exitCode, error);
            Assert.AreEqual(2, output.Split('\n').Count(line => line.TrimStart().StartsWith("1 ", StringComparison.Ordinal)), output);
            var rows = File.ReadAllLines(summary);
            Assert.AreEqual(TheoryDiversityCommand.SummaryHeader, rows[0]);
            Assert.HasCount(3, rows);
            var header = rows[0].Split(',');
            int u = Array.IndexOf(header, "u");
            int information = Array.IndexOf(header, "mean_end_information");
            Assert.AreEqual("0", rows[1].Split(',')[u]);
            Assert.AreEqual("2", rows[2].Split(',')[u]);
            // Two agents: the end information lies in [0, log 2].
            double nats = double.Parse(rows[2].Split(',')[information], System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsGreaterThanOrEqualTo(0.0, nats);
            Assert.IsLessThanOrEqualTo(Math.Log(2) + 1e-9, nats);
        }
        finally
        {
            File.Delete(summary);
        }
    }

    [TestMethod]
    [DataRow(new[] { "--outcome-weight", "1" }, "--terminal-goals")]
    [DataRow(new[] { "--outcome-weight", "0,-1", "--terminal-goals" }, "--outcome-weight 0,-1")]
    [DataRow(new[] { "--outcome-weight", "inf", "--terminal-goals" }, "--outcome-weight inf")]
    public void OutcomeWeight_UsageMistake_IsRefusedWithExitCode2(string[] args, string expected)
    {
        var (exitCode, output, error) = Run([.. args, "--starts", "1"]);
        Assert.AreEqual(2, exitCode, error);
        Assert.AreEqual(string.Empty, output);
        StringAssert.StartsWith(error, "error: ");
        StringAssert.Contains(error, expected);
    }

    [TestMethod]
    public void Csv_ForeignFile_IsNotAppendedTo()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mede-diversity-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "something,else\n1,2\n");
        try
        {
            var (exitCode, _, error) = Run("--goals", "0,0;4,4", "--agents", "2", "--starts", "1", "--csv", path);
            Assert.AreEqual(2, exitCode, error);
            StringAssert.Contains(error, "header");
            Assert.AreEqual("something,else\n1,2\n", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
