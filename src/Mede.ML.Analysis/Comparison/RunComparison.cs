using System.Globalization;
using System.Net;
using System.Text;
using Mede.ML.Analysis.Store;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Mede.ML.Analysis.Comparison;

/// <summary>
/// Many runs compared: one <see cref="RunSummary"/> per run store, and one <see cref="ComparisonRow"/> per method
/// (environment, algorithm, agents, extensions) with mean and standard deviation over its seeds — the paper's Table 1, as
/// Markdown, HTML, a data view or CSV.
/// </summary>
public sealed class RunComparison
{
    private RunComparison(IReadOnlyList<RunSummary> runs)
    {
        Runs = runs;
        Rows = [.. runs
            .GroupBy(r => (r.Environment, r.Algorithm, r.Agents, r.Extensions))
            .OrderBy(g => g.Key.Environment, StringComparer.Ordinal)
            .ThenBy(g => AlgorithmOrder(g.Key.Algorithm))
            .ThenBy(g => g.Key.Agents)
            .ThenBy(g => g.Key.Extensions, StringComparer.Ordinal)
            .Select(Summarise)];
    }

    /// <summary>The runs, in the order given.</summary>
    public IReadOnlyList<RunSummary> Runs { get; }

    /// <summary>One row per method, by environment, then SAC, MEDE, DIAYN, then agents.</summary>
    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>Opens the stores of <paramref name="runFolders"/> and summarises each (runs that share a name, the same
    /// cell in two sweeps, are told apart by their folders).</summary>
    /// <exception cref="RunStoreException">A folder has no readable run store; the message names it.</exception>
    public static RunComparison Load(IEnumerable<string> runFolders)
    {
        ArgumentNullException.ThrowIfNull(runFolders);
        var stores = new List<RunStore>();
        try
        {
            foreach (string folder in runFolders)
            {
                stores.Add(RunStore.Open(folder));
            }

            return new RunComparison(Summarise(stores));
        }
        finally
        {
            foreach (RunStore store in stores)
            {
                store.Dispose();
            }
        }
    }

    /// <summary>Summarises each of <paramref name="stores"/>, runs that share a name (the same cell in two sweeps) told
    /// apart by their folders (<see cref="RunNames"/>).</summary>
    internal static List<RunSummary> Summarise(IReadOnlyList<RunStore> stores)
    {
        IReadOnlyList<string> names = RunNames.Distinct(stores);
        var summaries = new List<RunSummary>(stores.Count);
        for (int i = 0; i < stores.Count; i++)
        {
            RunSummary summary = Summarise(stores[i]);
            summary.Run = names[i];
            summaries.Add(summary);
        }

        return summaries;
    }

    /// <summary>Compares already summarised runs.</summary>
    public static RunComparison FromSummaries(IEnumerable<RunSummary> runs) => new([.. runs]);

    /// <summary>Summarises one run: returns and goals of its newest complete evaluation of the deterministic policies
    /// (<see cref="RunStore.ReturnsEvaluation"/>; else of the stochastic ones; without any, of the last 50 training
    /// episodes of each agent), and the final discriminabilities.</summary>
    public static RunSummary Summarise(RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        RunRow run = store.Run;
        EvaluationRow? evaluation = store.ReturnsEvaluation();
        IReadOnlyList<EpisodeRow> episodes = evaluation is null ? store.LastTrainingEpisodes() : store.Episodes(evaluation.Id);
        IReadOnlyList<AgentSummary> agents = RunStore.Summarise(episodes);

        return new RunSummary
        {
            Run = run.Name,
            Environment = run.Environment,
            Algorithm = run.Algorithm,
            Agents = run.Agents,
            Seed = run.Seed,
            Steps = run.LastStep,
            Finished = run.EndedAt.Length > 0,
            Evaluated = evaluation is not null,
            ReturnsFrom = evaluation is null ? "last training episodes" : evaluation.Deterministic ? "deterministic evaluation" : "stochastic evaluation",
            AverageReturn = agents.Count == 0 ? double.NaN : agents.Average(a => a.MeanReturn),
            MaxReturn = agents.Count == 0 ? double.NaN : agents.Max(a => a.MeanReturn),
            GoalsReached = run.IsMultiGoal ? episodes.Where(e => e.Goal >= 0).Select(e => e.Goal).Distinct().Count() : -1,
            LogQStateAction = FinalValue(store.Series("log_q_z_given_sa")),
            LogQState = FinalValue(store.Series("log_q_z_given_s")),
            AgentSummaries = agents,
            Extensions = string.Join("; ", store.TrainerOptions().DeparturesFromPaper().Select(d => d.InUse)),
        };
    }

    /// <summary>The rows as a data view (columns as <see cref="ComparisonRow"/>).</summary>
    public IDataView ToDataView() => new MLContext().Data.LoadFromEnumerable(Rows);

    /// <summary>The runs as a data view (columns as <see cref="RunSummary"/>).</summary>
    public IDataView RunsToDataView() => new MLContext().Data.LoadFromEnumerable(Runs);

    /// <summary>The rows as a DataFrame (columns as <see cref="ComparisonRow"/>).</summary>
    public DataFrame ToDataFrame() => ToDataView().ToFlatDataFrame();

    /// <summary>The runs as a DataFrame (columns as <see cref="RunSummary"/>).</summary>
    public DataFrame RunsToDataFrame() => RunsToDataView().ToFlatDataFrame();

    /// <summary>Writes the rows as CSV (header, invariant culture) with DataFrame's writer.</summary>
    /// <param name="path">The destination file; its directory must exist.</param>
    public void SaveCsv(string path) => ToDataView().SaveFlatCsv(path);

    /// <summary>
    /// The return table in Table 1's shape, as a GitHub Markdown table: a row per method, per environment the
    /// average and max return as mean ± std over seeds, and the number of seeds.
    /// </summary>
    public string ToMarkdown()
    {
        var (environments, rows) = Table();
        var text = new StringBuilder("| Method |");
        foreach (string environment in environments)
        {
            text.Append(CultureInfo.InvariantCulture, $" {environment} average | {environment} max |");
        }

        text.Append(" Seeds |\n|---|").Append(string.Concat(Enumerable.Repeat("---:|---:|", environments.Count))).Append("---:|\n");
        foreach (var (method, cells, seeds) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {method} | {string.Join(" | ", cells)} | {seeds} |\n");
        }

        return text.ToString();
    }

    /// <summary>The same table as a self-contained HTML table (for notebooks and reports).</summary>
    public string ToHtml()
    {
        var (environments, rows) = Table();
        var html = new StringBuilder("<table class=\"mede-returns\">\n<thead>\n<tr><th rowspan=\"2\">Method</th>");
        foreach (string environment in environments)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th colspan=\"2\">{WebUtility.HtmlEncode(environment)}</th>");
        }

