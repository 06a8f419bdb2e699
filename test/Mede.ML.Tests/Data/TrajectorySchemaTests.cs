using Mede.ML.Data;

namespace Mede.ML.Tests.Data;

[TestClass]
public sealed class TrajectorySchemaTests
{
    [TestMethod]
    public void Create_Sizes_ColumnsOfDesignInOrder()
    {
        var schema = TrajectorySchema.Create(observationSize: 3, actionSize: 2);

        CollectionAssert.AreEqual(
            new[]
            {
                "Observation: Vector<Single, 3>", "Action: Vector<Single, 2>", "Reward: Single", "NextObservation: Vector<Single, 3>",
                "Terminated: Boolean", "Truncated: Boolean", "Agent: Int32", "Episode: Int64", "Step: Int32",
            },
            schema.Select(c => $"{c.Name}: {c.Type}").ToArray());
    }

    [TestMethod]
    public void ColumnNames_Constants_MatchDesign()
    {
        CollectionAssert.AreEqual(
            new[] { "Observation", "Action", "Reward", "NextObservation", "Terminated", "Truncated", "Agent", "Episode", "Step" },
            new[]
            {
                TrajectoryColumns.Observation, TrajectoryColumns.Action, TrajectoryColumns.Reward, TrajectoryColumns.NextObservation,
                TrajectoryColumns.Terminated, TrajectoryColumns.Truncated, TrajectoryColumns.Agent, TrajectoryColumns.Episode, TrajectoryColumns.Step,
            });
    }

    [TestMethod]
    [DataRow(0, 1)]
    [DataRow(1, 0)]
    public void Create_SizeBelowOne_Throws(int observationSize, int actionSize)
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TrajectorySchema.Create(observationSize, actionSize));
    }
}
