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
    public void Mede_MultiGoalFourAgents_ReachesThreeGoalsAndBecomesDiscriminable()
    {
        // Measured (seed 1, separate networks, 12,000 steps): the agents reach 3 distinct goals and the
        // discriminator's mean log q(z|s,a) after step 8,000 is -0.59, against log(1/4) = -1.39 for
        // indistinguishable agents (the bar is -0.89). At 16,000 steps: 3 goals and -0.40.
        var (report, late) = LearningChecks.MultiGoalMede(TrainingBackend.Managed);
        TestContext.WriteLine($"MEDE MultiGoal: {report.DistinctGoals} goals ({LearningChecks.Goals(report)}), late log q(z|s,a) {late:F2}");
        Assert.IsGreaterThanOrEqualTo(3, report.DistinctGoals!.Value, LearningChecks.Goals(report));
        Assert.IsGreaterThan(Math.Log(0.25) + 0.5, late, $"late log q(z|s,a) = {late:F2}");
    }
}
