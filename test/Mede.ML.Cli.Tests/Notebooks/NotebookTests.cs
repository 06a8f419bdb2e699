using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mede.ML.Cli.Tests.Packaging;

namespace Mede.ML.Cli.Tests.Notebooks;

/// <summary>
/// Runs every notebook in <c>notebooks/</c> in the real .NET Interactive kernel, as a user would:
/// <c>dotnet repl --run NOTEBOOK --exit-after-run --output-path OUT</c> (the local tool of
/// <c>.config/dotnet-tools.json</c>; <c>dotnet tool restore</c> installs it), with Mede.ML taken from its NuGet
/// packages (<c>#i "nuget: FEED"</c> and <c>#r "nuget: Mede.ML.Analysis, VERSION"</c>) in the feed this test run
/// packed (<see cref="LocalFeed"/>). A notebook fails when the tool exits non-zero, when any cell has an error output
/// or did not run, and when a table or chart the notebook shows is missing from the executed notebook's outputs.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed partial class NotebookTests
{
    /// <summary>What each notebook must show, in order: DataFrames (the Microsoft.Data.Analysis formatter's HTML table,
    /// with these column headers), charts (inline SVG with this title) and HTML tables (with this caption).</summary>
    private static readonly Dictionary<string, Display[]> s_expected = new(StringComparer.Ordinal)
    {
        ["01-quickstart.ipynb"] =
        [
            Display.Html("<table class=\"mede-agents\">", "Max return"),
            Display.Chart("MEDE, 4 agents, 2,000 steps"),
            Display.DataFrame("Agent", "MeanReturn", "StdReturn", "MaxReturn"),
            Display.DataFrame("EvaluationId", "Episode", "Return"),
            Display.DataFrame("Observation.0", "Action.0", "Reward"),
            Display.DataFrame("Observation.0", "Action.0"),
        ],
        ["02-analysis.ipynb"] =
        [
            Display.Html("<table class=\"mede-returns\">", "MEDE", "DIAYN", "SAC"),
            Display.DataFrame("Run", "Algorithm", "AverageReturn", "MaxReturn"),
            Display.Chart("Return over training"),
            Display.Chart("Discriminability over training"),
            Display.Html("<table class=\"mede-agents\">", "Max return"),
        ],
        ["03-theory.ipynb"] =
        [
            Display.Html("<caption><b>Q*_soft(s, a)</b></caption>"),
            Display.Html("<caption><b>Q*_z(s, a), agent"),
            Display.Html("<caption><b>S*_z(s, a), agent"),
            Display.Html("<caption><b>p(z|s) at the goals</b></caption>"),
            Display.DataFrame("case", "min pi", "Thm 2 on", "Thm 2 off", "Thm 3"),
            Display.DataFrame("beta", "min pi (random MDP)", "Thm 2 (random MDP)", "Thm 2 (gridworld)"),
        ],
    };

    private string _folder = string.Empty;

    public static IEnumerable<object[]> Notebooks() => NotebookFiles().Select(p => new object[] { Path.GetFileName(p) });

    [TestInitialize]
    public void CreateFolder() => _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mede-notebook-" + Guid.NewGuid().ToString("N"))).FullName;

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TestMethod]
    public void Notebooks_Every_HasItsExpectedDisplays()
    {
        string[] names = [.. NotebookFiles().Select(p => Path.GetFileName(p))];
        Assert.IsNotEmpty(names, "no notebook in notebooks/");
        CollectionAssert.AreEquivalent(names, s_expected.Keys.ToArray(), "every notebook needs its expected displays in NotebookTests, and only those");
    }

    [TestMethod]
    [DynamicData(nameof(Notebooks))]
    public void Notebook_RunInTheKernelAgainstThePackedFeed_RunsEveryCellAndShowsItsTablesAndCharts(string notebook)
    {
        Assert.IsTrue(s_expected.TryGetValue(notebook, out Display[]? displays), $"NotebookTests has no expected displays for {notebook}: add them");
        LocalFeed packed = LocalFeed.Shared;
        string notebooks = Path.Combine(LocalFeed.RepositoryRoot(), "notebooks");
        string input = Path.Combine(_folder, notebook), output = Path.Combine(_folder, "executed-" + notebook);
        File.WriteAllText(input, PointAtFeed(File.ReadAllText(Path.Combine(notebooks, notebook)), packed, notebook));

        // Run from notebooks/ (where a notebook editor runs it, and inside the tool manifest's folder); the kernel's
        // package restores go into the feed's private package folder, never the machine's NuGet cache.
        var (exitCode, log) = RunRepl(notebooks, input, output, packed.Packages);
        JsonNode? executed = File.Exists(output) ? JsonNode.Parse(File.ReadAllText(output)) : null;
        Assert.IsNotNull(executed, $"dotnet repl wrote no executed notebook (exit {exitCode}):\n{log}");
        List<JsonObject> codeCells = [.. executed["cells"]!.AsArray().Select(c => c!.AsObject()).Where(c => (string?)c["cell_type"] == "code")];
        string errors = string.Join("\n", codeCells.SelectMany((cell, i) => Outputs(cell)
            .Where(o => (string?)o["output_type"] == "error")
            .Select(o => $"code cell {i + 1}: {o["ename"]}: {o["evalue"]}")));
        if (errors.Length > 0)
        {
            Assert.Fail($"{notebook} has cells that threw:\n{errors}");
        }

        Assert.AreEqual(0, exitCode, $"dotnet repl failed on {notebook}:\n{log}");
        for (int i = 0; i < codeCells.Count; i++)
        {
            Assert.IsNotNull(codeCells[i]["metadata"]?["dotnet_repl_cellExecutionEndTime"], $"{notebook}: code cell {i + 1} did not run");
        }

        var shown = codeCells.SelectMany(Outputs)
            .Where(o => (string?)o["output_type"] is "display_data" or "execute_result")
            .Select(o => o["data"]!.AsObject())
            .ToList();
        int next = 0;
        foreach (Display expected in displays)
        {
            int found = shown.FindIndex(next, expected.IsIn);
            Assert.IsGreaterThanOrEqualTo(0, found, $"{notebook} does not show {expected} after its display {next}. Its displays:\n{Describe(shown)}");
            next = found + 1;
        }
    }

    /// <summary>Points the notebook's <c>#i "nuget: ..."</c> line at the test run's feed and its
    /// <c>#r "nuget: Mede.ML..., VERSION"</c> lines at the test run's version; fails if it has neither.</summary>
    private static string PointAtFeed(string json, LocalFeed packed, string notebook)
    {
        JsonNode document = JsonNode.Parse(json)!;
        JsonObject first = document["cells"]!.AsArray().Select(c => c!.AsObject()).First(c => (string?)c["cell_type"] == "code");
        string source = string.Concat(first["source"]!.AsArray().Select(l => (string?)l));
        Assert.AreEqual(1, FeedLine().Count(source), $"{notebook}: its first code cell needs one #i \"nuget: FEED\" line");
        Assert.IsTrue(PackageLine().IsMatch(source), $"{notebook}: its first code cell references no Mede.ML package (#r \"nuget: Mede.ML..., VERSION\")");
        source = FeedLine().Replace(source, $"#i \"nuget: {packed.Feed}\"");
        source = PackageLine().Replace(source, m => $"#r \"nuget: {m.Groups[1].Value}, {packed.Version}\"");
        string[] lines = source.Split('\n');
        first["source"] = new JsonArray([.. lines.Select((line, i) => (JsonNode?)JsonValue.Create(i < lines.Length - 1 ? line + "\n" : line))]);
        return document.ToJsonString();
    }

    private static (int ExitCode, string Log) RunRepl(string workingDirectory, string input, string output, string packages)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "repl", "--run", input, "--exit-after-run", "--output-path", output })
        {
            start.ArgumentList.Add(argument);
        }

        // An MSBuild property from the environment: the packages folder of the kernel's own `#r "nuget:"` restores.
        start.Environment["RestorePackagesPath"] = packages;
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet repl did not finish {Path.GetFileName(input)} in 10 minutes");
        }

        process.WaitForExit();
        string log = stdout.Result + stderr.Result;
        if (log.Contains("dotnet-repl does not exist", StringComparison.Ordinal))
        {
            Assert.Fail($"the dotnet-repl tool is not installed: run `dotnet tool restore` in the repository first (the README's test command does).\n{log}");
        }

        return (process.ExitCode, log);
    }

    private static string Describe(List<JsonObject> shown) =>
        string.Join("\n", shown.Select((data, i) => (Data: data, Index: i)).Where(d => !IsRestoreProgress(d.Data)).Select(d =>
        {
            var (data, i) = d;
            string text = Display.Text(data["text/html"]) ?? Display.Text(data["text/plain"]) ?? string.Empty;
            return $"{i}: [{string.Join(", ", data.Select(p => p.Key))}] {text[..Math.Min(text.Length, 160)].ReplaceLineEndings(" ")}";
        }));

    /// <summary>The kernel's package-restore progress (one display per update), left out of failure messages.</summary>
    private static bool IsRestoreProgress(JsonObject data) =>
        (Display.Text(data["text/html"]) ?? string.Empty).StartsWith("<div><div><strong>Restore sources</strong>", StringComparison.Ordinal);

    private static IEnumerable<JsonObject> Outputs(JsonObject cell) =>
        cell["outputs"] is JsonArray outputs ? outputs.Select(o => o!.AsObject()) : [];

    private static IEnumerable<string> NotebookFiles() =>
        Directory.GetFiles(Path.Combine(LocalFeed.RepositoryRoot(), "notebooks"), "*.ipynb").Order(StringComparer.Ordinal);

    [GeneratedRegex("^#i \"nuget:[^\"]*\"[ \\t]*$", RegexOptions.Multiline)]
    private static partial Regex FeedLine();

    [GeneratedRegex("^#r \"nuget:\\s*(Mede\\.ML[A-Za-z.]*),\\s*[^\"]+\"[ \\t]*$", RegexOptions.Multiline)]
    private static partial Regex PackageLine();

    /// <summary>One table or chart a notebook must show, recognised in a display's MIME bundle.</summary>
    private sealed record Display(string Kind, string[] Markers)
    {
        /// <summary>A DataFrame, as the Microsoft.Data.Analysis kernel extension formats it: an HTML table whose first
        /// header is the italic row index, with these column headers.</summary>
        public static Display DataFrame(params string[] columns) => new("DataFrame", columns);

        /// <summary>A chart shown inline: HTML holding the chart's SVG, with this title.</summary>
        public static Display Chart(string title) => new("chart", [title]);

        /// <summary>HTML containing every marker.</summary>
        public static Display Html(params string[] markers) => new("HTML", markers);

        public bool IsIn(JsonObject data)
        {
            string html = Text(data["text/html"]) ?? string.Empty;
            return Kind switch
            {
                "DataFrame" => html.Contains("<th><i>index</i></th>", StringComparison.Ordinal)
                    && Markers.All(column => html.Contains($"<th>{System.Net.WebUtility.HtmlEncode(column)}</th>", StringComparison.Ordinal)),
                "chart" => html.Contains("<svg", StringComparison.Ordinal) && html.Contains(Markers[0], StringComparison.Ordinal),
                _ => Markers.All(m => html.Contains(m, StringComparison.Ordinal)),
            };
        }

        public override string ToString() => $"a {Kind} with {string.Join(", ", Markers.Select(m => $"'{m}'"))}";

        public static string? Text(JsonNode? value) => value switch
        {
            JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
            JsonValue single => (string?)single,
            _ => null,
        };
    }
}
