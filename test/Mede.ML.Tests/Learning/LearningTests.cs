using Mede.ML.Algorithms;
using Mede.ML.Environments;
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
        // MEDE's MultiGoal preset as mede train runs it (units of 1/100, the outcome term as information at the
        // episode's end, u 100 on goals of equal cost, the time left in the observation, correlated warm-up actions) at
        // its own budget, 38,000 steps of which 16,000 are the warm-up; seed 0, the README's run. The thirteenth and
        // fourteenth slices covered every goal in 10 of 10 seeds at this budget (the same runs: with u 100 the loss
        // weight of 100 changes nothing); on 14,000 steps with a warm-up of 8,000, which u 300
        // covered with seed 6, u 100 leaves an agent idle. Measured: the four agents at four different goals, each in
        // 10 of its 10 evaluation episodes; log q(z|s,a) after step 30,000 -0.69 against chance log(1/4) = -1.39
        // (the bar is chance + 0.2).
        var (report, late) = LearningChecks.MultiGoalPresetMede(
            TrainingBackend.Managed, seed: 0, steps: Mede.ML.Training.TaskPresets.MultiGoalMedeSteps, lateAfter: 30_000, warmupSteps: Mede.ML.Training.TaskPresets.MultiGoalMedeWarmupSteps);
        TestContext.WriteLine($"log q(z|s,a) after step 30,000 {late:F2}");
        AssertEachAgentAtAGoalOfItsOwn(report, goals: 4, "four goals");
        Assert.IsGreaterThan(Math.Log(0.25) + 0.2, late, $"log q(z|s,a) after step 30,000 = {late:F2}");
    }

    [TestMethod]
    public void Mede_MultiGoalPreset_TwoGoalsAtUnequalDistances_TakesBoth()
    {
        // The two-goal layout, (-4.5, -4.5) nearer the start than (5, 5): the farther goal costs about 45 more per
        // episode, so both agents took the nearer one under every earlier setting (docs/results/diversity). The
        // preset's outcome term pays u log 2 = 78 more for a goal of one's own than for a shared one (u 112, set from
        // the goals' best returns, -187.7 and -236.2), and an end at the other agent's goal costs up to 235 (losses
        // weigh 100). Seed 6, 14,000 steps with a warm-up of 8,000. Measured: one agent at each goal in 10 of 10
        // episodes.
        var (report, _) = LearningChecks.MultiGoalPresetMede(TrainingBackend.Managed, seed: 6, steps: 14_000, lateAfter: 0, layout: MultiGoalOptions.TwoGoals(), agents: 2);
        AssertEachAgentAtAGoalOfItsOwn(report, goals: 2, "two goals");
    }

    [TestMethod]
    public void Mede_MultiGoalPreset_ThreeGoalsAtUnequalDistances_TakesAll()
    {
        // Goals (4, 0), (-3, 4.5) and (-3, -6), 4, 5.4 and 6.7 from the start: the farthest costs about 141 more per
        // episode than the nearest, more than a goal of one's own was worth over a shared one at u 200 (139). The
        // preset covered this layout in 3 of 10 seeds without the time left in the observation, 8 of 10 with it (ninth
        // slice), 10 of 10 with u 300 and correlated warm-up actions (tenth), 9 of 10 with u 305 set from the goals'
        // best returns (thirteenth), 10 of 10 with losses kept at 100 (fourteenth). Measured, seed 1 at 18,000 steps
        // with a warm-up of 8,000: each agent at a different goal in 10 of 10 episodes.
        var layout = new MultiGoalOptions { Goals = [(4f, 0f), (-3f, 4.5f), (-3f, -6f)] };
        var (report, _) = LearningChecks.MultiGoalPresetMede(TrainingBackend.Managed, seed: 1, steps: 18_000, lateAfter: 0, layout: layout, agents: 3);
        AssertEachAgentAtAGoalOfItsOwn(report, goals: 3, "uneven three goals");
    }

    [TestMethod]
    public void Mede_MultiGoalPreset_FarGoalOffTheWalls_TakesAll()
    {
        // Goals (4, 0), (-3, 4.5) and (-4.7, -4.8): the far goal costs 148 more per episode than the nearest, and 2% of
        // independent random warm-up episodes end there. At u 200 two agents sharing the nearest goal score more than
        // one at the far goal (u log(3/2) = 81 against u log 3 - 148 = 72), and the ninth preset covered the layout in 3
        // of 10 seeds; u 300 with correlated warm-up actions covers it in 9 of 10 (tenth slice). The preset raises u to
        // 312 here from the goals' best returns (thirteenth slice: 7 of 10 seeds, agents giving up held goals to idle
        // beside a cliff of -608 at others' goals; at 18,000 steps with a warm-up of 8,000 seed 0 left an agent at a
        // taken goal), with losses kept at 100 (fourteenth slice: 9 of 10). Measured, seed 0 at the preset's 38,000
        // steps: each agent at a different goal in 10 of 10 episodes (about 70 s).
        var layout = new MultiGoalOptions { Goals = [(4f, 0f), (-3f, 4.5f), (-4.7f, -4.8f)] };
        var (report, _) = LearningChecks.MultiGoalPresetMede(
            TrainingBackend.Managed, seed: 0, steps: Mede.ML.Training.TaskPresets.MultiGoalMedeSteps, lateAfter: 0, layout: layout, agents: 3, warmupSteps: Mede.ML.Training.TaskPresets.MultiGoalMedeWarmupSteps);
        AssertEachAgentAtAGoalOfItsOwn(report, goals: 3, "off-wall three goals");
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

    /// <summary>Every goal covered, each agent at a goal of its own in at least 8 of its 10 evaluation episodes.</summary>
    private void AssertEachAgentAtAGoalOfItsOwn(EvaluationReport report, int goals, string layout)
    {
        TestContext.WriteLine($"MEDE MultiGoal preset, {layout}: {report.DistinctGoals} goals ({LearningChecks.Goals(report)})");
        Assert.AreEqual(goals, report.DistinctGoals!.Value, LearningChecks.Goals(report));
        Assert.IsTrue(LearningChecks.AtOwnGoal(report).All(n => n >= 8), "each agent at its own goal in 8 of 10 episodes or more: " + LearningChecks.Goals(report));
    }
}
