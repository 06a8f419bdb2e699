using Mede.ML.Analysis;
using Mede.ML.Data;

namespace Mede.ML.Tests.Data;

[TestClass]
public sealed class TrajectoryCsvReaderTests
{
    private const string Header =
        "Observation.0,Observation.1,Action.0,Reward,NextObservation.0,NextObservation.1,Terminated,Truncated,Agent,Episode,Step";

    // Lines 2 to 4 of the file: one episode of three steps ending by termination.
    private static readonly string[] _rows =
    [
        "0.1,0.2,0.5,1,0.2,0.3,false,false,0,0,0",
        "0.2,0.3,-0.5,1,0.3,0.4,false,false,0,0,1",
        "0.3,0.4,0.25,2,0.4,0.5,true,false,0,0,2",
    ];

    private static TestFiles _files = null!;
    private static readonly MLContext _ml = new(seed: 1);

    [ClassInitialize]
    public static void Initialize(TestContext context) => _files = new TestFiles();

    [ClassCleanup]
    public static void Cleanup() => _files.Dispose();

    private static string Csv(string header, params string[] rows) => string.Join("\n", [header, .. rows]) + "\n";

    private static string ReplaceField(string line, int field, string value)
    {
        var fields = line.Split(',');
        fields[field] = value;
        return string.Join(",", fields);
    }

    private static string DropField(string line, int field) =>
        string.Join(",", line.Split(',').Where((_, i) => i != field));

    [TestMethod]
    public void Load_ValidFile_ReadsEveryColumn()
    {
        var path = _files.Write("valid.csv", Csv(Header, _rows));

        var view = _ml.Reinforcement().Data.LoadTrajectories(path);

        Assert.AreEqual(3, view.RowCount);
        Assert.AreEqual(2, view.ObservationSize);
        Assert.AreEqual(1, view.ActionSize);
        CollectionAssert.AreEqual(new[] { 0.5f, -0.5f, 0.25f }, view.Actions.ToArray());
        CollectionAssert.AreEqual(new[] { 0.3f, 0.4f }, view.GetNextObservation(1).ToArray());
        CollectionAssert.AreEqual(new[] { false, false, true }, view.Terminated.ToArray());
    }

    [TestMethod]
    public void Load_ColumnsShuffledExtraColumnAndBlankLine_ReadsByName()
    {
        var header = "Step,Episode,Agent,Truncated,Terminated,NextObservation.1,NextObservation.0,Reward,Action.0,Note,Observation.1,Observation.0";
        string Reverse(string line) => string.Join(",", line.Split(',').Reverse().Take(9).Append("x").Concat(line.Split(',').Take(2).Reverse()));
        var path = _files.Write("shuffled.csv", Csv(header, Reverse(_rows[0]), "", Reverse(_rows[1])));

        var view = _ml.Reinforcement().Data.LoadTrajectories(path);

        Assert.AreEqual(2, view.RowCount);
        CollectionAssert.AreEqual(new[] { 0.2f, 0.3f }, view.GetObservation(1).ToArray());
        Assert.AreEqual(1, view.Steps[1]);
    }

    [TestMethod]
    public void Load_HeaderOnly_EmptyView()
    {
        var view = _ml.Reinforcement().Data.LoadTrajectories(_files.Write("header-only.csv", Header + "\n"));
        Assert.AreEqual(0, view.RowCount);
        Assert.AreEqual(2, view.ObservationSize);
    }

