using Mede.ML.Data;

namespace Mede.ML.Tests.Data;

[TestClass]
public sealed class CsvDataViewWriterTests
{
    private static TestFiles _files = null!;
    private static readonly MLContext _ml = new(seed: 1);

    [ClassInitialize]
    public static void Initialize(TestContext context) => _files = new TestFiles();

    [ClassCleanup]
    public static void Cleanup() => _files.Dispose();

    [TestMethod]
    public void SaveAsCsv_Trajectories_HeaderWithVectorItemsAndInvariantValues()
    {
        var builder = new TrajectoryBuilder(2, 1);
        builder.Add([0.1f, -2f], [0.5f], 1.25f, [0.2f, 3e-8f], true, false, agent: 3, episode: 9, step: 0);
        var path = _files.PathOf("one-row.csv");

        _ml.Data.SaveAsCsv(builder.ToDataView(), path);

        Assert.AreEqual(
            "Observation.0,Observation.1,Action.0,Reward,NextObservation.0,NextObservation.1,Terminated,Truncated,Agent,Episode,Step\n" +
            "0.1,-2,0.5,1.25,0.2,3E-08,true,false,3,9,0\n",
            File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public void SaveAsCsv_ExistingFile_ReplacedWithoutTemporaryFilesLeft()
    {
        var path = _files.Write("replace.csv", "old content");
        var view = TrajectoryDataView.From(_ml.Data.LoadFromEnumerable(TrajectoryRecord.Episode0(2)));

        _ml.Data.SaveAsCsv(view, path);

        StringAssert.StartsWith(File.ReadAllText(path), "Observation.0,");
        Assert.IsEmpty(Directory.GetFiles(_files.Directory, "*.tmp"));
    }

    public sealed class Exploding
    {
        public float Value
        {
            get => throw new InvalidOperationException("boom");
            set { }
        }
    }

    [TestMethod]
    public void SaveAsCsv_ReadingFails_OldFileKeptAndTemporaryRemoved()
    {
        var path = _files.Write("keep.csv", "old content");
        var view = _ml.Data.LoadFromEnumerable(new[] { new Exploding() });

        Assert.ThrowsExactly<InvalidOperationException>(() => _ml.Data.SaveAsCsv(view, path));

        Assert.AreEqual("old content", File.ReadAllText(path));
        Assert.IsEmpty(Directory.GetFiles(_files.Directory, "*.tmp"));
    }

    [TestMethod]
    public void SaveAsCsv_MissingDirectory_ThrowsNamingDirectory()
    {
        var path = Path.Combine(_files.Directory, "no-such-dir", "x.csv");
        var view = TrajectoryDataView.From(_ml.Data.LoadFromEnumerable(TrajectoryRecord.Episode0(1)));

        var e = Assert.ThrowsExactly<DirectoryNotFoundException>(() => _ml.Data.SaveAsCsv(view, path));
        StringAssert.Contains(e.Message, "no-such-dir");
    }
}
