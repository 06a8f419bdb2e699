using System.Globalization;
using Mede.ML.Analysis.Plots;

namespace Mede.ML.Analysis.Comparison;

/// <summary>
/// The MEDE paper's Table 1 (average and max return over 50 episodes per agent after learning, mean ± standard
/// deviation over runs) and how a set of runs compares with it: per task and method, the difference in units of the
/// paper's standard deviation, and whether the runs' learning curve was still rising when they stopped (so that a
/// longer budget might close a gap).
/// </summary>
public static class PaperTable1
{
    /// <summary>A curve is "still rising" when the least-squares slope of its last quarter would add at least this
    /// share of its final level over another 100,000 steps.</summary>
    public const double RisingShare = 0.05;

    /// <summary>The paper's figures, keyed by task (Mede.ML's environment name), algorithm and number of agents. The
    /// paper reports no max for SAC and trained no SAC on Multi-direction Ant (its policy kept to one direction).</summary>
    public static IReadOnlyList<PaperFigure> Figures { get; } =
    [
        new("hopper", "MEDE", 4, new(3155.6, 116.2), new(3197.5, 107.4)),
        new("hopper", "DIAYN", 4, new(3120.0, 80.0), new(3170.0, 66.7)),
        new("hopper", "MEDE", 10, new(2657.0, 140.0), new(2837.7, 136.9)),
        new("hopper", "DIAYN", 10, new(2233.5, 619.0), new(2435.6, 522.0)),
        new("hopper", "SAC", 1, new(3288.6, 116.5), null),
        new("walker2d", "MEDE", 4, new(3728.7, 231.8), new(3778.8, 237.6)),
        new("walker2d", "DIAYN", 4, new(3728.5, 179.8), new(3792.7, 156.0)),
        new("walker2d", "MEDE", 10, new(3283.8, 194.9), new(3420.3, 165.3)),
        new("walker2d", "DIAYN", 10, new(3553.4, 269.1), new(3671.9, 275.7)),
        new("walker2d", "SAC", 1, new(3920.9, 402.5), null),
        new("multidirection-ant", "MEDE", 4, new(1996.2, 224.9), null),
        new("multidirection-ant", "DIAYN", 4, new(1982.8, 185.4), null),
    ];

    /// <summary>The paper's figure for a task, algorithm and number of agents, or null when it reports none.</summary>
    public static PaperFigure? Find(string environment, string algorithm, int agents) =>
        Figures.FirstOrDefault(f => f.Environment == environment && f.Algorithm == algorithm && f.Agents == agents);

    /// <summary>
    /// Compares runs with the paper: one row per task and method the paper reports, from the finished runs of the
    /// paper's method (runs with extensions, and runs still training, are left out: a sweep in progress holds runs that
    /// have just started), with the steps the runs had and the trend of their mean learning curve.
    /// </summary>
    /// <param name="runs">The runs' summaries.</param>
    /// <param name="curve">Each run's learning curve (the return over training, averaged over its agents).</param>
    public static IReadOnlyList<PaperComparisonRow> Compare(IEnumerable<RunSummary> runs, Func<RunSummary, IReadOnlyList<(long Step, double Value)>> curve)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(curve);
        var rows = new List<PaperComparisonRow>();
        foreach (var group in runs.Where(r => r.Finished && r.Extensions.Length == 0).GroupBy(r => (r.Environment, r.Algorithm, r.Agents)).OrderBy(g => g.Key.Environment, StringComparer.Ordinal))
        {
            if (Find(group.Key.Environment, group.Key.Algorithm, group.Key.Agents) is not { } paper)
            {
                continue;
            }

            var seeds = group.ToList();
            IReadOnlyList<SeedPoint> mean = SeedStatistics.Aggregate([.. seeds.Select(curve).Where(c => c.Count > 0)]);
            rows.Add(new PaperComparisonRow(
                paper,
                seeds.Count,
                seeds.Min(r => r.Steps),
                seeds.Max(r => r.Steps),
                new PaperReturn(seeds.Average(r => r.AverageReturn), RunComparison.SampleStd(seeds.Select(r => r.AverageReturn))),
                new PaperReturn(seeds.Average(r => r.MaxReturn), RunComparison.SampleStd(seeds.Select(r => r.MaxReturn))),
                Trend([.. mean.Select(p => (p.Step, p.Mean))])));
        }

