using System.Text.RegularExpressions;
using System.Xml.Linq;
using Mede.ML.Analysis.Reports;
using Mede.ML.Analysis.Store;
using Mede.ML.Analysis.Tests.Plots;
using Mede.ML.Analysis.Tests.Store;
using Mede.ML.Training;

namespace Mede.ML.Analysis.Tests.Reports;

[TestClass]
public sealed partial class RunReportTests
{
    [TestMethod]
    public void Write_SeedsOfThreeMethods_SectionsTablesAndEveryLinkedFigure()
    {
        SeedRuns runs = SeedRuns.Shared;
        string output = StoreTestRuns.NewFolder("report");
        try
        {
            IReadOnlyList<string> written = RunReport.Write(runs.Folders, output, "Test report");

            string report = File.ReadAllText(written[0]);
            Assert.AreEqual(Path.Combine(output, "report.md"), written[0]);
            StringAssert.StartsWith(report, "# Test report\n");
            foreach (string heading in new[] { "## Runs", "## Returns", "## Goal coverage (MultiGoal)", "## Learning curves", "## Discriminability", "## Paths (MultiGoal)" })
            {
                StringAssert.Contains(report, "\n" + heading + "\n", heading);
            }

            StringAssert.Contains(report, "| Method | multigoal average | multigoal max | Seeds |");
            Assert.AreEqual(1, Regex.Matches(report, @"^\| SAC \|", RegexOptions.Multiline).Count);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| MEDE \(2\) \| -?\d+ ± \d+ \| -?\d+ ± \d+ \| 2 \|", RegexOptions.Multiline).Count);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| DIAYN \(2\) \|", RegexOptions.Multiline).Count);
            Assert.AreEqual(5, Regex.Matches(report, @"^\| (mede|diayn|sac)-\d \| multigoal \|", RegexOptions.Multiline).Count, "one row per run");
            // Goal coverage shows the agents' overlap where an evaluation recorded their states, a dash where none did.
            Assert.AreEqual(1, Regex.Matches(report, @"^\| mede-1 \| [^|]+ \| \d+ \| \d+ \| [01]\.\d\d \|", RegexOptions.Multiline).Count, report);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| mede-2 \| [^|]+ \| \d+ \| \d+ \| – \|", RegexOptions.Multiline).Count, report);

            var links = FigureLink().Matches(report).Select(m => m.Groups[1].Value).ToList();
            CollectionAssert.AreEquivalent(written.Skip(1).Where(p => p.EndsWith(".svg", StringComparison.Ordinal)).Select(Path.GetFileName).ToList(), links, "every figure written is linked, and only those");
            string[] returnsCsv = File.ReadAllLines(Path.Combine(output, "returns.csv"));
            Assert.HasCount(4, returnsCsv, "a header and SAC, MEDE, DIAYN");
            Assert.HasCount(6, File.ReadAllLines(Path.Combine(output, "runs.csv")), "a header and five runs");
            StringAssert.Contains(report, "[returns.csv](returns.csv)");
            CollectionAssert.IsSubsetOf(new[] { "returns-multigoal.svg", "discriminability-multigoal.svg", "paths-mede-1.svg" }, links);
            Assert.IsFalse(links.Contains("paths-mede-2.svg"), "runs without an evaluation have no paths figure");
            foreach (string link in links)
            {
                Assert.AreEqual("svg", XDocument.Load(Path.Combine(output, link)).Root!.Name.LocalName, link);
            }

