using System.Globalization;
using Mede.ML.Analysis.Store;

namespace Mede.ML.Analysis.Plots;

/// <summary>
/// Return curves over training: one line per agent of one run, or per method the mean over seeds of each run's
/// agent-averaged return with a band of one standard deviation. The values are the trainer's <c>return</c> metric,
/// each agent's mean return over its recent training episodes.
/// </summary>
public static class LearningCurvesPlot
{
    /// <summary>The per-agent metric name of the mean return of recent training episodes.</summary>
    public const string ReturnMetric = "return";

    private const string XLabel = "environment steps", YLabel = "mean return of recent episodes";

    /// <summary>One line per agent of <paramref name="store"/>'s return curve.</summary>
    /// <param name="store">An open run store.</param>
    /// <param name="title">The chart title.</param>
    public static SvgChart FromStore(RunStore store, string title)
    {
        ArgumentNullException.ThrowIfNull(store);
        return PerAgent(ReturnsByAgent(store), title);
    }

    /// <summary>One line per agent, in the agent's palette colour, named "agent k"; a step given twice counts once,
    /// with its last value.</summary>
    /// <param name="returns">Per agent (the key), its return series as (step, value).</param>
    /// <param name="title">The chart title.</param>
    public static SvgChart PerAgent(IReadOnlyDictionary<int, IReadOnlyList<(long Step, double Value)>> returns, string title)
    {
        ArgumentNullException.ThrowIfNull(returns);
        var chart = new SvgChart(title, XLabel, YLabel);
        foreach (var (agent, series) in returns.OrderBy(p => p.Key))
        {
            // A step written twice (the trainer's last step when TotalSteps is a multiple of MetricsInterval, or a
            // resumed run) is drawn once, with its last value, as SeedStatistics counts it.
            var line = series.GroupBy(p => p.Step).OrderBy(g => g.Key).Select(g => ((double)g.Key, g.Last().Value)).ToList();
            chart.Add(new Series(string.Create(CultureInfo.InvariantCulture, $"agent {agent}"), [line], Palette.Colour(agent), "agent"));
        }

        return chart;
    }

    /// <summary>
    /// Per method among <paramref name="runs"/>: the mean over seeds of each run's return averaged over its agents
    /// (<see cref="MeanOverAgents"/>), with a band of one standard deviation over seeds. A method is the algorithm
    /// ("MEDE"), with its number of agents when the multi-agent runs differ in it ("MEDE (4)", "MEDE (10)"), and with
    /// what a variant departs from the paper by where runs of one algorithm differ in it ("MEDE + DiscriminatorWeight
    /// 3.33" beside "MEDE").
    /// </summary>
    /// <param name="runs">Open stores, for example one per seed of each method; SAC runs are included.</param>
    /// <param name="title">The chart title.</param>
    /// <exception cref="ArgumentException">No run has return metrics.</exception>
    public static SvgChart OverSeeds(IEnumerable<RunStore> runs, string title)
    {
        ArgumentNullException.ThrowIfNull(runs);
        List<RunStore> stores = [.. runs];
        foreach (RunStore store in stores)
        {
            ArgumentNullException.ThrowIfNull(store, nameof(runs));
        }

        bool severalK = stores.Select(s => s.Run.Agents).Where(k => k > 1).Distinct().Count() > 1;
        IReadOnlyList<string> methods = MethodLabels.For(stores, withAgents: severalK);
        var returns = new Dictionary<string, List<IReadOnlyList<(long Step, double Value)>>>(StringComparer.Ordinal);
        int count = 0;
        foreach (RunStore store in stores)
        {
            IReadOnlyList<(long Step, double Value)> mean = MeanOverAgents(store);
            string method = methods[count++];
            if (mean.Count > 0)
            {
                if (!returns.TryGetValue(method, out var seeds))
                {
                    returns[method] = seeds = [];
                }

                seeds.Add(mean);
            }
        }

        if (returns.Count == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"None of the {count} run(s) has '{ReturnMetric}' metrics; the trainer writes them every MetricsInterval steps once an agent has finished an episode."),
                nameof(runs));
        }

        return OverSeeds(returns.ToDictionary(p => p.Key, p => (IReadOnlyList<IReadOnlyList<(long Step, double Value)>>)p.Value, StringComparer.Ordinal), title);
    }

    /// <summary>
    /// Per method (the dictionary key, e.g. "MEDE"), the mean over its seeds' series at the steps they share, with a
    /// band of one standard deviation when there are two seeds or more (<see cref="SeedStatistics.Aggregate"/>). Each
    /// method is drawn in its colour whatever else is in the chart (MEDE blue, DIAYN orange, SAC black, "MEDE (4)" as
    /// "MEDE"); keys that differ only after a comma ("MEDE (4), lowest agent" and "MEDE (4), highest agent") are facets
    /// of one method, in its colour, the first solid and the others dashed.
    /// </summary>
    /// <param name="returns">Per method, one return series per seed (usually each run's <see cref="MeanOverAgents"/>).</param>
    /// <param name="title">The chart title.</param>
    /// <param name="yLabel">The vertical axis' label (another metric than the return may be drawn the same way).</param>
    /// <exception cref="ArgumentException">There is nothing to draw: every series is empty, or the seeds of each
    /// method share no step.</exception>
    public static SvgChart OverSeeds(IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>> returns, string title, string yLabel = YLabel)
    {
        ArgumentNullException.ThrowIfNull(returns);
        var chart = new SvgChart(title, XLabel, yLabel);
        IReadOnlyList<string> methods = MethodColours.Order(returns.Keys);
        IReadOnlyDictionary<string, string> colours = MethodColours.For(methods);
        IReadOnlyDictionary<string, string?> dashes = MethodColours.Dashes(methods);
        bool drawn = false;
        foreach (string method in methods)
        {
            IReadOnlyList<SeedPoint> points = SeedStatistics.Aggregate([.. returns[method].Where(s => s.Count > 0)]);
            if (points.Count == 0)
            {
                continue;
            }

            drawn = true;
            chart.Add(new Series(method, [[.. points.Select(p => ((double)p.Step, p.Mean))]], colours[method], "method", dashes[method]));
            if (points[0].Count > 1)
            {
                chart.AddBand(method, [.. points.Select(p => ((double)p.Step, p.Low, p.High))], colours[method], group: method);
            }
        }

        if (!drawn)
        {
            throw new ArgumentException("No return curve to draw: every series is empty, or the seeds of each method share no step.", nameof(returns));
        }

        return chart;
    }

    /// <summary>A run's return averaged over its agents at the steps every agent has a value.</summary>
    /// <param name="store">An open run store.</param>
    public static IReadOnlyList<(long Step, double Value)> MeanOverAgents(RunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return [.. SeedStatistics.Aggregate([.. ReturnsByAgent(store).Values]).Select(p => (p.Step, p.Mean))];
    }

    private static Dictionary<int, IReadOnlyList<(long Step, double Value)>> ReturnsByAgent(RunStore store) =>
        store.Metrics(ReturnMetric)
            .Where(m => m.Agent >= 0)
            .GroupBy(m => m.Agent)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<(long Step, double Value)>)[.. g.Select(m => (m.Step, m.Value))]);
}
