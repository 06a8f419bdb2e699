using Mede.ML.Analysis.Plots;

namespace Mede.ML.Analysis.Comparison;

/// <summary>
/// How long DIAYN takes to become as discriminable as MEDE, the paper's Figure 2 claim ("it takes nearly 500
/// iterations for DIAYN to close the significance gap" on Hopper and Walker): the first step, logged by both
/// methods, at which DIAYN's mean over seeds is no longer below MEDE's by more than the two methods' standard
/// deviations over seeds together.
/// </summary>
public static class DiscriminabilityGap
{
    /// <summary>The first shared step at which DIAYN's mean reaches MEDE's mean less both standard deviations, or null
    /// when it never does (or the methods share no step).</summary>
    /// <param name="mede">MEDE's seeds, one series each (e.g. of log q(z|s)).</param>
    /// <param name="diayn">DIAYN's seeds, one series each, of the same metric.</param>
    public static long? Closes(IReadOnlyList<IReadOnlyList<(long Step, double Value)>> mede, IReadOnlyList<IReadOnlyList<(long Step, double Value)>> diayn)
    {
        ArgumentNullException.ThrowIfNull(mede);
        ArgumentNullException.ThrowIfNull(diayn);
        Dictionary<long, SeedPoint> medeByStep = SeedStatistics.Aggregate(mede).ToDictionary(p => p.Step);
        foreach (SeedPoint d in SeedStatistics.Aggregate(diayn))
        {
            if (medeByStep.TryGetValue(d.Step, out SeedPoint? m) && d.Mean >= m.Mean - (m.StandardDeviation + d.StandardDeviation))
            {
                return d.Step;
            }
        }

        return null;
    }
}
