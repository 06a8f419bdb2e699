namespace Mede.ML.Environments.Tests;

[TestClass]
public sealed class MultiGoalOptionsTests
{
    [TestMethod]
    public void Parse_Empty_GivesReferenceDefaults()
    {
        var options = MultiGoalOptions.Parse([]);

        Assert.AreEqual(4, options.Goals.Count);
        Assert.AreEqual(30f, options.ActuationCost);
        Assert.AreEqual(1f, options.DistanceCost);
        Assert.AreEqual(10f, options.GoalReward);
        Assert.AreEqual(1f, options.GoalRadius);
        Assert.AreEqual(30, options.Horizon);
        Assert.AreEqual(7f, options.PositionLimit);
        Assert.AreEqual(0.1f, options.StartStandardDeviation);
        Assert.AreEqual(InvalidActionHandling.Reject, options.InvalidActions);
    }

    [TestMethod]
    public void Parse_TwoGoalsPreset_SouthWestGoalIsCloser()
    {
        var options = MultiGoalOptions.Parse([new("preset", "two-goals")]);

        Assert.AreEqual(2, options.Goals.Count);
        var (sw, ne) = (options.Goals[0], options.Goals[1]);
        Assert.IsTrue(sw.X < 0 && sw.Y < 0 && ne.X > 0 && ne.Y > 0);
        Assert.IsTrue(Math.Sqrt(sw.X * sw.X + sw.Y * sw.Y) < Math.Sqrt(ne.X * ne.X + ne.Y * ne.Y));
    }

    [TestMethod]
    public void Parse_EveryKey_SetsItsOption()
    {
        var options = MultiGoalOptions.Parse(new Dictionary<string, string>
        {
            ["goals"] = "5,0; -5,0.5",
            ["Actuation-Cost"] = "1",
            ["distance-cost"] = "0.5",
            ["goal-reward"] = "20",
            ["goal-radius"] = "0.5",
            ["horizon"] = "50",
            ["position-limit"] = "8",
            ["action-limit"] = "2",
            ["start-std"] = "0",
            ["invalid-actions"] = "clip",
            ["time-feature"] = "True",
        });

        CollectionAssert.AreEqual(new[] { (5f, 0f), (-5f, 0.5f) }, options.Goals.ToArray());
        Assert.AreEqual(1f, options.ActuationCost);
        Assert.AreEqual(0.5f, options.DistanceCost);
        Assert.AreEqual(20f, options.GoalReward);
        Assert.AreEqual(0.5f, options.GoalRadius);
        Assert.AreEqual(50, options.Horizon);
        Assert.AreEqual(8f, options.PositionLimit);
        Assert.AreEqual(2f, options.ActionLimit);
        Assert.AreEqual(0f, options.StartStandardDeviation);
        Assert.AreEqual(InvalidActionHandling.Clip, options.InvalidActions);
        Assert.IsTrue(options.TimeFeature);
    }

    [TestMethod]
    [DataRow("speed", "1", "Unknown MultiGoal option 'speed'. Valid options: preset, goals, goal-radius")]
    [DataRow("preset", "three-goals", "use one of: four-goals, two-goals")]
    [DataRow("goals", "5;0", "'5' is not a point; write goals as x,y;x,y")]
    [DataRow("horizon", "ten", "'ten' is not a whole number")]
    [DataRow("horizon", "0", "Horizon is 0; it must be at least 1")]
    [DataRow("actuation-cost", "NaN", "is not a finite number")]
    [DataRow("invalid-actions", "ignore", "use one of: reject, clip")]
    [DataRow("time-feature", "yes", "time-feature': 'yes' is not valid; use true or false")]
    public void Parse_BadInput_ThrowsListingValidChoices(string key, string value, string expected)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => MultiGoalOptions.Parse([new(key, value)]));

        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void Parse_PresetAndGoals_ThrowsBecauseTheyConflict()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            MultiGoalOptions.Parse([new("preset", "two-goals"), new("goals", "1,1")]));

        StringAssert.Contains(e.Message, "exclude each other");
    }
}
