using Mede.ML.Algorithms;
using Mede.ML.Evaluation;
using Mede.ML.Testing;

namespace Mede.ML.Tests.Learning;

/// <summary>
/// Whole-system learning checks with small budgets and fixed seeds. Each asserts a real outcome with a margin
/// measured on this machine (the figures are in the comments); a broken gradient, target or discriminator makes
/// them fail, a slower machine only makes them slower.
/// </summary>
[TestClass]
[TestCategory("Learning")]
[DoNotParallelize]
public sealed class LearningTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Sac_PendulumTenThousandSteps_SwingsUpAndBalances()
    {
        // Measured (seed 0): mean return -87 +- 55 over 10 deterministic episodes after 10,000 steps; a random policy
        // scores about -1,200 and the bar is -400.
        EvaluationReport report = LearningChecks.PendulumSac(TrainingBackend.Managed);
        TestContext.WriteLine($"SAC Pendulum: mean return {report.Agents[0].MeanReturn:F1} +- {report.Agents[0].StdReturn:F1}");
        Assert.IsGreaterThan(-400.0, report.Agents[0].MeanReturn, $"mean return {report.Agents[0].MeanReturn:F1}");
    }

    [TestMethod]
    public void Mede_MultiGoalPreset_CoversEveryGoal()
    {
        // MEDE's MultiGoal preset as mede train runs it (units of 1/100, the outcome term u 2, warm-up 8,000), seed 9,
        // 14,000 steps. Measured: the four agents at four different goals, each in 10 of its 10 evaluation episodes;
        // log q(z|s,a) over steps 13,000-14,000 -0.94 against chance log(1/4) = -1.39 (the bar is chance + 0.3; it is
        // still rising here: -0.61 at 20,000 and -0.22 at 60,000). In the preset's 60,000-step run of this seed the
        // agents hold these four goals from step 10,000 to the end (docs/results/diversity), so the shorter budget
        // checks the same outcome.
        var (report, late) = LearningChecks.MultiGoalPresetMede(TrainingBackend.Managed, seed: 9, steps: 14_000, lateAfter: 12_000);
        int[] atOwnGoal = LearningChecks.AtOwnGoal(report);
        TestContext.WriteLine($"MEDE MultiGoal preset: {report.DistinctGoals} goals ({LearningChecks.Goals(report)}), log q(z|s,a) after step 12,000 {late:F2}");
        Assert.AreEqual(4, report.DistinctGoals!.Value, LearningChecks.Goals(report));
        Assert.IsTrue(atOwnGoal.All(n => n >= 8), "each agent at its own goal in 8 of 10 episodes or more: " + LearningChecks.Goals(report));
        Assert.IsGreaterThan(Math.Log(0.25) + 0.3, late, $"log q(z|s,a) after step 12,000 = {late:F2}");
    }

    [TestMethod]
    public void PaperMede_MultiGoalFourAgents_ReachesThreeGoalsAndBecomesDiscriminable()
    {
        // Measured (seed 1, separate networks, 12,000 steps): the agents reach 3 distinct goals and the
        // discriminator's mean log q(z|s,a) after step 8,000 is -0.59, against log(1/4) = -1.39 for
        // indistinguishable agents (the bar is -0.89). At 16,000 steps: 3 goals and -0.40.
        var (report, late) = LearningChecks.MultiGoalPaperMede(TrainingBackend.Managed);
        TestContext.WriteLine($"MEDE MultiGoal: {report.DistinctGoals} goals ({LearningChecks.Goals(report)}), late log q(z|s,a) {late:F2}");
        Assert.IsGreaterThanOrEqualTo(3, report.DistinctGoals!.Value, LearningChecks.Goals(report));
        Assert.IsGreaterThan(Math.Log(0.25) + 0.5, late, $"late log q(z|s,a) = {late:F2}");
    }
}