        return rows;
    }

    /// <summary>
    /// The slope of a curve's last quarter (by steps), by least squares, as change per 100,000 steps, and whether it is
    /// still rising (<see cref="RisingShare"/> of the last quarter's mean level, or more, per 100,000 steps). Fewer than
    /// three points in the last quarter give a slope of 0.
    /// </summary>
    /// <param name="curve">The curve, in step order.</param>
    public static CurveTrend Trend(IReadOnlyList<(long Step, double Value)> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (curve.Count == 0)
        {
            return new CurveTrend(0, false);
        }

        long last = curve[^1].Step, first = curve[0].Step;
        double from = last - (last - first) / 4.0;
        var tail = curve.Where(p => p.Step >= from).ToList();
        if (tail.Count < 3)
        {
            return new CurveTrend(0, false);
        }

        double meanX = tail.Average(p => (double)p.Step), meanY = tail.Average(p => p.Value);
        double sxx = tail.Sum(p => (p.Step - meanX) * (p.Step - meanX));
        double slope = sxx == 0 ? 0 : tail.Sum(p => (p.Step - meanX) * (p.Value - meanY)) / sxx * 100_000;
        return new CurveTrend(slope, slope > 0 && slope >= RisingShare * Math.Abs(meanY));
    }

    /// <summary>A result against the paper's: within one of the paper's standard deviations, or how many it is above
    /// or below, e.g. <c>within 1 sd (-0.4)</c> or <c>2.3 sd below</c>.</summary>
    /// <param name="ours">Our mean.</param>
    /// <param name="paper">The paper's mean and standard deviation.</param>
    public static string Verdict(double ours, PaperReturn paper)
    {
        if (double.IsNaN(ours))
        {
            return "–";
        }

        double z = paper.Std > 0 ? (ours - paper.Mean) / paper.Std : double.NaN;
        if (double.IsNaN(z))
        {
            return ours == paper.Mean ? "equal" : ours > paper.Mean ? "above" : "below";
        }

        return Math.Abs(z) <= 1
            ? string.Create(CultureInfo.InvariantCulture, $"within 1 sd ({z:+0.0;-0.0;0.0})")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Abs(z):F1} sd {(z > 0 ? "above" : "below")}");
    }
}

/// <summary>A mean return and its standard deviation.</summary>
/// <param name="Mean">The mean.</param>
/// <param name="Std">The standard deviation.</param>
public readonly record struct PaperReturn(double Mean, double Std);

/// <summary>One cell of the paper's Table 1.</summary>
/// <param name="Environment">Mede.ML's environment name of the task.</param>
/// <param name="Algorithm">SAC, MEDE or DIAYN.</param>
/// <param name="Agents">The number of agents (1 for SAC).</param>
/// <param name="Average">The average return over agents, mean ± std over runs.</param>
/// <param name="Max">The best agent's return, mean ± std over runs, where the paper gives it.</param>
public sealed record PaperFigure(string Environment, string Algorithm, int Agents, PaperReturn Average, PaperReturn? Max);

/// <summary>The slope of a learning curve's last quarter and whether it is still rising.</summary>
/// <param name="SlopePer100k">Change in return per 100,000 steps.</param>
/// <param name="Rising">Whether the curve still rises (see <see cref="PaperTable1.RisingShare"/>).</param>
public readonly record struct CurveTrend(double SlopePer100k, bool Rising);

/// <summary>Our runs of one task and method beside the paper's figure.</summary>
/// <param name="Paper">The paper's figure.</param>
/// <param name="Seeds">How many runs (seeds).</param>
/// <param name="MinSteps">The fewest environment steps a run had.</param>
/// <param name="MaxSteps">The most environment steps a run had.</param>
/// <param name="Average">Our average return, mean ± std over seeds.</param>
/// <param name="Max">Our best agent's return, mean ± std over seeds.</param>
/// <param name="Trend">The trend of the seeds' mean learning curve at the end.</param>
public sealed record PaperComparisonRow(PaperFigure Paper, int Seeds, long MinSteps, long MaxSteps, PaperReturn Average, PaperReturn Max, CurveTrend Trend)
{
    /// <summary>The method as the return table names it, e.g. <c>MEDE (4)</c>.</summary>
    public string Method => ComparisonRow.MethodLabel(Paper.Algorithm, Paper.Agents);
}
