using Mede.ML.Data;

namespace Mede.ML.Tests.Data;

[TestClass]
public sealed class CheckedCursorTests
{
    // The cursors of Mede.ML's own views (here a columnar trajectory view) check their getters.
    private static IDataView MakeView(string kind)
    {
        var ml = new MLContext(seed: 1);
        var records = ml.Data.LoadFromEnumerable(TrajectoryRecord.Episode0(3));
        Assert.AreEqual("trajectory", kind);
        return TrajectoryDataView.From(records);
    }

    [TestMethod]
    [DataRow("trajectory")]
    public void GetGetter_WrongType_ThrowsNamingColumnAndBothTypes(string kind)
    {
        var view = MakeView(kind);
        using var cursor = view.GetRowCursor(view.Schema);

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<int>(view.Schema["Reward"]));
        StringAssert.Contains(e.Message, "'Reward'");
        StringAssert.Contains(e.Message, "Single");
        StringAssert.Contains(e.Message, "int");
        StringAssert.Contains(e.Message, "GetGetter<float>");
    }

    [TestMethod]
    [DataRow("trajectory")]
    public void GetGetter_ArrayForVector_ThrowsNamingVBuffer(string kind)
    {
        var view = MakeView(kind);
        using var cursor = view.GetRowCursor(view.Schema);

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<float[]>(view.Schema["Observation"]));
        StringAssert.Contains(e.Message, "'Observation'");
        StringAssert.Contains(e.Message, "Vector<Single, 2>");
        StringAssert.Contains(e.Message, "VBuffer<float>");
        StringAssert.Contains(e.Message, "float[]");
    }

    [TestMethod]
    [DataRow("trajectory")]
    public void GetGetter_ColumnNotRequested_ThrowsNamingColumn(string kind)
    {
        var view = MakeView(kind);
        using var cursor = view.GetRowCursor([view.Schema["Step"]]);

        Assert.IsTrue(cursor.IsColumnActive(view.Schema["Step"]));
        Assert.IsFalse(cursor.IsColumnActive(view.Schema["Agent"]));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<int>(view.Schema["Agent"]));
        StringAssert.Contains(e.Message, "'Agent'");
        StringAssert.Contains(e.Message, "columnsNeeded");
    }

    [TestMethod]
    [DataRow("trajectory")]
    public void Getters_ThreeRows_ReadEveryValueInOrder(string kind)
    {
        var view = MakeView(kind);
        using var cursor = view.GetRowCursor(view.Schema);
        var getStep = cursor.GetGetter<int>(view.Schema["Step"]);
        var getObservation = cursor.GetGetter<VBuffer<float>>(view.Schema["Observation"]);
        var getTerminated = cursor.GetGetter<bool>(view.Schema["Terminated"]);
        var getEpisode = cursor.GetGetter<long>(view.Schema["Episode"]);
        var steps = new List<int>();
        VBuffer<float> observation = default;
        var terminated = false;
        long episode = -1;

        Assert.AreEqual(-1L, cursor.Position);
        while (cursor.MoveNext())
        {
            var step = 0;
            getStep(ref step);
            steps.Add(step);
            Assert.AreEqual(step, cursor.Position);
            getObservation(ref observation);
            CollectionAssert.AreEqual(new[] { step * 0.5f, -step }, observation.DenseValues().ToArray());
            getTerminated(ref terminated);
            getEpisode(ref episode);
        }

        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, steps);
        Assert.IsTrue(terminated);
        Assert.AreEqual(0L, episode);
    }

    [TestMethod]
    [DataRow("trajectory")]
    public void Getter_BeforeMoveNext_ThrowsSayingCallMoveNext(string kind)
    {
        var view = MakeView(kind);
        using var cursor = view.GetRowCursor(view.Schema);
        var getReward = cursor.GetGetter<float>(view.Schema["Reward"]);
        var reward = 0f;

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => getReward(ref reward));
        StringAssert.Contains(e.Message, "MoveNext");
    }

    [TestMethod]
    public void VectorGetter_PassedBufferLongEnough_ReusesItsArray()
    {
        var view = MakeView("trajectory");
        using var cursor = view.GetRowCursor(view.Schema);
        var getObservation = cursor.GetGetter<VBuffer<float>>(view.Schema["Observation"]);
        var array = new float[2];
        var buffer = new VBuffer<float>(2, array);

        cursor.MoveNext();
        cursor.MoveNext();
        getObservation(ref buffer);

        Assert.AreEqual(-1f, array[1]);
    }
}