            // Writing again replaces the report whole.
            RunReport.Write(runs.Folders.Take(2).ToList(), output, "Second");
            StringAssert.StartsWith(File.ReadAllText(Path.Combine(output, "report.md")), "# Second\n");
        }
        finally
        {
            StoreTestRuns.Delete(output);
        }
    }

    [TestMethod]
    public void Write_RunWithPhysicsFailures_ShowsTheRunsCountAndZeroForOthers()
    {
        string folder = StoreTestRuns.NewFolder("physics");
        try
        {
            string report = TrainAndReport(folder, "unstable-run", StoreTestRuns.Tiny(steps: 120), SeedRuns.Shared.Folders[0], run =>
            {
                using RunStore store = RunStore.OpenForWriting(run);
                // What the training loop records once environments broke down: the running count.
                RunStoreRecorder recorder = store.CreateRecorder();
                recorder.RecordMetric(60, Training.TrainingSession.PhysicsFailuresMetric, null, 2);
                recorder.RecordMetric(120, Training.TrainingSession.PhysicsFailuresMetric, null, 3);
                recorder.Flush();
            });
            StringAssert.Contains(report, "| Physics failures |");
            Assert.AreEqual(1, Regex.Matches(report, @"^\| unstable-run \|.*\| 3 \| none \|$", RegexOptions.Multiline).Count, report);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| (mede|diayn|sac)-\d \|.*\| 0 \| none \|$", RegexOptions.Multiline).Count, report);
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void Write_RunWithAnExtension_NamesItInItsRowAndAsAMethodOfItsOwn()
    {
        string folder = StoreTestRuns.NewFolder("extension");
        try
        {
            TrainingConfiguration options = StoreTestRuns.Tiny(steps: 120);
            options.OutcomeWeight = 30f;

            // Beside the paper's MEDE with the same agents: two methods, not one averaged over both.
            string paperMede = SeedRuns.Shared.Folders.First(f => Path.GetFileName(f).StartsWith("mede-", StringComparison.Ordinal));
            string report = TrainAndReport(folder, "outcome-run", options, paperMede);
            string output = Path.Combine(folder, "out");
            Assert.AreEqual(1, Regex.Matches(report, @"^\| outcome-run \|.*\| OutcomeWeight 30 \(bandwidth 1\) \|$", RegexOptions.Multiline).Count, report);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| mede-\d \|.*\| none \|$", RegexOptions.Multiline).Count, report);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| MEDE \(2\) \| -?\d", RegexOptions.Multiline).Count, report);
            Assert.AreEqual(1, Regex.Matches(report, @"^\| MEDE \(2\) \+ OutcomeWeight 30 \(bandwidth 1\), an extension \| -?\d", RegexOptions.Multiline).Count, report);
            Assert.HasCount(3, File.ReadAllLines(Path.Combine(output, "returns.csv")), "a header and the two methods");
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void Write_FolderWithoutStore_NamesItAndWritesNoReport()
    {
        string empty = StoreTestRuns.NewFolder("no-store");
        string output = Path.Combine(empty, "out");
        try
        {
            var e = Assert.ThrowsExactly<RunStoreException>(() => RunReport.Write([SeedRuns.Shared.Folders[0], empty], output));
            StringAssert.Contains(e.Message, Path.Combine(empty, "run.db"));
            Assert.IsFalse(File.Exists(Path.Combine(output, "report.md")));
            Assert.ThrowsExactly<ArgumentException>(() => RunReport.Write([], output));
        }
        finally
        {
            StoreTestRuns.Delete(empty);
        }
    }

    [GeneratedRegex(@"!\[[^\]]*\]\(([^)]+)\)")]
    private static partial Regex FigureLink();

    /// <summary>Trains a tiny run named <paramref name="name"/> in <paramref name="folder"/>, lets
    /// <paramref name="amend"/> add to its store, and returns the report of it beside <paramref name="other"/>
    /// (written to <c>folder/out</c>).</summary>
    private static string TrainAndReport(string folder, string name, TrainingConfiguration options, string other, Action<string>? amend = null)
    {
        string run = Path.Combine(folder, name);
        StoreTestRuns.Train(run, options, transitionInterval: 0);
        amend?.Invoke(run);
        return File.ReadAllText(RunReport.Write([run, other], Path.Combine(folder, "out"))[0]);
    }
}