        html.Append("<th rowspan=\"2\">Seeds</th></tr>\n<tr>");
        html.Append(string.Concat(Enumerable.Repeat("<th>average</th><th>max</th>", environments.Count)));
        html.Append("</tr>\n</thead>\n<tbody>\n");
        foreach (var (method, cells, seeds) in rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>{WebUtility.HtmlEncode(method)}</th>");
            html.Append(string.Concat(cells.Select(cell => $"<td>{WebUtility.HtmlEncode(cell)}</td>")));
            html.Append(CultureInfo.InvariantCulture, $"<td>{seeds}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        return html.ToString();
    }

    /// <summary>Formats mean ± std over <paramref name="samples"/> values with a precision that suits the magnitude; the
    /// mean alone for a single value, whose standard deviation is not defined (SampleStd's 0 is not a measurement).</summary>
    public static string FormatMeanStd(double mean, double std, int samples) =>
        samples < 2 && !double.IsNaN(mean) ? mean.ToString(Precision(mean), CultureInfo.InvariantCulture) : FormatMeanStd(mean, std);

    /// <summary>Formats mean ± std with a precision that suits the magnitude.</summary>
    public static string FormatMeanStd(double mean, double std)
    {
        if (double.IsNaN(mean))
        {
            return "–";
        }

        string format = Precision(mean);
        return $"{mean.ToString(format, CultureInfo.InvariantCulture)} ± {std.ToString(format, CultureInfo.InvariantCulture)}";
    }

    private static string Precision(double value) => Math.Abs(value) >= 100 ? "F0" : Math.Abs(value) >= 10 ? "F1" : "F2";

    private static ComparisonRow Summarise(IGrouping<(string Environment, string Algorithm, int Agents, string Extensions), RunSummary> group)
    {
        var runs = group.ToList();
        return new ComparisonRow
        {
            Environment = group.Key.Environment,
            Algorithm = group.Key.Algorithm,
            Agents = group.Key.Agents,
            Extensions = group.Key.Extensions,
            Seeds = runs.Count,
            AverageReturnMean = runs.Average(r => r.AverageReturn),
            AverageReturnStd = SampleStd(runs.Select(r => r.AverageReturn)),
            MaxReturnMean = runs.Average(r => r.MaxReturn),
            MaxReturnStd = SampleStd(runs.Select(r => r.MaxReturn)),
            GoalsReachedMean = runs.All(r => r.GoalsReached >= 0) ? runs.Average(r => r.GoalsReached) : -1,
            LogQStateActionMean = runs.Average(r => r.LogQStateAction),
            LogQStateMean = runs.Average(r => r.LogQState),
        };
    }

    /// <summary>The sample standard deviation (n - 1), 0 for fewer than two values.</summary>
    internal static double SampleStd(IEnumerable<double> values)
    {
        double[] v = [.. values];
        if (v.Length < 2)
        {
            return 0;
        }

        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
    }

    private static double FinalValue(IReadOnlyList<(long Step, double Value)> series)
    {
        if (series.Count == 0)
        {
            return double.NaN;
        }

        int tail = Math.Max(1, series.Count / 10);
        return series.Skip(series.Count - tail).Average(p => p.Value);
    }

    /// <summary>SAC, MEDE, DIAYN, then any other: the order of methods in tables.</summary>
    internal static int AlgorithmOrder(string algorithm) => algorithm switch
    {
        "SAC" => 0,
        "MEDE" => 1,
        "DIAYN" => 2,
        _ => 3,
    };

    /// <summary>The table both renderings share: the environments, and per method (SAC, MEDE, DIAYN; by agents) its
    /// cells (average and max per environment, "–" where it has no runs) and its seed counts.</summary>
    private (List<string> Environments, List<(string Method, List<string> Cells, string Seeds)> Rows) Table()
    {
        List<string> environments = [.. Rows.Select(r => r.Environment).Distinct()];
        var methods = Rows.OrderBy(r => AlgorithmOrder(r.Algorithm)).ThenBy(r => r.Agents).Select(r => r.Method).Distinct();
        var rows = methods.Select(method =>
        {
            var cells = environments
                .Select(environment => Rows.FirstOrDefault(r => r.Environment == environment && r.Method == method))
                .SelectMany(row => new[] { Cell(row, average: true), Cell(row, average: false) })
                .ToList();
            string seeds = string.Join("/", Rows.Where(r => r.Method == method).Select(r => r.Seeds).Distinct());
            return (method, cells, seeds);
        });
        return (environments, rows.ToList());
    }

    private static string Cell(ComparisonRow? row, bool average) =>
        row is null ? "–" : average ? FormatMeanStd(row.AverageReturnMean, row.AverageReturnStd, row.Seeds) : FormatMeanStd(row.MaxReturnMean, row.MaxReturnStd, row.Seeds);
}
