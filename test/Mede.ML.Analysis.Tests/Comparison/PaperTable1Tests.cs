using Mede.ML.Analysis.Comparison;

namespace Mede.ML.Analysis.Tests.Comparison;

[TestClass]
public sealed class PaperTable1Tests
{
    [TestMethod]
    public void Find_TheTasksAndMethodsOfTable1()
    {
        Assert.AreEqual(new PaperReturn(3155.6, 116.2), PaperTable1.Find("hopper", "MEDE", 4)!.Average);
        Assert.AreEqual(new PaperReturn(3197.5, 107.4), PaperTable1.Find("hopper", "MEDE", 4)!.Max);
        Assert.AreEqual(new PaperReturn(3920.9, 402.5), PaperTable1.Find("walker2d", "SAC", 1)!.Average);
        Assert.IsNull(PaperTable1.Find("walker2d", "SAC", 1)!.Max, "the paper gives no max for SAC");
        Assert.AreEqual(new PaperReturn(1996.2, 224.9), PaperTable1.Find("multidirection-ant", "MEDE", 4)!.Average);
        Assert.IsNull(PaperTable1.Find("multidirection-ant", "SAC", 1), "no SAC on M. Ant in the paper");
        Assert.IsNull(PaperTable1.Find("hopper", "MEDE", 2), "only 4 and 10 agents");
        Assert.IsNull(PaperTable1.Find("multigoal", "MEDE", 4));
    }

    [TestMethod]
    [DataRow(3155.6, "within 1 sd (0.0)")]
    [DataRow(3100.0, "within 1 sd (-0.5)")]
    [DataRow(3260.0, "within 1 sd (+0.9)")]
    [DataRow(2888.3, "2.3 sd below")]
    [DataRow(3500.0, "3.0 sd above")]
    public void Verdict_InUnitsOfThePapersStandardDeviation(double ours, string expected) =>
        Assert.AreEqual(expected, PaperTable1.Verdict(ours, new PaperReturn(3155.6, 116.2)));

    [TestMethod]
    public void Trend_SlopeOfTheLastQuarterPer100kSteps()
    {
        // Flat for the first three quarters, then +300 per 100k steps at a level near 3,000: 10% per 100k, still rising.
        var rising = Enumerable.Range(0, 301).Select(i => (Step: i * 1_000L, Value: i < 225 ? 3000.0 : 3000.0 + (i - 225) * 3.0)).ToList();
        CurveTrend trend = PaperTable1.Trend(rising);
        Assert.AreEqual(300, trend.SlopePer100k, 1e-6);
        Assert.IsTrue(trend.Rising);

        // +100 per 100k at 3,000 is 3%: below the 5% of RisingShare, so flat; a falling curve is never rising.
        var slow = rising.Select(p => (p.Step, 3000.0 + p.Step / 1000.0)).ToList();
        Assert.AreEqual(100, PaperTable1.Trend(slow).SlopePer100k, 1e-6);
        Assert.IsFalse(PaperTable1.Trend(slow).Rising);
        Assert.IsFalse(PaperTable1.Trend([.. rising.Select(p => (p.Step, -p.Value))]).Rising);
        Assert.AreEqual(new CurveTrend(0, false), PaperTable1.Trend([(0L, 1.0), (10L, 2.0)]), "too few points");
    }

    [TestMethod]
    public void Compare_GroupsSeedsOfThePapersMethodsOnly()
    {
        RunSummary Run(string environment, string algorithm, int agents, double average, double max, long steps, string extensions = "", bool finished = true) => new()
        {
            Environment = environment, Algorithm = algorithm, Agents = agents, AverageReturn = average, MaxReturn = max, Steps = steps, Extensions = extensions, Finished = finished,
        };

        var runs = new[]
        {
            Run("hopper", "MEDE", 4, 3000, 3200, 300_000),
            Run("hopper", "MEDE", 4, 3100, 3300, 280_000),
            Run("hopper", "MEDE", 4, 9999, 9999, 300_000, extensions: "OutcomeWeight 30"),
            Run("hopper", "MEDE", 4, 200, 250, 4_000, finished: false),
            Run("hopper", "SAC", 1, 3250, 3250, 300_000),
            Run("hopper", "MEDE", 2, 3000, 3000, 300_000),
            Run("multigoal", "MEDE", 4, -120, -110, 38_000),
        };
        var curve = Enumerable.Range(0, 20).Select(i => (i * 15_000L, 100.0 * i)).ToList();

        IReadOnlyList<PaperComparisonRow> rows = PaperTable1.Compare(runs, _ => curve);

        Assert.HasCount(2, rows, "MEDE (4) and SAC on Hopper; not the extension, K = 2 or MultiGoal");
        // The run still training (a sweep in progress) is not a seed of MEDE (4): two seeds, not three.
        PaperComparisonRow mede = rows.Single(r => r.Paper.Algorithm == "MEDE");
        Assert.AreEqual("MEDE (4)", mede.Method);
        Assert.AreEqual(2, mede.Seeds);
        Assert.AreEqual((280_000L, 300_000L), (mede.MinSteps, mede.MaxSteps));
        Assert.AreEqual(3050, mede.Average.Mean, 1e-9);
        Assert.AreEqual(Math.Sqrt(5000), mede.Average.Std, 1e-9, "sample standard deviation over seeds");
        Assert.AreEqual(3250, mede.Max.Mean, 1e-9);
        Assert.IsTrue(mede.Trend.Rising, "the curve climbs 100 every 15k steps to the end");
        Assert.AreEqual("SAC", rows.Single(r => r.Paper.Algorithm == "SAC").Method);
    }

