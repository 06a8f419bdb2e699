using System.Xml.Linq;
using Mede.ML.Analysis.Plots;
using Mede.ML.Analysis.Store;

namespace Mede.ML.Analysis.Tests.Plots;

[TestClass]
public sealed class LearningCurvesPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [TestMethod]
    public void OverSeeds_PlainSeries_OneLineAndBandPerMethodInTheMethodColours()
    {
        var returns = new Dictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>>
        {
            ["SAC"] = [[(0, -10.0), (100, -5.0)], [(0, -12.0), (100, -3.0)]],
            ["MEDE"] = [[(0, -11.0), (100, -6.0)], [(0, -9.0), (100, -4.0)]],
            ["DIAYN"] = [[(0, -11.0), (100, -7.0)]],
        };

        XDocument svg = XDocument.Parse(LearningCurvesPlot.OverSeeds(returns, "returns").ToSvg());

        var lines = MethodLines(svg);
        CollectionAssert.AreEqual(new[] { "MEDE", "DIAYN", "SAC" }, lines.Select(l => l.Name).ToArray());
        CollectionAssert.AreEqual(new[] { Palette.Colour(0), Palette.Colour(1), Palette.Colour(7) }, lines.Select(l => l.Stroke).ToArray());
        CollectionAssert.AreEqual(new[] { "MEDE", "SAC" }, DiscriminabilityPlotTests.Groups(svg, "band-group").Select(g => (string?)g.Attribute("data-name")).ToArray(), "one seed of DIAYN: no band");
    }

    [TestMethod]
    public void OverSeeds_LabelsNamingAgents_KeepTheirAlgorithmsColours()
    {
        // The report's entropy charts name K ("MEDE (4)"); its return charts do not ("MEDE"). A method is one colour in both.
        var returns = new Dictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>>
        {
            ["DIAYN (4)"] = [[(0, 1.0), (100, 0.5)]],
            ["SAC"] = [[(0, 1.0), (100, 0.7)]],
            ["MEDE (4)"] = [[(0, 1.2), (100, 0.9)]],
        };

        XDocument svg = XDocument.Parse(LearningCurvesPlot.OverSeeds(returns, "entropy", "policy entropy (nats)").ToSvg());

        var lines = MethodLines(svg);
        CollectionAssert.AreEqual(new[] { "MEDE (4)", "DIAYN (4)", "SAC" }, lines.Select(l => l.Name).ToArray());
        CollectionAssert.AreEqual(new[] { Palette.Colour(0), Palette.Colour(1), Palette.Colour(7) }, lines.Select(l => l.Stroke).ToArray());
    }

    [TestMethod]
    public void OverSeeds_TwoMethodsOfOneAlgorithm_TheSecondTakesAnUnusedColour()
    {
        var returns = new Dictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>>
        {
            ["MEDE (4)"] = [[(0, 1.0), (100, 2.0)]],
            ["MEDE (10)"] = [[(0, 1.0), (100, 3.0)]],
            ["DIAYN (4)"] = [[(0, 1.0), (100, 1.5)]],
        };

        XDocument svg = XDocument.Parse(LearningCurvesPlot.OverSeeds(returns, "returns").ToSvg());

        var strokes = MethodLines(svg).ToDictionary(l => l.Name, l => l.Stroke);
        Assert.AreEqual(Palette.Colour(1), strokes["DIAYN (4)"]);
        CollectionAssert.AreEquivalent(new[] { Palette.Colour(0), Palette.Colour(2) }, new[] { strokes["MEDE (4)"], strokes["MEDE (10)"] });
    }

    [TestMethod]
    public void OverSeeds_FacetsOfOneMethod_ShareItsColourFirstSolidThenDashed()
    {
        var entropy = new Dictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>>
        {
            ["DIAYN (4), lowest agent"] = [[(0, 1.0), (100, 0.2)]],
            ["MEDE (4), lowest agent"] = [[(0, 1.0), (100, 0.8)]],
            ["DIAYN (4), highest agent"] = [[(0, 1.5), (100, 1.0)]],
            ["MEDE (4), highest agent"] = [[(0, 1.6), (100, 1.1)]],
        };

        XDocument svg = XDocument.Parse(LearningCurvesPlot.OverSeeds(entropy, "extremes", "policy entropy (nats)").ToSvg());

        var lines = MethodLines(svg);
        CollectionAssert.AreEqual(
            new[] { "MEDE (4), highest agent", "MEDE (4), lowest agent", "DIAYN (4), highest agent", "DIAYN (4), lowest agent" },
            lines.Select(l => l.Name).ToArray());
        CollectionAssert.AreEqual(new[] { Palette.Colour(0), Palette.Colour(0), Palette.Colour(1), Palette.Colour(1) }, lines.Select(l => l.Stroke).ToArray());
        CollectionAssert.AreEqual(new[] { null, Series.Dashed, null, Series.Dashed }, lines.Select(l => l.Dash).ToArray());
    }

    [TestMethod]
    public void FromStore_TinyRun_OneLinePerAgent()
    {
        using RunStore store = RunStore.Open(SeedRuns.Shared.Folders[0]);

        XDocument svg = XDocument.Parse(LearningCurvesPlot.FromStore(store, "one run").ToSvg());

        CollectionAssert.AreEqual(new[] { "agent 0", "agent 1" }, DiscriminabilityPlotTests.Groups(svg, "agent").Select(g => (string?)g.Attribute("data-name")).ToArray());
        var xs = DiscriminabilityPlotTests.Points(DiscriminabilityPlotTests.Groups(svg, "agent")[0].Element(Svg + "polyline")!).Select(p => p.X).ToList();
        CollectionAssert.AllItemsAreUnique(xs, "the last step, written twice by the trainer, is drawn once");
        Assert.HasCount(store.Series(LearningCurvesPlot.ReturnMetric, 0).Select(p => p.Step).Distinct().Count(), xs);
    }

    [TestMethod]
    public void OverSeeds_TinyRuns_BandPerMethodAndMeanOverAgentsFirst()
    {
        List<RunStore> stores = SeedRuns.Shared.Open();
        try
        {
            XDocument svg = XDocument.Parse(LearningCurvesPlot.OverSeeds(stores, "tiny").ToSvg());

            CollectionAssert.AreEqual(new[] { "MEDE", "DIAYN", "SAC" }, DiscriminabilityPlotTests.Groups(svg, "method").Select(g => (string?)g.Attribute("data-name")).ToArray());
            CollectionAssert.AreEqual(new[] { "MEDE", "DIAYN" }, DiscriminabilityPlotTests.Groups(svg, "band-group").Select(g => (string?)g.Attribute("data-name")).ToArray(), "one SAC seed");

            IReadOnlyList<(long Step, double Value)> mean = LearningCurvesPlot.MeanOverAgents(stores[0]);
            // The trainer writes the last step's metrics twice when TotalSteps is a multiple of MetricsInterval; the
            // last value counts.
            var agent0 = stores[0].Series(LearningCurvesPlot.ReturnMetric, 0).GroupBy(p => p.Step).ToDictionary(g => g.Key, g => g.Last().Value);
            var agent1 = stores[0].Series(LearningCurvesPlot.ReturnMetric, 1).GroupBy(p => p.Step).ToDictionary(g => g.Key, g => g.Last().Value);
            Assert.IsNotEmpty(mean);
            foreach (var (step, value) in mean)
            {
                Assert.AreEqual((agent0[step] + agent1[step]) / 2, value, 1e-9);
            }
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
    }

    [TestMethod]
    public void OverSeeds_NoReturns_ThrowsArgumentException()
    {
        var empty = new Dictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>> { ["MEDE"] = [[]] };

        Assert.ThrowsExactly<ArgumentException>(() => LearningCurvesPlot.OverSeeds(empty, "f"));
        Assert.ThrowsExactly<ArgumentException>(() => LearningCurvesPlot.OverSeeds(Array.Empty<RunStore>(), "f"));
    }

    /// <summary>Each method line of a chart, in drawing order: its name, stroke colour and dash pattern.</summary>
    private static List<(string Name, string Stroke, string? Dash)> MethodLines(XDocument svg) =>
        [.. DiscriminabilityPlotTests.Groups(svg, "method").Select(g =>
        {
            XElement line = g.Element(Svg + "polyline")!;
            return ((string)g.Attribute("data-name")!, (string)line.Attribute("stroke")!, (string?)line.Attribute("stroke-dasharray"));
        })];
}
