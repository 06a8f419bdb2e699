using System.Xml.Linq;
using Mede.ML.Analysis.Plots;
using Mede.ML.Analysis.Store;

namespace Mede.ML.Analysis.Tests.Plots;

[TestClass]
public sealed class MultiGoalPathsPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly (float X, float Y)[] Goals = [(5f, 0f), (-5f, 0f), (0f, 5f), (0f, -5f)];

    [TestMethod]
    public void FromStore_EvaluatedRun_OneGroupPerAgentWithAPolylinePerRecordedEpisode()
    {
        using RunStore store = RunStore.Open(SeedRuns.Shared.Evaluated);

        XDocument svg = XDocument.Parse(MultiGoalPathsPlot.FromStore(store, Goals, 1, 7, "paths", episodesPerAgent: 2).ToSvg());

        var agents = DiscriminabilityPlotTests.Groups(svg, "agent");
        Assert.HasCount(2, agents);
        Assert.IsTrue(agents.All(a => a.Elements(Svg + "polyline").Count() == 2), "two of the three recorded episodes");
        var first = store.Paths(episodesPerAgent: 1)[0][0];
        Assert.HasCount(first.Length, DiscriminabilityPlotTests.Points(agents[0].Element(Svg + "polyline")!), "start and every next observation");
        Assert.HasCount(4, DiscriminabilityPlotTests.Groups(svg, "marker goal"));
    }

    [TestMethod]
    public void FromStore_NoEvaluation_ThrowsSayingWhatToDo()
    {
        using RunStore store = RunStore.Open(SeedRuns.Shared.Folders[1]);

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => MultiGoalPathsPlot.FromStore(store, Goals, 1, 7, "paths"));
        StringAssert.Contains(error.Message, "mede evaluate");
    }
}
