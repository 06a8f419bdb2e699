using Mede.ML.Analysis.Plots;

namespace Mede.ML.Analysis.Comparison;

/// <summary>
/// How long DIAYN takes to become as discriminable as MEDE, the paper's Figure 2 claim ("it takes nearly 500
/// iterations for DIAYN to close the significance gap" on Hopper and Walker): the step, logged by both methods, from
/// which on DIAYN's mean over seeds is no longer below MEDE's by more than the two methods' standard deviations over
/// seeds together.
/// </summary>
public static class DiscriminabilityGap
{
    /// <summary>The first shared step from which on, to the last step both methods logged, DIAYN's mean stays at or
    /// above MEDE's mean less both standard deviations; null when DIAYN is still below that at the last shared step
    /// (or the methods share no step). Both start at chance, level: a gap that opens later and closes again closes
    /// at the step after MEDE's last clear lead, not at the start.</summary>
    /// <param name="mede">MEDE's seeds, one series each (e.g. of log q(z|s)).</param>
    /// <param name="diayn">DIAYN's seeds, one series each, of the same metric.</param>
    public static long? Closes(IReadOnlyList<IReadOnlyList<(long Step, double Value)>> mede, IReadOnlyList<IReadOnlyList<(long Step, double Value)>> diayn)
    {
        ArgumentNullException.ThrowIfNull(mede);
        ArgumentNullException.ThrowIfNull(diayn);
        Dictionary<long, SeedPoint> medeByStep = SeedStatistics.Aggregate(mede).ToDictionary(p => p.Step);
        long? closes = null;
        foreach (SeedPoint d in SeedStatistics.Aggregate(diayn))
        {
            if (!medeByStep.TryGetValue(d.Step, out SeedPoint? m))
            {
                continue;
            }

            bool level = d.Mean >= m.Mean - (m.StandardDeviation + d.StandardDeviation);
            closes = level ? closes ?? d.Step : null;
        }

        return closes;
    }

    /// <summary>
    /// Which method is the more discriminable over training, in numbers: over the steps both log, how often each
    /// method's mean over seeds is above the other's by more than both standard deviations together, and the mean
    /// difference MEDE less DIAYN. The paper's Figure 2 has MEDE ahead early and DIAYN catching up; a lead the other
    /// way shows here as a negative difference and a share of steps with DIAYN clearly ahead.
    /// </summary>
    /// <param name="mede">MEDE's seeds, one series each (e.g. of log q(z|s)).</param>
    /// <param name="diayn">DIAYN's seeds, one series each, of the same metric.</param>
    /// <returns>The comparison, or null when the methods share no step.</returns>
    public static DiscriminabilityLead? Lead(IReadOnlyList<IReadOnlyList<(long Step, double Value)>> mede, IReadOnlyList<IReadOnlyList<(long Step, double Value)>> diayn)
    {
        ArgumentNullException.ThrowIfNull(mede);
        ArgumentNullException.ThrowIfNull(diayn);
        Dictionary<long, SeedPoint> medeByStep = SeedStatistics.Aggregate(mede).ToDictionary(p => p.Step);
        int shared = 0, medeAhead = 0, diaynAhead = 0;
        double difference = 0;
        foreach (SeedPoint d in SeedStatistics.Aggregate(diayn))
        {
            if (!medeByStep.TryGetValue(d.Step, out SeedPoint? m))
            {
                continue;
            }

            double spread = m.StandardDeviation + d.StandardDeviation;
            shared++;
            difference += m.Mean - d.Mean;
            medeAhead += m.Mean - d.Mean > spread ? 1 : 0;
            diaynAhead += d.Mean - m.Mean > spread ? 1 : 0;
        }

        return shared == 0 ? null : new DiscriminabilityLead(shared, (double)medeAhead / shared, (double)diaynAhead / shared, difference / shared);
    }
}

/// <summary>How MEDE's discriminability compares with DIAYN's over the steps both methods logged
/// (<see cref="DiscriminabilityGap.Lead"/>).</summary>
/// <param name="Steps">The steps both methods logged.</param>
/// <param name="MedeAhead">The share of those steps at which MEDE's mean exceeds DIAYN's by more than both standard
/// deviations over seeds together.</param>
/// <param name="DiaynAhead">The share at which DIAYN's mean exceeds MEDE's by more than both standard deviations.</param>
/// <param name="MeanDifference">MEDE's mean less DIAYN's, averaged over the steps (nats; positive: MEDE the more
/// discriminable).</param>
public sealed record DiscriminabilityLead(int Steps, double MedeAhead, double DiaynAhead, double MeanDifference);
