using System.Globalization;
using System.Text;
using Mede.ML.Analysis.Comparison;
using Mede.ML.Analysis.Plots;
using Mede.ML.Analysis.Store;
using Mede.ML.Environments;
using Mede.ML.Evaluation;

namespace Mede.ML.Analysis.Reports;

/// <summary>
/// One Markdown report comparing runs, with its SVG figures beside it: the runs, the return table (Table 1 shape),
/// goal coverage on MultiGoal, learning curves and discriminability over seeds per environment (Figure 2), and the
/// paths of each MultiGoal run's latest evaluation (Figure 1), and Q contours when a SAC and a MEDE MultiGoal run
/// with checkpoints are among the runs (Figure 1e); the tables also as CSV. Readable on GitHub and in any
/// Markdown viewer.
/// </summary>
public static class RunReport
{
    /// <summary>The report's file name inside the output folder.</summary>
    public const string FileName = "report.md";

    /// <summary>The folder beside the report that holds a <see cref="RunDigest"/> of each of its runs.</summary>
    public const string DataFolder = "data";

    /// <summary>The names under which a report's data folder (<see cref="DataFolder"/>) may hold the digest of the run in
    /// <paramref name="runFolder"/>: the run's own name (its folder's), and the name after the folder that holds it
    /// ("figure2-beta/hopper-mede4-seed0", a sweep's <c>runs</c> folder skipped), which a report gives runs that share a
    /// name.</summary>
    /// <param name="runFolder">A run folder.</param>
    public static IReadOnlyList<string> DigestNames(string runFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(runFolder);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runFolder)));
        return RunNames.Qualified(runFolder, name) is { } qualified ? [name, qualified] : [name];
    }

    /// <summary>Writes <c>report.md</c> and its SVGs into <paramref name="outputFolder"/> (created if needed; files
    /// of an earlier report are replaced, each written whole), and a digest of each run into its <c>data</c> folder
    /// (<see cref="DataFolder"/>), from which the report can be drawn again or extended without the run folders.</summary>
    /// <param name="runFolders">Run folders with a <c>run.db</c>, or digest folders (<see cref="RunDigest"/>), in any
    /// order: the report orders them by task, algorithm (SAC, MEDE, DIAYN), agents and name.</param>
    /// <param name="outputFolder">Where the report goes.</param>
    /// <param name="title">The report's heading.</param>
    /// <returns>The paths written, report first, then the CSV files and figures, then the data folder.</returns>
    /// <exception cref="RunStoreException">A folder has no readable run store; the message names it.</exception>
    public static IReadOnlyList<string> Write(IReadOnlyList<string> runFolders, string outputFolder, string title = "Mede.ML run report")
    {
        ArgumentNullException.ThrowIfNull(runFolders);
        ArgumentException.ThrowIfNullOrEmpty(outputFolder);
        if (runFolders.Count == 0)
        {
            throw new ArgumentException("A report needs at least one run folder.", nameof(runFolders));
        }

        var stores = new List<RunStore>();
        try
        {
            foreach (string folder in runFolders)
            {
                stores.Add(RunStore.Open(folder));
            }

            // One order whatever the arguments' order (a report grown from its data and new run folders reads the same as
            // one made at once): by task, then SAC, MEDE, DIAYN, then agents, then run name.
            stores = [.. stores
                .OrderBy(s => s.Run.Environment, StringComparer.Ordinal)
                .ThenBy(s => RunComparison.AlgorithmOrder(s.Run.Algorithm))
                .ThenBy(s => s.Run.Agents)
                .ThenBy(s => s.Run.Name, StringComparer.Ordinal)
                .ThenBy(s => s.Run.Seed)];
            Directory.CreateDirectory(outputFolder);
            var written = new List<string>();
            string markdown = Compose(stores, outputFolder, title, written);
            written.Add(WriteDigests(stores, outputFolder));
            string path = Path.Combine(outputFolder, FileName);
            AtomicFile.WriteAllText(path, markdown);
            written.Insert(0, path);
            return written;
        }
        finally
        {
            foreach (RunStore store in stores)
            {
                store.Dispose();
            }
        }
    }

    private static string Compose(List<RunStore> stores, string outputFolder, string title, List<string> figures)
    {
        List<RunSummary> summaries = RunComparison.Summarise(stores);
        var runs = stores.Select(s => s.Run).ToList();
        IReadOnlyList<string> names = [.. summaries.Select(s => s.Run)];

        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# {title}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{stores.Count} run{(stores.Count == 1 ? string.Empty : "s")}, written {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC by Mede.ML.\n\n");

        md.Append("## Runs\n\nPhysics failures: training episodes ended because the simulation broke down (MuJoCo reset a NaN or huge ");
        md.Append("state); each cost its episode, not the run. Not the paper's: extensions of the method, departures of the task, and other weights for the paper's own terms; the run's ");
        md.Append("train.log names each with the `--set` that turns it off. Returns from: the run's evaluation of its deterministic policies ");
        md.Append("(each agent's mode, tanh of the mean, as in the paper's Table 1), else of its stochastic ones, else its last training episodes. Each run's data (its metrics, episodes and evaluation, without ");
        md.Append("checkpoints or recorded steps) is in [data/](data/): `mede report` on this folder draws the report again from it, and with more ");
        md.Append("run folders extends it.\n\n");
        md.Append("| Run | Environment | Algorithm | Agents | Seed | Steps | Finished | Returns from | Physics failures | Not the paper's |\n|---|---|---|---:|---:|---:|---|---|---:|---|\n");
        for (int i = 0; i < stores.Count; i++)
        {
            RunRow r = runs[i];
            md.Append(CultureInfo.InvariantCulture,
                $"| {Escape(names[i])} | {r.Environment} | {r.Algorithm} | {r.Agents} | {r.Seed} | {Math.Max(r.LastStep, 0):N0} | {(r.EndedAt.Length > 0 ? "yes" : "no")} | {summaries[i].ReturnsFrom} | {PhysicsFailures(stores[i]):N0} | {(summaries[i].Extensions.Length > 0 ? Escape(summaries[i].Extensions) : "none")} |\n");
        }

        md.Append("\n## Returns\n\n");
        md.Append("Average: the mean over agents of each agent's mean return; max: the best agent's mean return (as in the ");
        md.Append("paper's Table 1); mean ± standard deviation over seeds (the value alone for a single seed).\n\n");
        RunComparison comparison = RunComparison.FromSummaries(summaries);
        md.Append(comparison.ToMarkdown());
        string methodsCsv = Path.Combine(outputFolder, "returns.csv"), runsCsv = Path.Combine(outputFolder, "runs.csv");
        comparison.SaveCsv(methodsCsv);
        comparison.RunsToDataView().SaveFlatCsv(runsCsv);
        figures.Add(methodsCsv);
        figures.Add(runsCsv);
        md.Append("\nThe same as CSV: [returns.csv](returns.csv) (per method) and [runs.csv](runs.csv) (per run).\n");
        AppendPaperComparison(md, stores, summaries);

        var multiGoal = Enumerable.Range(0, stores.Count).Where(i => runs[i].IsMultiGoal).ToList();
        if (multiGoal.Count > 0)
        {
            md.Append("\n## Goal coverage (MultiGoal)\n\nThe goal each agent reaches most often in the run's evaluation (or last training episodes), ");
            md.Append("and how many distinct goals the agents cover between them. Overlap: how much the agents' visited states in the ");
            md.Append("evaluation overlap, the mean over pairs of agents (0 apart, 1 the same; nearest-neighbour estimate, `BehaviourOverlap`).\n\n");
            md.Append("| Run | Algorithm | Agents | Goals covered | Overlap | Agent goals |\n|---|---|---:|---:|---:|---|\n");
            foreach (int i in multiGoal)
            {
                IReadOnlyList<AgentSummary> agents = summaries[i].AgentSummaries;
                string goals = string.Join(", ", agents.Select(a => a.Goal < 0 ? $"{a.Agent}: none" : string.Create(CultureInfo.InvariantCulture, $"{a.Agent}: g{a.Goal} ({a.GoalRate:P0})")));
                string overlap = stores[i].Overlap() is { } measured
                    ? measured.MeanOverlap.ToString("F2", CultureInfo.InvariantCulture)
                    : "–";
                md.Append(CultureInfo.InvariantCulture, $"| {Escape(names[i])} | {runs[i].Algorithm} | {runs[i].Agents} | {AgentTable.GoalsCovered(agents)} | {overlap} | {goals} |\n");
            }
        }

        md.Append("\n## Learning curves\n\n");
        foreach (var environment in Environments(stores))
        {
            SvgChart chart = LearningCurvesPlot.OverSeeds(environment.Stores, $"Return over training, {environment.Name} (mean over agents; band: ±1 std over seeds)");
            md.Append(Figure(chart, outputFolder, $"returns-{Slug(environment.Name)}.svg", $"Returns on {environment.Name}", figures));
        }

        // One chart per task and number of agents K: log q(z|...) and its chance level log(1/K) depend on K.
        var discriminable = Environments(stores)
            .Select(e => (e.Name, ByK: e.Stores
                .Where(s => s.Run.Agents > 1 && s.MetricNames().Contains(DiscriminabilityPlot.StateActionMetric))
                .GroupBy(s => s.Run.Agents)
                .OrderBy(g => g.Key)
                .ToList()))
            .Where(e => e.ByK.Count > 0)
            .ToList();
        if (discriminable.Count > 0)
        {
            md.Append("\n## Discriminability\n\nlog q(z|s,a) (solid) and log q(z|s) (dashed) over training on replay minibatches, mean and ±1 std ");
            md.Append("over seeds, as in the paper's Figure 2; the grey line is chance, log(1/K).\n\n");
            foreach (var (name, byK) in discriminable)
            {
                foreach (IGrouping<int, RunStore> group in byK)
                {
                    // A task run with one K keeps its plain chart name; with several, each chart names its K.
                    bool oneK = byK.Count == 1;
                    string suffix = oneK ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {group.Key} agents");
                    string file = oneK ? $"discriminability-{Slug(name)}.svg" : string.Create(CultureInfo.InvariantCulture, $"discriminability-{Slug(name)}-{group.Key}-agents.svg");
                    SvgChart chart = DiscriminabilityPlot.OverSeeds(group, $"Discriminability, {name}{suffix}");
                    md.Append(Figure(chart, outputFolder, file, $"Discriminability on {name}{suffix}", figures));
                    AppendGap(md, [.. group]);
                }
            }
        }

        AppendEntropyAndBehaviour(md, stores, names, outputFolder, figures);

        var withPaths = multiGoal.Where(i => stores[i].LatestEvaluation() is not null && stores[i].Paths(episodesPerAgent: 1).Any(p => p.Count > 0)).ToList();
        if (withPaths.Count > 0)
        {
            md.Append("\n## Paths (MultiGoal)\n\nEvaluation paths of every agent, one colour per agent, goals in grey (the paper's Figure 1).\n\n");
            foreach (int i in withPaths)
            {
                using IEnvironment environment = stores[i].EnvironmentFactory()();
                var world = (MultiGoal)environment;
                SvgChart chart = MultiGoalPathsPlot.FromStore(stores[i], world.Goals, world.GoalRadius, world.Options.PositionLimit,
                    $"{runs[i].Algorithm}, {runs[i].Agents} agents, seed {runs[i].Seed}");
                md.Append(Figure(chart, outputFolder, $"paths-{Slug(names[i])}.svg", $"Paths of {names[i]}", figures));
            }
        }

        AppendQContours(md, stores, runs, outputFolder, figures);
        return md.ToString();
    }

    /// <summary>Writes a digest of each run into <c>data/&lt;name&gt;</c> (the report's run names, so runs that share a
    /// name sit under their sweep's), replacing the data of an earlier report whole: the new folder is built beside it
    /// and then moved into place.</summary>
    private static string WriteDigests(List<RunStore> stores, string outputFolder)
    {
        IReadOnlyList<string> names = RunNames.Distinct(stores);
        string data = Path.GetFullPath(Path.Combine(outputFolder, DataFolder));
        AtomicFile.WriteFolder(data, building =>
        {
            for (int i = 0; i < stores.Count; i++)
            {
                RunDigest.Write(stores[i], Path.Combine(building, names[i]));
            }
        });
        return data;
    }

    /// <summary>Table 1 beside the paper's figures, for the tasks and methods the paper reports.</summary>
    private static void AppendPaperComparison(StringBuilder md, List<RunStore> stores, List<RunSummary> summaries)
    {
        // Compare reads the curves of the runs it keeps only (a report of MultiGoal runs reads none).
        IReadOnlyList<PaperComparisonRow> rows = PaperTable1.Compare(summaries, s => LearningCurvesPlot.MeanOverAgents(stores[summaries.IndexOf(s)]));
        if (rows.Count == 0)
        {
            return;
        }

        md.Append("\n## Against the paper's Table 1\n\nOur finished runs of the paper's method beside the paper's figures (mean ± std; ours over seeds, the value alone for a single seed; the paper's over its runs). ");
        md.Append("sd: the paper's standard deviation, the unit of the difference. The end of the curve: the slope of the seeds' mean ");
        md.Append("learning curve over the last quarter of training, per 100,000 steps; \"still rising\" when that would add ");
        md.Append(string.Create(CultureInfo.InvariantCulture, $"{PaperTable1.RisingShare * 100:0}% of the final level or more, so a longer budget may close a gap.\n\n"));
        md.Append("| Task | Method | Seeds | Steps | Average | Paper | Against the paper | Max | Paper | Against the paper | End of the curve |\n");
        md.Append("|---|---|---:|---:|---:|---:|---|---:|---:|---|---|\n");
        foreach (PaperComparisonRow r in rows)
        {
            string steps = r.MinSteps == r.MaxSteps
                ? r.MaxSteps.ToString("N0", CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{r.MinSteps:N0}-{r.MaxSteps:N0}");
            string max = r.Paper.Max is { } paperMax
                ? $"{RunComparison.FormatMeanStd(r.Max.Mean, r.Max.Std, r.Seeds)} | {RunComparison.FormatMeanStd(paperMax.Mean, paperMax.Std)} | {PaperTable1.Verdict(r.Max.Mean, paperMax)}"
                : $"{RunComparison.FormatMeanStd(r.Max.Mean, r.Max.Std, r.Seeds)} | – | –";
            string trend = string.Create(CultureInfo.InvariantCulture, $"{(r.Trend.Rising ? "still rising" : "flat")} ({r.Trend.SlopePer100k:+0;-0;0} per 100k)");
            md.Append(CultureInfo.InvariantCulture,
                $"| {r.Paper.Environment} | {r.Method} | {r.Seeds} | {steps} | {RunComparison.FormatMeanStd(r.Average.Mean, r.Average.Std, r.Seeds)} | {RunComparison.FormatMeanStd(r.Paper.Average.Mean, r.Paper.Average.Std)} | {PaperTable1.Verdict(r.Average.Mean, r.Paper.Average)} | {max} | {trend} |\n");
        }
    }

    /// <summary>Figure 2's claim in numbers: where DIAYN's discriminability catches up with MEDE's (the paper's DIAYN
    /// against MEDE, and against each variant of MEDE the runs hold).</summary>
    private static void AppendGap(StringBuilder md, List<RunStore> group)
    {
        IReadOnlyList<string> labels = MethodLabels.For(group, withAgents: false);
        var byMethod = group.Select((s, i) => (Store: s, Method: labels[i])).GroupBy(r => r.Method, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Store).ToList(), StringComparer.Ordinal);
        IReadOnlyList<IReadOnlyList<(long Step, double Value)>> Seeds(string method, string metric) =>
            byMethod.TryGetValue(method, out var runs) ? [.. runs.Select(s => s.Series(metric)).Where(series => series.Count > 0)] : [];

        IEnumerable<string> medes = byMethod.Where(m => m.Value[0].Run.Algorithm == "MEDE").Select(m => m.Key).Order(StringComparer.Ordinal);
        foreach (var (medeMethod, metric, metricName) in medes.SelectMany(m => new[] { (m, DiscriminabilityPlot.StateMetric, "log q(z|s)"), (m, DiscriminabilityPlot.StateActionMetric, "log q(z|s,a)") }))
        {
            // The paper's MEDE needs no name; a variant is named after the metric.
            string label = medeMethod == "MEDE" ? metricName : $"{metricName}, {medeMethod}";
            var mede = Seeds(medeMethod, metric);
            var diayn = Seeds("DIAYN", metric);
            if (mede.Count == 0 || diayn.Count == 0)
            {
                continue;
            }

            long? closes = DiscriminabilityGap.Closes(mede, diayn);
            IReadOnlyList<SeedPoint> medePoints = SeedStatistics.Aggregate(mede);
            long first = medePoints.Select(p => p.Step).DefaultIfEmpty(0).First();
            long lastShared = medePoints.Select(p => p.Step).Intersect(SeedStatistics.Aggregate(diayn).Select(p => p.Step)).DefaultIfEmpty(0).Max();
            md.Append(closes switch
            {
                long step when step <= first => string.Create(CultureInfo.InvariantCulture, $"- {label}: DIAYN is never behind MEDE by more than the seeds' spread (both standard deviations): no gap to close."),
                long step => string.Create(CultureInfo.InvariantCulture, $"- {label}: DIAYN closes the gap at step {step:N0}: from there on its mean is at least MEDE's less both standard deviations over seeds (MEDE's first value is at step {first:N0})."),
                _ => string.Create(CultureInfo.InvariantCulture, $"- {label}: DIAYN is still behind MEDE by more than the seeds' spread (both standard deviations) at step {lastShared:N0}, the last both logged."),
            });
            if (DiscriminabilityGap.Lead(mede, diayn) is { } lead)
            {
                md.Append(CultureInfo.InvariantCulture, $" Over the {lead.Steps:N0} points both logged, MEDE less DIAYN averages {lead.MeanDifference:+0.00;-0.00;0.00} nats; MEDE is ahead by more than both spreads at {lead.MedeAhead * 100:0}% of them, DIAYN at {lead.DiaynAhead * 100:0}%.");
            }

            md.Append('\n');
        }

        md.Append('\n');
    }

    /// <summary>What the paper left open: the agents' policy entropy over training, and how different their behaviour is
    /// at the end (on every task, not only MultiGoal).</summary>
    private static void AppendEntropyAndBehaviour(StringBuilder md, List<RunStore> stores, IReadOnlyList<string> names, string outputFolder, List<string> figures)
    {
        var entropyByEnvironment = Environments(stores)
            .Select(e => (e.Name, Runs: e.Stores.Where(s => s.Run.Agents > 1).ToList()))
            .Select(e => (e.Name, Methods: e.Runs
                .Zip(MethodLabels.For(e.Runs, withAgents: true))
                .GroupBy(r => r.Second, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<IReadOnlyList<(long Step, double Value)>>)[.. g.Select(r => r.First.Series(EntropyMetric)).Where(x => x.Count > 0)], StringComparer.Ordinal)))
            .Where(e => e.Methods.Values.Any(seeds => seeds.Count > 0))
            .ToList();
        if (entropyByEnvironment.Count > 0)
        {
            md.Append("\n## Policy entropy over training\n\nThe agents' policy entropy, -mean log pi of the actions sampled in each update's ");
            md.Append("minibatch (all agents together), mean and ±1 std over seeds. The exact theory (`mede theory`) predicts that MEDE's agents drift ");
            md.Append("towards near-deterministic policies. Where the runs recorded each agent's entropy (the same measure on the agent's own rows), ");
            md.Append("a second chart follows the run's lowest and highest agent: one agent turning deterministic shows there before it moves the mean.\n\n");
            foreach (var (name, methods) in entropyByEnvironment)
            {
                var drawable = methods.Where(m => m.Value.Count > 0).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
                SvgChart chart = LearningCurvesPlot.OverSeeds(drawable, $"Policy entropy over training, {name}", "policy entropy (nats)");
                md.Append(Figure(chart, outputFolder, $"entropy-{Slug(name)}.svg", $"Policy entropy on {name}", figures));
                var extremes = AgentEntropyExtremes(stores.Where(st => st.Run.Environment == name && st.Run.Agents > 1));
                if (extremes.Count > 0)
                {
                    SvgChart perAgent = LearningCurvesPlot.OverSeeds(extremes, $"Lowest and highest agent's policy entropy, {name}", "policy entropy (nats)");
                    md.Append(Figure(perAgent, outputFolder, $"entropy-agents-{Slug(name)}.svg", $"Lowest and highest agent's policy entropy on {name}", figures));
                }
            }
        }

        var behaviour = Enumerable.Range(0, stores.Count).Where(i => stores[i].Run.Agents > 1 && !stores[i].Run.IsMultiGoal && stores[i].LatestEvaluation() is not null).ToList();
        if (behaviour.Count == 0)
        {
            return;
        }

        var travel = behaviour.ToDictionary(i => i, i => EvaluationFile.Travel(Path.GetDirectoryName(stores[i].Path)!));
        bool headings = travel.Values.Any(t => t is not null);
        md.Append("\n## How different the agents are\n\nFrom each run's evaluation of its stochastic policies: the overlap of the agents' visited states, the mean over ");
        md.Append("pairs of agents and the closest pair (0 apart, 1 the same; nearest-neighbour estimate on the observations, `BehaviourOverlap`), ");
        md.Append("and each agent's policy entropy (-mean log pi of the actions it sampled).");
        if (headings)
        {
            md.Append(" Where the body travels in any direction (the ants): each agent's heading, the direction it runs in (degrees counter-clockwise ");
            md.Append("from +x, from where its episodes ended), with how consistently (1: every episode the same way), and the smallest angle between two ");
            md.Append("agents' headings (`AgentTravel`); the chart draws each agent as a ray in its heading, as long as its mean distance from the start times that ");
            md.Append("consistency.");
        }

        md.Append("\n\n| Run | Environment | Algorithm | Agents | Mean overlap | Closest pair | Policy entropy per agent |");
        md.Append(headings ? " Heading per agent | Closest headings |\n|---|---|---|---:|---:|---:|---|---|---:|\n" : "\n|---|---|---|---:|---:|---:|---|\n");
        foreach (int i in behaviour)
        {
            RunRow run = stores[i].Run;
            var overlap = stores[i].Overlap();
            string mean = overlap is null ? "–" : overlap.MeanOverlap.ToString("F2", CultureInfo.InvariantCulture);
            string closest = overlap is null ? "–" : Enumerable.Range(0, overlap.Agents).Max(overlap.ClosestOverlap).ToString("F2", CultureInfo.InvariantCulture);
            IReadOnlyList<double>? entropies = EvaluationFile.Entropies(Path.GetDirectoryName(stores[i].Path)!);
            string entropy = entropies is null ? "–" : string.Join(", ", entropies.Select(h => h.ToString("F2", CultureInfo.InvariantCulture)));
            md.Append(CultureInfo.InvariantCulture, $"| {Escape(names[i])} | {run.Environment} | {run.Algorithm} | {run.Agents} | {mean} | {closest} | {entropy} |");
            if (headings)
            {
                string heading = travel[i] is { } t ? string.Join(", ", t.Select(a => a.HeadingText)) : "–";
                string apart = travel[i] is { } u && AgentTravel.ClosestHeadings(u) is double angle ? string.Create(CultureInfo.InvariantCulture, $"{angle:0}°") : "–";
                md.Append(CultureInfo.InvariantCulture, $" {heading} | {apart} |");
            }

            md.Append('\n');
        }

        // One chart per task of the runs that say where their agents went.
        IReadOnlyList<string> runMethods = MethodLabels.For(stores, withAgents: true);
        foreach (var task in behaviour.Where(i => travel[i] is not null).GroupBy(i => stores[i].Run.Environment, StringComparer.Ordinal))
        {
            var runs = task.ToDictionary(
                i => MethodColours.WithFacet(runMethods[i], names[i]),
                i => travel[i]!,
                StringComparer.Ordinal);
            SvgChart chart = TravelPlot.Create(runs, $"Which way the agents run, {task.Key}");
            md.Append('\n').Append(Figure(chart, outputFolder, $"travel-{Slug(task.Key)}.svg", $"Which way the agents run on {task.Key}", figures));
        }
    }

    private const string EntropyMetric = "entropy";

    /// <summary>Per method, the lowest and the highest agent's entropy at every step both were recorded, one series per
    /// run (runs that recorded no per-agent entropy are left out).</summary>
    private static Dictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>> AgentEntropyExtremes(IEnumerable<RunStore> runs)
    {
        var series = new Dictionary<string, List<IReadOnlyList<(long Step, double Value)>>>(StringComparer.Ordinal);
        List<RunStore> stores = [.. runs];
        IReadOnlyList<string> methods = MethodLabels.For(stores, withAgents: true);
        for (int i = 0; i < stores.Count; i++)
        {
            RunStore store = stores[i];
            var byStep = Enumerable.Range(0, store.Run.Agents)
                .SelectMany(z => store.Series(EntropyMetric, z))
                .GroupBy(point => point.Step)
                .Where(g => g.Count() == store.Run.Agents)
                .OrderBy(g => g.Key)
                .ToList();
            if (byStep.Count == 0)
            {
                continue;
            }

            string method = methods[i];
            foreach (var (label, pick) in new (string, Func<IEnumerable<double>, double>)[] { ("lowest agent", v => v.Min()), ("highest agent", v => v.Max()) })
            {
                string key = MethodColours.WithFacet(method, label);
                if (!series.TryGetValue(key, out var seeds))
                {
                    series[key] = seeds = [];
                }

                seeds.Add([.. byStep.Select(g => (g.Key, pick(g.Select(point => point.Value))))]);
            }
        }

        return series.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<IReadOnlyList<(long Step, double Value)>>)pair.Value, StringComparer.Ordinal);
    }

    /// <summary>Figure 1e: with a SAC run and a MEDE run on MultiGoal (both with checkpoints), Q_soft, agent 0's Q_z and
    /// S_z at the start state and at a state between two goals.</summary>
    private static void AppendQContours(StringBuilder md, List<RunStore> stores, List<RunRow> runs, string outputFolder, List<string> figures)
    {
        int Find(Func<RunRow, bool> wanted) => Enumerable.Range(0, runs.Count).FirstOrDefault(i => wanted(runs[i]) && HasCheckpoint(stores[i]), -1);
        int sac = Find(r => r.IsMultiGoal && r.Algorithm == "SAC");
        int mede = Find(r => r.IsMultiGoal && r.Algorithm == "MEDE" && r.Agents > 1);
        if (sac < 0 || mede < 0 || runs[sac].Environment != runs[mede].Environment)
        {
            return;
        }

        Func<IEnvironment> factory = stores[mede].EnvironmentFactory();
        MedeTransformer soft = MedeTransformer.FromCheckpoint(CheckpointFolder(stores[sac]), stores[sac].EnvironmentFactory());
        MedeTransformer agents = MedeTransformer.FromCheckpoint(CheckpointFolder(stores[mede]), factory);
        md.Append(CultureInfo.InvariantCulture,
            $"\n## Q contours (MultiGoal)\n\nQ_soft of {Escape(runs[sac].Name)}, Q_z of agent 0 of {Escape(runs[mede].Name)} and their difference S_z = Q_soft - Q_z ");
        md.Append("over the action square, at the start state and at a state between two goals (the paper's Figure 1e).\n\n");
        foreach (var (x, y) in new[] { (0f, 0f), (2.5f, 2.5f) })
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"q-contours-{x:0.#}-{y:0.#}.svg").Replace(',', '.');
            ContourPlot plot = QContourPlot.FromModels(soft, agents, agent: 0, [x, y]);
            string path = Path.Combine(outputFolder, name);
            figures.Add(path);
            figures.Add(plot.SaveSvgAndPng(path));
            md.Append(CultureInfo.InvariantCulture, $"![Q contours at ({x}, {y})]({name})\n\n");
        }
    }

    /// <summary>The run's physics failures: the last value of the metric the training loop records once there is one
    /// (it counts from the start of the run, resumes included), 0 without it.</summary>
    private static long PhysicsFailures(RunStore store)
    {
        IReadOnlyList<(long Step, double Value)> series = store.Series(Training.TrainingSession.PhysicsFailuresMetric);
        return series.Count == 0 ? 0 : (long)series[^1].Value;
    }

    private static string CheckpointFolder(RunStore store) => Path.Combine(Path.GetDirectoryName(store.Path)!, "checkpoints");

    private static bool HasCheckpoint(RunStore store)
    {
        string folder = CheckpointFolder(store);
        return Directory.Exists(folder) && Directory.EnumerateDirectories(folder, "step-*").Any(d => File.Exists(Path.Combine(d, "manifest.json")));
    }

    private static IEnumerable<(string Name, List<RunStore> Stores)> Environments(List<RunStore> stores) =>
        stores.GroupBy(s => s.Run.Environment).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.ToList()));

    private static string Figure(SvgChart chart, string folder, string file, string alt, List<string> written)
    {
        string path = Path.Combine(folder, file);
        written.Add(path);
        written.Add(chart.SaveSvgAndPng(path));
        return $"![{alt}]({file})\n\n";
    }

    private static string Slug(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? char.ToLowerInvariant(c) : '-').ToArray());

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
