using Mede.ML.Data;
using Mede.ML.Tests.Data;

namespace Mede.ML.Tests;

[TestClass]
public sealed class DataOperationsCatalogTests
{
    public sealed class Sample
    {
        public float Score { get; set; }

        [ColumnName("Label")]
        public bool IsGood { get; set; }

        public int Count;

        public long Id { get; set; }

        public float[] Features { get; set; } = [];

        [NoColumn]
        public string Note { get; set; } = "";
    }

    public sealed class WithDecimal
    {
        public decimal Name { get; set; }
    }

    public sealed class TextAndDouble
    {
        public string Label { get; set; } = "";

        public double Value { get; set; }
    }

    public sealed class WrongVector
    {
        [VectorType(3)]
        public float[] Observation { get; set; } = [];
    }

    public sealed class ScoreAsInt
    {
        public int Score { get; set; }
    }

    public sealed class ScoreAndMissing
    {
        public float Score { get; set; }

        public float Missing { get; set; }
    }

    private static readonly MLContext _ml = new(seed: 1);

    private static List<Sample> Samples() =>
    [
        new() { Score = 0.5f, IsGood = true, Count = 3, Id = 10_000_000_000, Features = [1f, 2f] },
        new() { Score = -1.25f, IsGood = false, Count = -4, Id = 2, Features = [3f, 4f] },
    ];

