using System.Globalization;
using Mede.ML.Analysis.Store;

namespace Mede.ML.Analysis.Plots;

/// <summary>
/// The paper's Figure 2: the discriminabilities log q(z|s,a) (solid) and log q(z|s) (dashed) of MEDE and DIAYN over
/// training, each the mean over seeds with a band of one standard deviation, in one colour per method, and the
/// chance level log(1/K) in grey.
/// </summary>
/// <remarks>
/// The trainer writes both values for every multi-agent run — the mean over a replay minibatch of each discriminator's
/// log-probability of the true agent — whichever discriminator the algorithm trains on (MEDE: q(z|s,a); DIAYN: q(z|s)),
/// as the paper does "only for experimental purposes". SAC and single-agent runs have no agents to tell apart.
/// </remarks>
public static class DiscriminabilityPlot
{
    /// <summary>The metric name of log q(z|s,a), averaged over a minibatch.</summary>
    public const string StateActionMetric = "log_q_z_given_sa";

    /// <summary>The metric name of log q(z|s), averaged over a minibatch.</summary>
    public const string StateMetric = "log_q_z_given_s";

    private const string StateActionLabel = "log q(z|s,a)", StateLabel = "log q(z|s)";

    /// <summary>
    /// Builds the figure from run stores: the multi-agent MEDE and DIAYN runs among <paramref name="runs"/>, grouped
    /// by method (one seed per run; a variant that departs from the paper, such as another
    /// <c>DiscriminatorWeight</c>, is a method of its own), are averaged at the steps their runs share; SAC and
    /// single-agent runs are skipped. A method drawn from one run has no band.
    /// </summary>
    /// <param name="runs">Open stores, for example one per seed of each method.</param>
    /// <param name="title">The chart title.</param>
    /// <exception cref="ArgumentException">No run has discriminability metrics, or the runs that do differ in their
    /// number of agents K (the chance level, and the scale, depend on K: plot each K on its own).</exception>
    public static SvgChart OverSeeds(IEnumerable<RunStore> runs, string title)
    {
        ArgumentNullException.ThrowIfNull(runs);
        List<RunStore> stores = [.. runs];
        foreach (RunStore store in stores)
        {
            ArgumentNullException.ThrowIfNull(store, nameof(runs));
        }

        IReadOnlyList<string> methods = MethodLabels.For(stores, withAgents: false);
        var read = stores.Select((store, i) => (Run: store.Run, Method: methods[i], StateAction: store.Series(StateActionMetric), State: store.Series(StateMetric))).ToList();
        var usable = read
            .Where(r => r.Run.Agents > 1 && r.Run.Algorithm != "SAC" && (r.StateAction.Count > 0 || r.State.Count > 0))
            .ToList();
        if (usable.Count == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"None of the {read.Count} run(s) has discriminability metrics ({StateActionMetric}, {StateMetric}). Multi-agent MEDE and DIAYN runs write them every MetricsInterval steps once updates start; SAC and single-agent runs have none."),
                nameof(runs));
        }

        int[] agents = [.. usable.Select(r => r.Run.Agents).Distinct().Order()];
        if (agents.Length > 1)
        {
            throw new ArgumentException(
                $"The runs have different numbers of agents (K = {string.Join(", ", agents)}); log q(z|...) and its chance level log(1/K) depend on K, so plot each K on its own.",
                nameof(runs));
        }

        static IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>> Seeds(
            IEnumerable<(string Method, IReadOnlyList<(long Step, double Value)> Series)> runs) =>
            runs.Where(r => r.Series.Count > 0)
                .GroupBy(r => r.Method, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<IReadOnlyList<(long Step, double Value)>>)[.. g.Select(r => r.Series)], StringComparer.Ordinal);

        return OverSeeds(
            Seeds(usable.Select(r => (r.Method, r.StateAction))),
            Seeds(usable.Select(r => (r.Method, r.State))),
            agents[0],
            title);
    }

    /// <summary>
    /// Builds the figure from plain series: for each method (the dictionary key, e.g. "MEDE"), one series per seed
    /// of log q(z|s,a) and of log q(z|s). Each method's curves are the mean over its seeds at the steps they all share
    /// (<see cref="SeedStatistics.Aggregate"/>), with a band of one standard deviation when there are two seeds or more.
    /// </summary>
    /// <param name="stateAction">Per method, the seeds' series of log q(z|s,a) (a method may be missing).</param>
    /// <param name="state">Per method, the seeds' series of log q(z|s) (a method may be missing).</param>
    /// <param name="numberOfAgents">K, for the chance level log(1/K).</param>
    /// <param name="title">The chart title.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numberOfAgents"/> is less than 2.</exception>
    /// <exception cref="ArgumentException">There is nothing to draw: every series is empty, or the seeds of each
    /// method share no step.</exception>
    public static SvgChart OverSeeds(
        IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>> stateAction,
        IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>> state,
        int numberOfAgents,
        string title)
    {
        ArgumentNullException.ThrowIfNull(stateAction);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfAgents, 2);
        var chart = new SvgChart(title, "environment steps", "mean log q(z | s, a) and log q(z | s)");
        IReadOnlyList<string> methods = MethodColours.Order(stateAction.Keys.Concat(state.Keys));
        IReadOnlyDictionary<string, string> colours = MethodColours.For(methods);
        long first = long.MaxValue, last = long.MinValue;
        foreach (string method in methods)
        {
            foreach (var (seeds, label, dash) in new[] { (stateAction, StateActionLabel, (string?)null), (state, StateLabel, Series.Dashed) })
            {
                if (!seeds.TryGetValue(method, out var series))
                {
                    continue;
                }

                IReadOnlyList<SeedPoint> points = SeedStatistics.Aggregate([.. series.Where(s => s.Count > 0)]);
                if (points.Count == 0)
                {
                    continue;
                }

                string name = $"{method} {label}";
                chart.Add(new Series(name, [[.. points.Select(p => ((double)p.Step, p.Mean))]], colours[method], "discriminability", dash));
                if (points[0].Count > 1)
                {
                    chart.AddBand(name, [.. points.Select(p => ((double)p.Step, p.Low, p.High))], colours[method], group: method);
                }

                first = Math.Min(first, points[0].Step);
                last = Math.Max(last, points[^1].Step);
            }
        }

        if (first > last)
        {
            throw new ArgumentException(
                "No discriminability curve to draw: every series is empty, or the seeds of each method share no step (runs written with different MetricsInterval values).",
                nameof(stateAction));
        }

        // The chance level: a discriminator that cannot tell the K agents apart assigns each the probability 1/K.
        double chance = Math.Log(1.0 / numberOfAgents);
        chart.Add(new Series(string.Create(CultureInfo.InvariantCulture, $"log(1/K), K = {numberOfAgents}"), [[(first, chance), (last, chance)]], "#888888", "reference"));
        return chart;
    }
}
