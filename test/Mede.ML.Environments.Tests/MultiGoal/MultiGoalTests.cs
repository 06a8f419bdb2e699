using Mede.ML.Environments.Checking;

namespace Mede.ML.Environments.Tests;

[TestClass]
public sealed class MultiGoalTests
{
    [TestMethod]
    [DataRow("four-goals")]
    [DataRow("two-goals")]
    public void Check_Preset_Passes(string preset)
    {
        var options = MultiGoalOptions.Parse([new("preset", preset)]);

        var report = EnvironmentChecker.Check(() => new MultiGoal(options));

        Assert.IsTrue(report.Passed, report.ToString());
        Assert.AreEqual("multigoal", report.EnvironmentName);
    }

    [TestMethod]
    public void Check_ClipOption_PassesWithoutTheRejectionCheck()
    {
        var options = new MultiGoalOptions { InvalidActions = InvalidActionHandling.Clip };

        var report = EnvironmentChecker.Check(() => new MultiGoal(options), steps: 100, seed: 5);

        Assert.IsTrue(report.Passed, report.ToString());
    }

    [TestMethod]
    [DataRow(1f, 0f, 0)]
    [DataRow(-1f, 0f, 1)]
    [DataRow(0f, 1f, 2)]
    [DataRow(0f, -1f, 3)]
    public void Step_IntoGoal_RewardsGoalTerminatesAndNamesIt(float ax, float ay, int goal)
    {
        using var env = Exact(MultiGoalOptions.FourGoals());
        Span<float> obs = stackalloc float[2];
        env.Reset(0, obs);
        for (int t = 0; t < 4; t++)
        {
            // At distance exactly 1 (step 4) the goal is not reached yet: the reference tests strictly.
            var early = env.Step([ax, ay], obs);
            Assert.IsFalse(early.Done);
            Assert.AreEqual(-1, env.ReachedGoal);
        }

        var result = env.Step([ax, ay], obs);

        Assert.IsTrue(result.Terminated);
        Assert.IsFalse(result.Truncated);
        Assert.AreEqual(goal, env.ReachedGoal);
        Assert.AreEqual(10f, env.RewardTerms[2]);
        Assert.AreEqual(-30f + 0f + 10f, result.Reward, 1e-6f);
    }

    [TestMethod]
    public void Step_PushingIntoWall_ClipsPositionAtLimit()
    {
        using var env = Exact(new MultiGoalOptions { Goals = [(0f, 5f)] });
        Span<float> obs = stackalloc float[2];
        env.Reset(0, obs);
        for (int t = 0; t < 9; t++)
        {
            env.Step([1f, 0f], obs);
        }

        Assert.AreEqual(7f, obs[0]);
        Assert.AreEqual((7f, 0f), env.Position);
    }

    [TestMethod]
    public void Step_GivenStateAndAction_RewardMatchesHandComputation()
    {
        using var env = Exact(MultiGoalOptions.FourGoals());
        Span<float> obs = stackalloc float[2];
        env.Reset(0, obs);

        var result = env.Step([0.5f, -0.25f], obs);

        // s' = (0.5, -0.25); actuation -30 * (0.25 + 0.0625); nearest goal (5, 0): 4.5^2 + 0.25^2 = 20.3125.
        Assert.AreEqual(0.5f, obs[0]);
        Assert.AreEqual(-0.25f, obs[1]);
        Assert.AreEqual(-9.375f, env.RewardTerms[0], 1e-6f);
        Assert.AreEqual(-20.3125f, env.RewardTerms[1], 1e-6f);
        Assert.AreEqual(0f, env.RewardTerms[2]);
        Assert.AreEqual(-29.6875f, result.Reward, 1e-5f);
        CollectionAssert.AreEqual(new[] { "actuation", "distance", "goal" }, env.RewardTermNames.ToArray());
    }

