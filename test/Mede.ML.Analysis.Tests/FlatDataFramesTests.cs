using Mede.ML.Data;
using Microsoft.Data.Analysis;

namespace Mede.ML.Analysis.Tests;

[TestClass]
public sealed class FlatDataFramesTests
{
    [TestMethod]
    public void ToFlatDataFrame_RolloutOf250Steps_EveryRowAndOneColumnPerSlot()
    {
        var ml = new MLContext(seed: 1);
        EnvironmentDataView rollout = ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal(), steps: 250, episodes: 100);
        TrajectoryDataView rows = ml.Reinforcement().Data.LoadTrajectories(rollout);

        DataFrame frame = rollout.ToFlatDataFrame();

        Assert.AreEqual((long)rows.RowCount, frame.Rows.Count, "all rows, not ToDataFrame's default 100");
        Assert.IsGreaterThan(100, rows.RowCount);
        CollectionAssert.AreEqual(
            new[] { "Observation.0", "Observation.1", "Action.0", "Action.1", "Reward", "NextObservation.0", "NextObservation.1", "Terminated", "Truncated", "Agent", "Episode", "Step" },
            frame.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual(rows.GetObservation(199)[1], (float)frame["Observation.1"][199]!);
        Assert.AreEqual(rows.Steps[249], (int)frame["Step"][249]!);
    }

    [TestMethod]
    public void ToFlatDataFrame_ThenConcatenate_GivesBackSizedVectorsTheTrainerAccepts()
    {
        var ml = new MLContext(seed: 1);
        TrajectoryDataView rows = ml.Reinforcement().Data.LoadTrajectories(
            ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal(), steps: 20));
        DataFrame frame = rows.ToFlatDataFrame();

        IDataView joined = ml.Transforms.Concatenate(TrajectoryColumns.Observation, "Observation.0", "Observation.1")
            .Append(ml.Transforms.Concatenate(TrajectoryColumns.Action, "Action.0", "Action.1"))
            .Append(ml.Transforms.Concatenate(TrajectoryColumns.NextObservation, "NextObservation.0", "NextObservation.1"))
            .Fit(frame).Transform(frame);
        TrajectoryDataView back = ml.Reinforcement().Data.LoadTrajectories(joined);

        Assert.AreEqual(2, back.ObservationSize);
        CollectionAssert.AreEqual(rows.Observations.ToArray(), back.Observations.ToArray());
        CollectionAssert.AreEqual(rows.Actions.ToArray(), back.Actions.ToArray());
        CollectionAssert.AreEqual(rows.Episodes.ToArray(), back.Episodes.ToArray());
    }

    [TestMethod]
    public void SaveFlatCsv_Trajectories_HeaderWithSlotsAndRoundTripsThroughTheTrajectoryReader()
    {
        var ml = new MLContext(seed: 1);
        TrajectoryDataView rows = ml.Reinforcement().Data.LoadTrajectories(
            ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal(), steps: 30));
        string path = Path.Combine(Path.GetTempPath(), $"mede-flat-{Guid.NewGuid():N}.csv");
        try
        {
            rows.SaveFlatCsv(path);

            StringAssert.StartsWith(File.ReadLines(path).First(), "Observation.0,Observation.1,Action.0,Action.1,Reward,");
            TrajectoryDataView back = ml.Reinforcement().Data.LoadTrajectories(path);
            CollectionAssert.AreEqual(rows.Observations.ToArray(), back.Observations.ToArray());
            CollectionAssert.AreEqual(rows.Rewards.ToArray(), back.Rewards.ToArray());
            CollectionAssert.AreEqual(rows.Terminated.ToArray(), back.Terminated.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void SaveFlatCsv_MissingDirectory_ThrowsNamingIt()
    {
        var ml = new MLContext(seed: 1);
        string folder = Path.Combine(Path.GetTempPath(), $"mede-none-{Guid.NewGuid():N}");

        DirectoryNotFoundException e = Assert.ThrowsExactly<DirectoryNotFoundException>(
            () => ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal(), steps: 3).SaveFlatCsv(Path.Combine(folder, "x.csv")));

        StringAssert.Contains(e.Message, folder);
    }
}
