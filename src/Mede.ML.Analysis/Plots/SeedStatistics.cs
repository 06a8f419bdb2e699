namespace Mede.ML.Analysis.Plots;

/// <summary>Mean and standard deviation of several series (seeds, or agents of one run) at the steps they share:
/// the curves and bands of the paper's Figure 2.</summary>
public static class SeedStatistics
{
    /// <summary>
    /// Aligns <paramref name="series"/> on the steps every one of them has and returns, at each such step in
    /// increasing order, the mean and the population standard deviation of their values.
    /// </summary>
    /// <remarks>
    /// <para>Runs of one method write their metrics every <c>MetricsInterval</c> steps, so their steps coincide
    /// and the intersection is the steps of the shortest run. Runs written with different intervals share fewer
    /// steps (and possibly none: the result is then empty).</para>
    /// <para>The standard deviation divides by the number of series n, not n - 1 (as <c>numpy.std</c> and
    /// <see cref="Store.RunStore.Summarise"/>); with a single series it is 0.</para>
    /// <para>When a series holds a step twice (a resumed run that wrote a row again), its last value counts.</para>
    /// </remarks>
    /// <param name="series">The series, each a list of (step, value); none may be null.</param>
    /// <returns>The aggregated points; empty when there are no series or they share no step.</returns>
    public static IReadOnlyList<SeedPoint> Aggregate(IReadOnlyList<IReadOnlyList<(long Step, double Value)>> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            return [];
        }

        var byStep = new List<Dictionary<long, double>>(series.Count);
        foreach (IReadOnlyList<(long Step, double Value)> one in series)
        {
            ArgumentNullException.ThrowIfNull(one, nameof(series));
            var values = new Dictionary<long, double>();
            foreach (var (step, value) in one)
            {
                values[step] = value;
            }

            byStep.Add(values);
        }

        var shared = new SortedSet<long>(byStep[0].Keys);
        foreach (Dictionary<long, double> values in byStep.Skip(1))
        {
            shared.IntersectWith(values.Keys);
        }

        var points = new List<SeedPoint>(shared.Count);
        foreach (long step in shared)
        {
            double mean = 0;
            foreach (Dictionary<long, double> values in byStep)
            {
                mean += values[step];
            }

            mean /= byStep.Count;
            double squares = 0;
            foreach (Dictionary<long, double> values in byStep)
            {
                double d = values[step] - mean;
                squares += d * d;
            }

            points.Add(new SeedPoint(step, mean, Math.Sqrt(squares / byStep.Count), byStep.Count));
        }

        return points;
    }
}