    [TestMethod]
    public void Step_StandingStill_TruncatesAtThirtySteps()
    {
        using var env = Exact(MultiGoalOptions.FourGoals());
        Span<float> obs = stackalloc float[2];
        env.Reset(0, obs);
        for (int t = 1; t < 30; t++)
        {
            Assert.IsFalse(env.Step([0f, 0f], obs).Done, $"step {t}");
        }

        var last = env.Step([0f, 0f], obs);

        Assert.IsTrue(last.Truncated);
        Assert.IsFalse(last.Terminated);
        Assert.AreEqual(30, env.ElapsedSteps);
    }

    [TestMethod]
    public void Step_TimeFeature_ObservesTheFractionOfTheHorizonLeft()
    {
        using var env = Exact(new MultiGoalOptions { Goals = [(0f, 5f)], Horizon = 4, TimeFeature = true });
        float[] obs = new float[3];
        env.Reset(0, obs);
        var left = new List<float> { obs[2] };
        StepResult last = default;
        while (!last.Done)
        {
            last = env.Step([0.5f, 0f], obs);
            left.Add(obs[2]);
        }

        // 1 at the start, 1 - t/4 after step t, 0 at the step the time limit ends; the position is unchanged.
        CollectionAssert.AreEqual(new[] { 1f, 0.75f, 0.5f, 0.25f, 0f }, left);
        Assert.IsTrue(last.Truncated);
        Assert.AreEqual((2f, 0f), (obs[0], obs[1]));
        Assert.IsTrue(((IEnvironment)env).ObservesRemainingTime);
        Assert.AreEqual(3, env.ObservationSpace.Dimension);
        Assert.AreEqual(0f, env.ObservationSpace.Low[2]);
        Assert.AreEqual(1f, env.ObservationSpace.High[2]);
        Assert.AreEqual(-7f, env.ObservationSpace.Low[1]);
    }

    [TestMethod]
    public void Constructor_Default_ObservesThePositionAlone()
    {
        using IEnvironment env = new MultiGoal();

        Assert.IsFalse(env.ObservesRemainingTime);
        Assert.AreEqual(2, env.ObservationSpace.Dimension);
    }

    [TestMethod]
    public void Check_TimeFeature_Passes()
    {
        var options = MultiGoalOptions.Parse([new("time-feature", "true")]);

        var report = EnvironmentChecker.Check(() => new MultiGoal(options), steps: 100, seed: 5);

        Assert.IsTrue(report.Passed, report.ToString());
    }

    [TestMethod]
    public void Reset_DefaultNoise_StartsNearOrigin()
    {
        using var env = new MultiGoal();
        Span<float> obs = stackalloc float[2];
        env.Reset(3, obs);

        Assert.IsTrue(Math.Abs(obs[0]) < 1f && Math.Abs(obs[1]) < 1f);
        Assert.IsTrue(obs[0] != 0f || obs[1] != 0f);
        Assert.AreEqual(-1, env.ReachedGoal);
    }

    [TestMethod]
    [DataRow(new[] { 0f }, "has length 1, expected 2")]
    [DataRow(new[] { 0f, 0f, 0f }, "has length 3, expected 2")]
    [DataRow(new[] { float.NaN, 0f }, "action[0] is NaN")]
    [DataRow(new[] { 0f, 1.5f }, "action[1] = 1.5 lies outside [-1, 1]")]
    public void Step_InvalidAction_ThrowsNamingTheProblem(float[] action, string expected)
    {
        using var env = new MultiGoal();
        var obs = new float[2];
        env.Reset(0, obs);

        var e = Assert.ThrowsExactly<ArgumentException>(() => env.Step(action, obs));

        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void Step_ClipOption_ClipsActionBeforeMovingAndCosting()
    {
        var options = MultiGoalOptions.FourGoals();
        options.InvalidActions = InvalidActionHandling.Clip;
        using var env = Exact(options);
        Span<float> obs = stackalloc float[2];
        env.Reset(0, obs);

        env.Step([3f, -0.5f], obs);

        Assert.AreEqual(1f, obs[0]);
        Assert.AreEqual(-0.5f, obs[1]);
        Assert.AreEqual(-30f * 1.25f, env.RewardTerms[0], 1e-5f);
    }

    [TestMethod]
    public void Step_SteadyState_AllocatesNothing()
    {
        using var env = new MultiGoal();
        var obs = new float[2];
        var action = new float[] { 0.1f, -0.1f };
        env.Reset(1, obs);
        env.Step(action, obs);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 1000; t++)
        {
            if (env.Step(action, obs).Done)
            {
                env.Reset(null, obs);
            }
        }

        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [TestMethod]
    public void Constructor_OptionsChangedLater_KeepsItsCopy()
    {
        var options = MultiGoalOptions.FourGoals();
        using var env = new MultiGoal(options);

        options.Goals = [(1f, 1f)];

        Assert.AreEqual(4, env.Goals.Count);
        Assert.AreEqual((0f, -5f), env.Goals[3]);
    }

    [TestMethod]
    public void Constructor_GoalOutsideWalls_Throws()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new MultiGoal(new MultiGoalOptions { Goals = [(9f, 0f)] }));