    [TestMethod]
    public void DiscriminabilityGap_StepFromWhichDiaynStaysWithinBothSpreads()
    {
        // MEDE at -0.25 ± 0.1 from the start; DIAYN climbing from -1.4 by 0.1 a step, ± 0.1: within -0.25 - 0.2 = -0.45
        // from the first step at or above it, step 10,000 (values -1.4 + 0.1 i at step 1,000 i).
        IReadOnlyList<(long, double)> Seed(Func<int, double> value) => [.. Enumerable.Range(0, 20).Select(i => (i * 1_000L, value(i)))];
        IReadOnlyList<IReadOnlyList<(long, double)>> mede = [Seed(_ => -0.15), Seed(_ => -0.35)];
        IReadOnlyList<IReadOnlyList<(long, double)>> diayn = [Seed(i => -1.3 + 0.1 * i), Seed(i => -1.5 + 0.1 * i)];
        Assert.AreEqual(10_000L, DiscriminabilityGap.Closes(mede, diayn));

        IReadOnlyList<IReadOnlyList<(long, double)>> stuck = [Seed(_ => -1.3), Seed(_ => -1.5)];
        Assert.IsNull(DiscriminabilityGap.Closes(mede, stuck));

        // Level at chance first (as both methods start), then behind from step 3,000 to 7,000, then level again: the gap
        // closes at 8,000, after MEDE's last clear lead, not at the first step.
        IReadOnlyList<IReadOnlyList<(long, double)>> dip = [Seed(i => i is >= 3 and <= 7 ? -1.0 : -0.15), Seed(i => i is >= 3 and <= 7 ? -1.2 : -0.35)];
        Assert.AreEqual(8_000L, DiscriminabilityGap.Closes(mede, dip));
        // Behind again at the last step: not closed.
        IReadOnlyList<IReadOnlyList<(long, double)>> fallsBack = [Seed(i => i == 19 ? -1.0 : -0.15), Seed(i => i == 19 ? -1.2 : -0.35)];
        Assert.IsNull(DiscriminabilityGap.Closes(mede, fallsBack));
        // Never behind: closed from the first shared step.
        Assert.AreEqual(0L, DiscriminabilityGap.Closes(mede, mede));
    }

    [TestMethod]
    public void DiscriminabilityLead_SharesOfStepsClearlyAheadAndTheMeanDifference()
    {
        // MEDE at -0.25 ± 0.1 throughout; DIAYN (± 0.1, the spread over seeds as the curves' bands draw it) climbs from
        // -1.4 by 0.1 a step to +0.5 at step 19. MEDE is ahead by more than 0.2 while -1.4 + 0.1 i < -0.45 (i <= 9: 10
        // steps); DIAYN while -1.4 + 0.1 i > -0.05 (i >= 14: 6 steps).
        IReadOnlyList<(long, double)> Seed(Func<int, double> value) => [.. Enumerable.Range(0, 20).Select(i => (i * 1_000L, value(i)))];
        IReadOnlyList<IReadOnlyList<(long, double)>> mede = [Seed(_ => -0.15), Seed(_ => -0.35)];
        IReadOnlyList<IReadOnlyList<(long, double)>> diayn = [Seed(i => -1.3 + 0.1 * i), Seed(i => -1.5 + 0.1 * i)];
        DiscriminabilityLead? lead = DiscriminabilityGap.Lead(mede, diayn);
        Assert.IsNotNull(lead);
        Assert.AreEqual(20, lead.Steps);
        Assert.AreEqual(10 / 20.0, lead.MedeAhead, 1e-12);
        Assert.AreEqual(6 / 20.0, lead.DiaynAhead, 1e-12);
        // DIAYN's mean over the 20 steps is -1.4 + 0.95 = -0.45, so MEDE less DIAYN is -0.25 + 0.45 = +0.20.
        Assert.AreEqual(0.20, lead.MeanDifference, 1e-9);

        // No shared step: nothing to compare.
        IReadOnlyList<IReadOnlyList<(long, double)>> later = [[(50_000L, -0.2)]];
        Assert.IsNull(DiscriminabilityGap.Lead(mede, later));
    }
}
