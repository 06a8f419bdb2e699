using Mede.ML.Data;

namespace Mede.ML.Tests.Data;

[TestClass]
public sealed class TrajectoryDataViewTests
{
    private static readonly MLContext _ml = new(seed: 1);

    [TestMethod]
    public void From_RecordsView_TypedSpansHoldColumns()
    {
        var view = TrajectoryDataView.From(_ml.Data.LoadFromEnumerable(TrajectoryRecord.Episode0(3)));

        Assert.AreEqual(3, view.RowCount);
        Assert.AreEqual(3L, view.GetRowCount());
        Assert.AreEqual(2, view.ObservationSize);
        Assert.AreEqual(1, view.ActionSize);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0.5f, -1f, 1f, -2f }, view.Observations.ToArray());
        CollectionAssert.AreEqual(new[] { 0f, 0.25f, 0.5f }, view.Actions.ToArray());
        CollectionAssert.AreEqual(new[] { 0.5f, 1.5f, 2.5f }, view.Rewards.ToArray());
        CollectionAssert.AreEqual(new[] { 1.5f, -3f }, view.GetNextObservation(2).ToArray());
        CollectionAssert.AreEqual(new[] { false, false, true }, view.Terminated.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, view.Steps.ToArray());
        Assert.AreEqual(0L, view.Episodes[2]);
        Assert.AreEqual(0, view.Agents[2]);
        Assert.AreEqual(TrajectorySchema.Create(2, 1).ToString(), view.Schema.ToString());
    }

    [TestMethod]
    public void From_TrajectoryView_ReturnsSameInstance()
    {
        var view = TrajectoryDataView.From(_ml.Data.LoadFromEnumerable(TrajectoryRecord.Episode0(1)));
        Assert.AreSame(view, TrajectoryDataView.From(view));
    }

    public sealed class NoReward
    {
        [VectorType(1)]
        public float[] Observation { get; set; } = [0f];
    }

    [TestMethod]
    public void From_MissingColumn_ThrowsNamingColumn()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => TrajectoryDataView.From(_ml.Data.LoadFromEnumerable(new[] { new NoReward() })));
        StringAssert.Contains(e.Message, "no column 'Action'");
    }

    public sealed class AgentAsLong
    {
        [VectorType(1)]
        public float[] Observation { get; set; } = [0f];

        [VectorType(1)]
        public float[] Action { get; set; } = [0f];

        public float Reward { get; set; }

        [VectorType(1)]
        public float[] NextObservation { get; set; } = [0f];

        public bool Terminated { get; set; }

        public bool Truncated { get; set; }

        public long Agent { get; set; }

        public long Episode { get; set; }

        public int Step { get; set; }
    }

    [TestMethod]
    public void From_ColumnOfWrongType_ThrowsNamingColumnAndBothTypes()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => TrajectoryDataView.From(_ml.Data.LoadFromEnumerable(new[] { new AgentAsLong() })));
        StringAssert.Contains(e.Message, "'Agent'");
        StringAssert.Contains(e.Message, "Int64");
        StringAssert.Contains(e.Message, "Int32");
    }

    public static IEnumerable<object[]> BadRows =>
    [
        ["NaN observation", (Action<List<TrajectoryRecord>>)(rows => rows[1].Observation[1] = float.NaN), 2, "Observation", "item 1"],
        ["infinite reward", (Action<List<TrajectoryRecord>>)(rows => rows[2].Reward = float.PositiveInfinity), 3, "Reward", "+infinity"],
        ["both end flags", (Action<List<TrajectoryRecord>>)(rows => rows[3].Truncated = true), 4, "Truncated", "both true"],
        ["step gap", (Action<List<TrajectoryRecord>>)(rows => rows[2].Step = 3), 3, "Step", "consecutive"],
    ];

    [TestMethod]
    [DynamicData(nameof(BadRows))]
    public void From_BadRow_ThrowsNamingRowAndColumn(string name, Action<List<TrajectoryRecord>> spoil, int row, string column, string fragment)
    {
        var records = TrajectoryRecord.Episode0(4);
        spoil(records);

        var e = Assert.ThrowsExactly<TrajectoryFormatException>(() => TrajectoryDataView.From(_ml.Data.LoadFromEnumerable(records)), name);

        Assert.IsNull(e.File);
        Assert.AreEqual(row, e.Line);
        Assert.AreEqual(column, e.Column);
        StringAssert.StartsWith(e.Message, $"Row {row}, column '{column}': ");
        StringAssert.Contains(e.Message, fragment);
    }

    [TestMethod]
    public void GetObservation_RowOutOfRange_Throws()
    {
        var view = TrajectoryDataView.From(_ml.Data.LoadFromEnumerable(TrajectoryRecord.Episode0(2)));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => view.GetObservation(2));
    }
}
