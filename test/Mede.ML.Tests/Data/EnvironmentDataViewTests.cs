using Mede.ML.Algorithms;
using Mede.ML.Data;
using Mede.ML.Environments;

namespace Mede.ML.Tests.Data;

[TestClass]
public sealed class EnvironmentDataViewTests
{
    [TestMethod]
    public void FromEnvironment_Created_HasTheTrajectorySchemaAndStepsNothing()
    {
        var made = new List<CountingEnvironment>();
        var ml = new MLContext(seed: 1);

        EnvironmentDataView view = ml.Reinforcement().Data.FromEnvironment(() => Track(made, new MultiGoal()), steps: 10);

        Assert.AreEqual(TrajectorySchema.Create(2, 2).ToString(), view.Schema.ToString());
        Assert.AreEqual(10L, view.GetRowCount());
        Assert.AreEqual(0, made.Sum(e => e.Steps), "making the view rolls nothing out");
        Assert.IsTrue(made.All(e => e.Disposed), "the environment made to read the spaces is disposed");
    }

    [TestMethod]
    public void GetRowCursor_ReadThreeRows_StepsThreeTimes()
    {
        var made = new List<CountingEnvironment>();
        var ml = new MLContext(seed: 1);
        EnvironmentDataView view = ml.Reinforcement().Data.FromEnvironment(() => Track(made, new MultiGoal()), steps: 100);

        using (DataViewRowCursor cursor = view.GetRowCursor(view.Schema))
        {
            Assert.AreEqual(0, made[^1].Steps, "opening a cursor steps nothing");
            for (int i = 0; i < 3; i++)
            {
                Assert.IsTrue(cursor.MoveNext());
            }

            Assert.AreEqual(3, made[^1].Steps);
            Assert.AreEqual(2L, cursor.Position);
        }

        Assert.IsTrue(made[^1].Disposed, "the cursor disposes the environment it made");
    }

    [TestMethod]
    public void CreateEnumerable_TwoEpisodes_NumbersEpisodesAndStepsAndEndsEachWithAFlag()
    {
        var ml = new MLContext(seed: 1);
        var options = new MultiGoalOptions { Horizon = 5 };
        EnvironmentDataView view = ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal(options), episodes: 2);

        var rows = ml.Data.CreateEnumerable<RolloutRecord>(view, reuseRowObject: false).ToList();

        Assert.IsNull(view.GetRowCount());
        Assert.AreEqual(0L, rows[0].Episode);
        Assert.AreEqual(1L, rows[^1].Episode);
        var first = rows.Where(r => r.Episode == 0).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(0, first.Count).ToArray(), first.Select(r => r.Step).ToArray());
        Assert.IsTrue(first[^1].Terminated || first[^1].Truncated);
        Assert.IsTrue(rows.All(r => r.Action.All(a => a is >= -1f and <= 1f)), "actions are in the policy's units");
        for (int i = 1; i < first.Count; i++)
        {
            CollectionAssert.AreEqual(first[i - 1].NextObservation, first[i].Observation, "rows chain within an episode");
        }
    }

    [TestMethod]
    public void GetRowCursor_TwoCursorsOfARandomBehaviour_GiveTheSameRows()
    {
        var ml = new MLContext(seed: 1);
        EnvironmentDataView view = ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.Pendulum(), steps: 20);

        var first = ml.Data.CreateEnumerable<RolloutRecord>(view, reuseRowObject: false).ToList();
        var second = ml.Data.CreateEnumerable<RolloutRecord>(view, reuseRowObject: false).ToList();

        Assert.HasCount(20, first);
        for (int i = 0; i < first.Count; i++)
        {
            CollectionAssert.AreEqual(first[i].Action, second[i].Action);
            CollectionAssert.AreEqual(first[i].Observation, second[i].Observation);
        }
    }

    [TestMethod]
    public void GetRowCursor_BehaviourPolicy_StoresItsActionInThePolicysUnitsAndItsAgent()
    {
        var ml = new MLContext(seed: 1);
        MedeTransformer model = ml.Reinforcement().Trainers.Create(EstimatorWorkout.Tiny())
            .Fit(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.Pendulum()));
        EnvironmentDataView view = ml.Reinforcement().Data.FromEnvironment(
            ml.Reinforcement().Environments.Pendulum(), model.GetPolicy(1), steps: 5);

        var rows = ml.Data.CreateEnumerable<RolloutRecord>(view, reuseRowObject: false).ToList();

        Assert.IsTrue(rows.All(r => r.Agent == 1));
        Assert.IsTrue(rows.All(r => r.Action.All(a => a is >= -1f and <= 1f)), "Pendulum's torque of +-2 is stored in [-1, 1]");
    }

    [TestMethod]
    public void FromEnvironment_BehaviourOfOtherSizes_FailsNamingBoth()
    {
        var ml = new MLContext(seed: 1);
        MedeTransformer model = ml.Reinforcement().Trainers.Create(EstimatorWorkout.Tiny(ReinforcementAlgorithm.Sac))
            .Fit(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.Pendulum()));

        ArgumentException e = Assert.Throws<ArgumentException>(
            () => ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal(), model.GetPolicy(0)));

        StringAssert.Contains(e.Message, "multigoal");
    }

    private static CountingEnvironment Track(List<CountingEnvironment> made, IEnvironment inner)
    {
        var environment = new CountingEnvironment(inner);
        made.Add(environment);
        return environment;
    }
}
