namespace Mede.ML.Analysis.Plots;

/// <summary>One step of a curve aggregated over seeds (see <see cref="SeedStatistics.Aggregate"/>).</summary>
/// <param name="Step">The environment step.</param>
/// <param name="Mean">The mean of the seeds' values at this step.</param>
/// <param name="StandardDeviation">The population standard deviation of those values (0 for a single seed).</param>
/// <param name="Count">The number of seeds (series) that were averaged.</param>
public sealed record SeedPoint(long Step, double Mean, double StandardDeviation, int Count)
{
    /// <summary><see cref="Mean"/> minus one <see cref="StandardDeviation"/>: the bottom of the band.</summary>
    public double Low => Mean - StandardDeviation;

    /// <summary><see cref="Mean"/> plus one <see cref="StandardDeviation"/>: the top of the band.</summary>
    public double High => Mean + StandardDeviation;
}
