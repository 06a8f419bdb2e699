using Mede.ML.Data;

namespace Mede.ML.Tests.Data;

[TestClass]
public sealed class DataDebuggerPreviewTests
{
    public sealed class Row
    {
        public float X { get; set; }

        public int N { get; set; }

        [VectorType(2)]
        public float[] V { get; set; } = [];
    }

    public sealed class Wide
    {
        [VectorType(10)]
        public float[] V { get; set; } = [];
    }

    private static readonly MLContext _ml = new(seed: 1);

    private static Row[] Rows() =>
    [
        new() { X = 1.5f, N = 3, V = [0.1f, 2f] },
        new() { X = -10.25f, N = 12, V = [3f, 4f] },
    ];

    [TestMethod]
    public void ToString_TwoRows_AlignedTableNumbersRight()
    {
        var text = _ml.Data.LoadFromEnumerable(Rows()).Preview().ToString();

        Assert.AreEqual(
            "     X   N  V\n" +
            "------  --  --------\n" +
            "   1.5   3  [0.1, 2]\n" +
            "-10.25  12  [3, 4]\n" +
            "2 of 2 rows\n",
            text);
    }

    [TestMethod]
    public void RowViewAndColumnView_TwoRows_HoldValuesByNameAndColumn()
    {
        var preview = _ml.Data.LoadFromEnumerable(Rows()).Preview();

        Assert.HasCount(2, preview.RowView);
        Assert.AreEqual("N", preview.RowView[1].Values[1].Key);
        Assert.AreEqual(12, preview.RowView[1].Values[1].Value);
        Assert.AreEqual(-10.25f, preview.ColumnView[0].Values[1]);
        var first = (VBuffer<float>)preview.ColumnView[2].Values[0];
        var second = (VBuffer<float>)preview.ColumnView[2].Values[1];
        Assert.AreEqual(0.1f, first.GetValues()[0], "each vector cell keeps its own values");
        Assert.AreEqual(3f, second.GetValues()[0]);
    }

    [TestMethod]
    public void ToString_UnknownCountMoreRows_SaysMoreFollow()
    {
        var preview = _ml.Data.LoadFromEnumerable(Stream(100)).Preview(maxRows: 3);

        Assert.HasCount(3, preview.RowView);
        Assert.IsTrue(preview.HasMoreRows);
        StringAssert.EndsWith(preview.ToString(), "First 3 rows; more follow\n");
    }

    // An iterator, so the view cannot know the row count without a pass.
    private static IEnumerable<Row> Stream(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new Row { X = i, V = [0f, 0f] };
        }
    }

    [TestMethod]
    public void ToString_LongVector_ShowsFirstItemsAndLength()
    {
        var wide = new Wide { V = Enumerable.Range(0, 10).Select(i => (float)i).ToArray() };

        var text = _ml.Data.LoadFromEnumerable(new[] { wide }).Preview().ToString();

        StringAssert.Contains(text, "[0, 1, 2, 3, 4, 5, 6, 7, ... (10 items)]");
    }

    [TestMethod]
    public void ToString_Trajectories_ShowsEveryTrajectoryColumn()
    {
        var view = TrajectoryDataView.From(_ml.Data.LoadFromEnumerable(TrajectoryRecord.Episode0(12)));

        var text = view.Preview().ToString();

        var lines = text.Split('\n');
        StringAssert.StartsWith(lines[0], "Observation");
        foreach (var name in new[] { "Action", "Reward", "NextObservation", "Terminated", "Truncated", "Agent", "Episode", "Step" })
        {
            StringAssert.Contains(lines[0], name);
        }

        Assert.AreEqual("10 of 12 rows", lines[12]);
    }
}