    [TestMethod]
    public void LoadFromEnumerable_Records_SchemaFromMembersAndAttributes()
    {
        var view = _ml.Data.LoadFromEnumerable(Samples());

        CollectionAssert.AreEqual(new[] { "Score", "Label", "Id", "Features", "Count" }.Order().ToArray(), view.Schema.Select(c => c.Name).Order().ToArray());
        Assert.AreEqual(BooleanDataViewType.Instance, view.Schema["Label"].Type);
        Assert.AreEqual(NumberDataViewType.Int32, view.Schema["Count"].Type);
        Assert.AreEqual(NumberDataViewType.Int64, view.Schema["Id"].Type);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 2), view.Schema["Features"].Type, "size from the first row");
        Assert.AreEqual(2L, view.GetRowCount());
        Assert.IsFalse(view.CanShuffle);
    }

    [TestMethod]
    public void CreateEnumerable_AfterLoadFromEnumerable_RoundTripsEveryValue()
    {
        var rows = _ml.Data.CreateEnumerable<Sample>(_ml.Data.LoadFromEnumerable(Samples())).ToList();

        Assert.HasCount(2, rows);
        Assert.AreEqual(-1.25f, rows[1].Score);
        Assert.IsTrue(rows[0].IsGood);
        Assert.AreEqual(-4, rows[1].Count);
        Assert.AreEqual(10_000_000_000, rows[0].Id);
        CollectionAssert.AreEqual(new[] { 3f, 4f }, rows[1].Features);
        Assert.AreNotSame(rows[0], rows[1]);
    }

    [TestMethod]
    public void CreateEnumerable_ReuseRowObject_YieldsOneObjectAndArray()
    {
        var view = _ml.Data.LoadFromEnumerable(Samples());
        var seen = new List<(Sample Row, float[] Features, float First)>();
        foreach (var row in _ml.Data.CreateEnumerable<Sample>(view, reuseRowObject: true))
        {
            seen.Add((row, row.Features, row.Features[0]));
        }

        Assert.AreSame(seen[0].Row, seen[1].Row);
        Assert.AreSame(seen[0].Features, seen[1].Features);
        CollectionAssert.AreEqual(new[] { 1f, 3f }, seen.Select(s => s.First).ToArray());
    }

    [TestMethod]
    public void CreateEnumerable_TrajectoryView_ReadsRecords()
    {
        var trajectories = TrajectoryDataView.From(_ml.Data.LoadFromEnumerable(TrajectoryRecord.Episode0(4)));

        var rows = _ml.Data.CreateEnumerable<TrajectoryRecord>(trajectories).ToList();

        Assert.HasCount(4, rows);
        Assert.AreEqual(3, rows[3].Step);
        Assert.IsTrue(rows[3].Terminated);
        CollectionAssert.AreEqual(new[] { 2f, -4f }, rows[3].NextObservation);
    }

    [TestMethod]
    public void LoadFromEnumerable_UnsupportedMemberType_ThrowsNamingMember()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => _ml.Data.LoadFromEnumerable(new[] { new WithDecimal() }));
        StringAssert.Contains(e.Message, "'Name'");
        StringAssert.Contains(e.Message, "[NoColumn]");
    }

    [TestMethod]
    public void TextAndDoubleColumns_RoundTripThroughAViewAndCsv()
    {
        var rows = new[] { new TextAndDouble { Label = "mede, 4 agents", Value = 0.1 + 0.2 }, new TextAndDouble { Label = "", Value = 1e-300 } };
        IDataView view = _ml.Data.LoadFromEnumerable(rows);
        Assert.AreEqual(TextDataViewType.Instance, view.Schema["Label"].Type);
        Assert.AreEqual(NumberDataViewType.Double, view.Schema["Value"].Type);
        var back = _ml.Data.CreateEnumerable<TextAndDouble>(view).ToList();
        Assert.AreEqual("mede, 4 agents", back[0].Label);
        Assert.AreEqual(0.1 + 0.2, back[0].Value);
        Assert.AreEqual(1e-300, back[1].Value);

        string path = Path.Combine(Path.GetTempPath(), $"mede-text-{Guid.NewGuid():N}.csv");
        try
        {
            _ml.Data.SaveAsCsv(view, path);
            string[] lines = File.ReadAllLines(path);
            Assert.AreEqual("Label,Value", lines[0]);
            Assert.AreEqual("\"mede, 4 agents\",0.30000000000000004", lines[1]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void LoadFromEnumerable_VectorSizeUnknownAndNoRows_ThrowsAskingForVectorType()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => _ml.Data.LoadFromEnumerable(new List<Sample>()));
        StringAssert.Contains(e.Message, "'Features'");
        StringAssert.Contains(e.Message, "[VectorType(size)]");
    }

    [TestMethod]
    public void Cursor_RowArrayOfWrongSize_ThrowsNamingRowAndColumn()
    {
        var samples = Samples();
        samples[1].Features = [1f];
        var view = _ml.Data.LoadFromEnumerable(samples);

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => _ml.Data.CreateEnumerable<Sample>(view).ToList());
        StringAssert.Contains(e.Message, "Row 2, column 'Features'");
    }

    [TestMethod]
    public void CreateEnumerable_MissingColumn_ThrowsNamingColumnAndRemedies()
    {
        var view = _ml.Data.LoadFromEnumerable(Samples());

        var e = Assert.ThrowsExactly<ArgumentException>(() => _ml.Data.CreateEnumerable<TrajectoryRecord>(view));
        StringAssert.Contains(e.Message, "'Observation'");
        StringAssert.Contains(e.Message, "ignoreMissingColumns");
    }

    [TestMethod]
    public void CreateEnumerable_IgnoreMissingColumns_LeavesDefaults()
    {
        var view = _ml.Data.LoadFromEnumerable(Samples());

        var rows = _ml.Data.CreateEnumerable<ScoreAndMissing>(view, ignoreMissingColumns: true).ToList();

        Assert.AreEqual(0.5f, rows[0].Score);
        Assert.AreEqual(0f, rows[0].Missing);
    }

    [TestMethod]
    public void CreateEnumerable_ColumnTypeDiffers_ThrowsNamingColumnAndBothTypes()
    {
        var view = _ml.Data.LoadFromEnumerable(Samples());

        var e = Assert.ThrowsExactly<ArgumentException>(() => _ml.Data.CreateEnumerable<ScoreAsInt>(view));
        StringAssert.Contains(e.Message, "'Score'");
        StringAssert.Contains(e.Message, "Single");
        StringAssert.Contains(e.Message, "Int32");
    }

    [TestMethod]
    public void CreateEnumerable_VectorSizeDiffersFromAttribute_ThrowsNamingSizes()
    {
        var view = TrajectoryDataView.From(_ml.Data.LoadFromEnumerable(TrajectoryRecord.Episode0(1)));

        var e = Assert.ThrowsExactly<ArgumentException>(() => _ml.Data.CreateEnumerable<WrongVector>(view, ignoreMissingColumns: true));
        StringAssert.Contains(e.Message, "Vector<Single, 2>");
        StringAssert.Contains(e.Message, "Vector<Single, 3>");
    }

    [TestMethod]
    public void LoadFromEnumerable_Lazy_SeesRowsAddedLater()
    {
        var samples = Samples();
        var view = _ml.Data.LoadFromEnumerable(samples);
        samples.Add(new Sample { Features = [0f, 0f] });

        Assert.HasCount(3, _ml.Data.CreateEnumerable<Sample>(view).ToList());
    }
}