    [TestMethod]
    public void Load_MissingFile_ThrowsNamingPath()
    {
        var path = _files.PathOf("absent.csv");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => _ml.Reinforcement().Data.LoadTrajectories(path));
        StringAssert.Contains(e.Message, path);
    }

    /// <summary>Each bad file: its text, the observation size to expect (0: none), the line, the column and a phrase of the message.</summary>
    public static IEnumerable<object[]> BadFiles =>
    [
        ["missing column", Csv(Header.Replace(",Reward", ""), _rows.Select(r => DropField(r, 3)).ToArray()), 0, 1, "Reward", "no column 'Reward'"],
        ["column name in wrong case", Csv(Header.Replace("Reward", "reward"), _rows), 0, 1, "Reward", "case-sensitive"],
        ["missing vector", Csv(Header.Replace("Action.0", "Act.0"), _rows), 0, 1, "Action.0", "Action.0, Action.1, ..."],
        ["vector shorter than expected size", Csv(Header, _rows), 3, 1, "Observation.2", "observation size 3"],
        ["vector longer than expected size", Csv(Header, _rows), 1, 1, "Observation.1", "load with observationSize: 2"],
        ["gap in vector columns", Csv(Header.Replace("Observation.1,", "Observation.2,").Replace("NextObservation.2", "NextObservation.1"), _rows), 0, 1, "Observation.1", "no gaps"],
        ["next observation longer than observation", Csv(Header.Replace("NextObservation.1", "NextObservation.1,NextObservation.2"), _rows.Select(r => r.Replace(",false,false", ",0,false,false")).ToArray()), 0, 1, "NextObservation.2", "as many items as Observation"],
        ["next observation of other size", Csv(Header.Replace(",NextObservation.1", ""), _rows.Select(r => DropField(r, 5)).ToArray()), 0, 1, "NextObservation.1", "observation size 2"],
        ["duplicate column", Csv(Header.Replace("Agent", "Step"), _rows), 0, 1, "Step", "twice"],
        ["NaN observation", Csv(Header, _rows[0], ReplaceField(_rows[1], 1, "NaN"), _rows[2]), 0, 3, "Observation.1", "NaN"],
        ["infinite reward", Csv(Header, _rows[0], _rows[1], ReplaceField(_rows[2], 3, "Infinity")), 0, 4, "Reward", "+infinity"],
        ["negative infinite next observation", Csv(Header, ReplaceField(_rows[0], 4, "-Infinity"), _rows[1], _rows[2]), 0, 2, "NextObservation.0", "-infinity"],
        ["terminated and truncated", Csv(Header, _rows[0], _rows[1], ReplaceField(_rows[2], 7, "true")), 0, 4, "Truncated", "both true"],
        ["step skipped", Csv(Header, _rows[0], ReplaceField(_rows[1], 10, "2")), 0, 3, "Step", "consecutive"],
        ["step repeated", Csv(Header, _rows[0], _rows[1], ReplaceField(_rows[2], 10, "1")), 0, 4, "Step", "consecutive"],
        ["unparsable float", Csv(Header, _rows[0], ReplaceField(_rows[1], 2, "0.5x")), 0, 3, "Action.0", "is not a number"],
        ["decimal comma", Csv(Header, ReplaceField(_rows[0], 3, "\"1,5\"")), 0, 2, "Reward", "'.' as the decimal point"],
        ["unparsable Boolean", Csv(Header, ReplaceField(_rows[0], 6, "yes")), 0, 2, "Terminated", "true or false"],
        ["unparsable Int32", Csv(Header, ReplaceField(_rows[0], 8, "1.5")), 0, 2, "Agent", "Int32"],
        ["unparsable Int64", Csv(Header, ReplaceField(_rows[0], 9, "")), 0, 2, "Episode", "Int64"],
        ["line with too few fields", Csv(Header, _rows[0], "0.1,0.2,0.5"), 0, 3, "Reward", "fields but the header has 11"],
        ["line with too many fields", Csv(Header, _rows[0] + ",7"), 0, 2, "field 12", "remove the extra fields"],
        ["bad value after a blank line", "\n" + Csv(Header, _rows[0], "", ReplaceField(_rows[1], 0, "abc")), 0, 5, "Observation.0", "'abc'"],
        ["empty file", "", 0, 1, "Observation.0", "empty"],
    ];

    [TestMethod]
    [DynamicData(nameof(BadFiles))]
    public void Load_BadFile_ThrowsNamingFileLineAndColumn(string name, string text, int observationSize, int line, string column, string fragment)
    {
        var path = _files.Write(name.Replace(' ', '-') + ".csv", text);

        var e = Assert.ThrowsExactly<TrajectoryFormatException>(
            () => _ml.Reinforcement().Data.LoadTrajectories(path, observationSize == 0 ? null : observationSize));

        Assert.AreEqual(path, e.File, name);
        Assert.AreEqual(line, e.Line, name);
        Assert.AreEqual(column, e.Column, name);
        StringAssert.StartsWith(e.Message, $"{path}, line {line}, column '{column}': ", name);
        StringAssert.Contains(e.Message, fragment, name);
    }

    [TestMethod]
    public void Load_AfterSaveFlatCsv_RoundTripsEveryValueExactly()
    {
        var builder = new TrajectoryBuilder(observationSize: 3, actionSize: 2);
        var random = new Random(5);
        for (var t = 0; t < 50; t++)
        {
            float Next() => (float)(random.NextDouble() * 2e3 - 1e3) / 7f;
            builder.Add(
                [Next(), Next(), float.Epsilon], [Next(), -0f], Next(), [Next(), Next(), float.MaxValue],
                terminated: t == 24, truncated: t == 49, agent: t / 25, episode: long.MaxValue - t / 25, step: t % 25);
        }

        var original = builder.ToDataView();
        var path = _files.PathOf("round-trip.csv");
        original.SaveFlatCsv(path);

        var loaded = _ml.Reinforcement().Data.LoadTrajectories(path, observationSize: 3, actionSize: 2);

        CollectionAssert.AreEqual(original.Observations.ToArray(), loaded.Observations.ToArray());
        CollectionAssert.AreEqual(original.Actions.ToArray(), loaded.Actions.ToArray());
        CollectionAssert.AreEqual(original.Rewards.ToArray(), loaded.Rewards.ToArray());
        CollectionAssert.AreEqual(original.NextObservations.ToArray(), loaded.NextObservations.ToArray());
        CollectionAssert.AreEqual(original.Terminated.ToArray(), loaded.Terminated.ToArray());
        CollectionAssert.AreEqual(original.Truncated.ToArray(), loaded.Truncated.ToArray());
        CollectionAssert.AreEqual(original.Agents.ToArray(), loaded.Agents.ToArray());
        CollectionAssert.AreEqual(original.Episodes.ToArray(), loaded.Episodes.ToArray());
        CollectionAssert.AreEqual(original.Steps.ToArray(), loaded.Steps.ToArray());
    }
}