        StringAssert.Contains(e.Message, "goal 0 at (9, 0) lies outside the walls");
    }

    [TestMethod]
    public void BestReturnTo_FourGoals_IsTheBestOfThePathsTheEnvironmentPaysFor()
    {
        using var env = Exact(MultiGoalOptions.FourGoals());
        float best = env.BestReturnTo(0);

        // The optimum by the dynamic programme of docs/results/diversity/optimal_path.py (a grid of 0.005): 9 steps,
        // -110.1. Its speed profile, rounded to 0.01 and walked in the environment itself, earns a little less.
        Assert.AreEqual(-110.1f, best, 0.15f);
        for (int g = 1; g < 4; g++)
        {
            Assert.AreEqual(best, env.BestReturnTo(g), 1e-3f, $"goal {g} is as far as goal 0");
        }

        float[] speeds = [0.83f, 0.70f, 0.58f, 0.48f, 0.40f, 0.33f, 0.28f, 0.23f, 0.19f];
        Span<float> obs = stackalloc float[2];
        env.Reset(0, obs);
        float walked = 0f;
        StepResult result = default;
        foreach (float a in speeds)
        {
            result = env.Step([a, 0f], obs);
            walked += result.Reward;
        }

        Assert.IsTrue(result.Terminated, "the profile reaches the goal");
        Assert.AreEqual(0, env.ReachedGoal);
        Assert.IsLessThanOrEqualTo(best + 0.01f, walked, "no path the environment pays for beats the optimum");
        Assert.IsGreaterThan(best - 0.5f, walked, $"and the optimum's rounded profile is close to it ({walked:F2})");

        // Slower and faster constant speeds cost more.
        foreach (float speed in new[] { 0.3f, 0.5f, 0.8f })
        {
            env.Reset(0, obs);
            float total = 0f;
            do
            {
                result = env.Step([speed, 0f], obs);
                total += result.Reward;
            }
            while (!result.Terminated && !result.Truncated);

            Assert.IsLessThan(best, total, $"a constant speed of {speed}");
        }
    }

    [TestMethod]
    public void BestReturnTo_FartherGoalsCostMore_ByWhatTheDiversityMapMeasured()
    {
        // The uneven layout of docs/results/diversity: goals 4, 5.4 and 6.7 from the start. The learned agents there
        // paid about 141 more at the far goal than at the near one; the optimum, 132.
        using var uneven = Exact(new MultiGoalOptions { Goals = [(4f, 0f), (-3f, 4.5f), (-3f, -6f)] });
        float near = uneven.BestReturnTo(0), middle = uneven.BestReturnTo(1), far = uneven.BestReturnTo(2);
        Assert.IsGreaterThan(middle, near);
        Assert.IsGreaterThan(far, middle);
        Assert.AreEqual(132f, near - far, 1.5f);

        // The two-goal preset: (-4.5, -4.5) is nearer than (5, 5), by about 48 of return.
        using var two = Exact(MultiGoalOptions.TwoGoals());
        Assert.AreEqual(48.5f, two.BestReturnTo(0) - two.BestReturnTo(1), 1.5f);

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => two.BestReturnTo(2));
    }

    private static MultiGoal Exact(MultiGoalOptions options)
    {
        // A start exactly at the origin makes positions and rewards computable by hand.
        options.StartStandardDeviation = 0f;
        return new MultiGoal(options);
    }
}
