using Mede.ML.Data;

namespace Mede.ML.Tests.Data;

[TestClass]
public sealed class TrajectoryBuilderTests
{
    [TestMethod]
    public void Add_ManyRows_GrowsAndKeepsEveryValue()
    {
        var builder = new TrajectoryBuilder(observationSize: 2, actionSize: 1);
        for (var t = 0; t < 100; t++)
        {
            builder.Add([t, -t], [0.5f], t * 2f, [t + 1, -t - 1], false, t == 99, agent: 1, episode: 7, step: t);
        }

        var view = builder.ToDataView();

        Assert.AreEqual(100, view.RowCount);
        Assert.AreEqual(100, builder.Count);
        Assert.AreEqual(-42f, view.GetObservation(42)[1]);
        Assert.AreEqual(198f, view.Rewards[99]);
        Assert.IsTrue(view.Truncated[99]);
    }

    [TestMethod]
    public void ToDataView_BuilderGoesOn_EarlierViewUnchanged()
    {
        var builder = new TrajectoryBuilder(1, 1);
        builder.Add([0f], [0f], 1f, [1f], false, false, 0, 0, 0);
        var first = builder.ToDataView();
        builder.Add([1f], [0f], 2f, [2f], false, false, 0, 0, 1);

        Assert.AreEqual(1, first.RowCount);
        Assert.AreEqual(2, builder.ToDataView().RowCount);
    }

    [TestMethod]
    public void Add_ObservationOfWrongLength_ThrowsNamingSizes()
    {
        var builder = new TrajectoryBuilder(3, 1);

        var e = Assert.ThrowsExactly<ArgumentException>(() => builder.Add([0f, 0f], [0f], 0f, [0f, 0f, 0f], false, false, 0, 0, 0));
        Assert.AreEqual("observation", e.ParamName);
        StringAssert.Contains(e.Message, "size is 3");
    }

    [TestMethod]
    public void Add_BothEndFlags_ThrowsNamingRowAndColumn()
    {
        var builder = new TrajectoryBuilder(1, 1);

        var e = Assert.ThrowsExactly<ArgumentException>(() => builder.Add([0f], [0f], 0f, [0f], true, true, 0, 0, 0));
        StringAssert.Contains(e.Message, "Row 1, column 'Truncated'");
    }

    [TestMethod]
    public void Add_NaNAction_ThrowsNamingItem()
    {
        var builder = new TrajectoryBuilder(1, 2);

        var e = Assert.ThrowsExactly<ArgumentException>(() => builder.Add([0f], [0f, float.NaN], 0f, [0f], false, false, 0, 0, 0));
        StringAssert.Contains(e.Message, "column 'Action' item 1");
        StringAssert.Contains(e.Message, "NaN");
    }

    [TestMethod]
    public void Add_InterleavedEpisodes_Accepted()
    {
        var builder = new TrajectoryBuilder(1, 1);
        builder.Add([0f], [0f], 0f, [0f], false, false, agent: 0, episode: 0, step: 0);
        builder.Add([0f], [0f], 0f, [0f], false, false, agent: 1, episode: 0, step: 5);
        builder.Add([0f], [0f], 0f, [0f], false, false, agent: 0, episode: 0, step: 1);
        builder.Add([0f], [0f], 0f, [0f], false, false, agent: 1, episode: 0, step: 6);

        Assert.AreEqual(4, builder.Count);
    }

    [TestMethod]
    public void Clear_AfterRows_EmptyAndForgetsEpisodes()
    {
        var builder = new TrajectoryBuilder(1, 1);
        builder.Add([0f], [0f], 0f, [0f], false, false, 0, 0, 4);
        builder.Clear();
        builder.Add([0f], [0f], 0f, [0f], false, false, 0, 0, 0);

        Assert.AreEqual(1, builder.Count);
    }
}
