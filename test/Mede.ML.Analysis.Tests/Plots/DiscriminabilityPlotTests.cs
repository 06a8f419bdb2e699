using System.Globalization;
using System.Xml.Linq;
using Mede.ML.Analysis.Plots;
using Mede.ML.Analysis.Store;

namespace Mede.ML.Analysis.Tests.Plots;

[TestClass]
public sealed class DiscriminabilityPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly Dictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>> StateAction = new()
    {
        ["DIAYN"] = [[(0, -1.4), (100, -1.2), (200, -1.0)], [(0, -1.4), (100, -1.0), (200, -0.6)]],
        ["MEDE"] = [[(0, -1.3), (100, -0.5), (200, -0.2)], [(0, -1.1), (100, -0.3), (200, -0.2), (300, -0.1)]],
    };

    private static readonly Dictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>> State = new()
    {
        ["DIAYN"] = [[(0, -1.4), (100, -1.3), (200, -1.1)], [(0, -1.4), (100, -1.1), (200, -0.9)]],
        ["MEDE"] = [[(0, -1.3), (100, -0.9), (200, -0.7)], [(0, -1.2), (100, -0.7), (200, -0.5)]],
    };

    [TestMethod]
    public void OverSeeds_TwoMethods_BandGroupAndSolidAndDashedSeriesPerMethodInItsColour()
    {
        XDocument svg = XDocument.Parse(DiscriminabilityPlot.OverSeeds(StateAction, State, 4, "Figure 2").ToSvg());

        var bandGroups = Groups(svg, "band-group");
        CollectionAssert.AreEqual(new[] { "MEDE", "DIAYN" }, bandGroups.Select(g => (string?)g.Attribute("data-name")).ToArray());
        var series = Groups(svg, "discriminability");
        CollectionAssert.AreEqual(
            new[] { "MEDE log q(z|s,a)", "MEDE log q(z|s)", "DIAYN log q(z|s,a)", "DIAYN log q(z|s)" },
            series.Select(g => (string?)g.Attribute("data-name")).ToArray());
        foreach (var (group, index) in bandGroups.Select((g, i) => (g, i)))
        {
            var bands = group.Elements(Svg + "polygon").ToList();
            Assert.HasCount(2, bands, "one band for each discriminator");
            string colour = Palette.Colour(index);
            Assert.IsTrue(bands.All(b => (string?)b.Attribute("fill") == colour && (string?)b.Attribute("class") == "band"));
            var lines = series.Skip(2 * index).Take(2).Select(g => g.Element(Svg + "polyline")!).ToList();
            Assert.IsTrue(lines.All(l => (string?)l.Attribute("stroke") == colour));
            Assert.IsNull(lines[0].Attribute("stroke-dasharray"), "log q(z|s,a) is solid");
            Assert.AreEqual(Series.Dashed, (string?)lines[1].Attribute("stroke-dasharray"), "log q(z|s) is dashed");
        }

        XElement reference = Groups(svg, "reference").Single();
        Assert.AreEqual("#888888", (string?)reference.Element(Svg + "polyline")!.Attribute("stroke"));
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        CollectionAssert.IsSubsetOf(
            new[] { "Figure 2", "environment steps", "mean log q(z | s, a) and log q(z | s)", "MEDE log q(z|s,a)", "DIAYN log q(z|s)", "log(1/K), K = 4" },
            texts);
    }

    [TestMethod]
    public void OverSeeds_Band_SpansMeanPlusMinusStdAtTheSharedSteps()
    {
        XDocument svg = XDocument.Parse(DiscriminabilityPlot.OverSeeds(StateAction, State, 4, "f").ToSvg());
        XElement mean = Groups(svg, "discriminability").First(g => (string?)g.Attribute("data-name") == "MEDE log q(z|s,a)").Element(Svg + "polyline")!;
        XElement band = svg.Descendants(Svg + "polygon").First(p => (string?)p.Attribute("data-name") == "MEDE log q(z|s,a)");

        var line = Points(mean);
        var outline = Points(band);
        Assert.HasCount(3, line, "step 300 is in one seed only");
        Assert.HasCount(6, outline);
        // The outline runs along the tops, then back along the bottoms; pixels are linear in the value, so the mean
        // sits halfway between top and bottom and the half-height is proportional to the std.
        var tops = outline.Take(3).ToList();
        var bottoms = outline.Skip(3).Reverse().ToList();
        double[] std = [0.1, 0.1, 0.0];
        double scale = (bottoms[0].Y - tops[0].Y) / (2 * std[0]);
        for (int i = 0; i < 3; i++)
        {
            Assert.AreEqual(line[i].X, tops[i].X, 0.011);
            Assert.AreEqual(line[i].Y, (tops[i].Y + bottoms[i].Y) / 2, 0.011);
            Assert.AreEqual(2 * std[i] * scale, bottoms[i].Y - tops[i].Y, 0.02);
        }

        IReadOnlyList<SeedPoint> points = SeedStatistics.Aggregate(StateAction["MEDE"]);
        CollectionAssert.AreEqual(new[] { -1.2, -0.4, -0.2 }, points.Select(p => Math.Round(p.Mean, 12)).ToArray());
        CollectionAssert.AreEqual(std, points.Select(p => Math.Round(p.StandardDeviation, 12)).ToArray());
    }

    [TestMethod]
    public void OverSeeds_OneSeed_DrawsTheCurvesWithoutBands()
    {
        var one = new Dictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>> { ["MEDE"] = [StateAction["MEDE"][0]] };
        XDocument svg = XDocument.Parse(DiscriminabilityPlot.OverSeeds(one, one, 2, "f").ToSvg());

        Assert.IsEmpty(Groups(svg, "band-group"));
        Assert.HasCount(2, Groups(svg, "discriminability"));
    }

    [TestMethod]
    public void OverSeeds_NothingToDraw_ThrowsArgumentException()
    {
        var empty = new Dictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>> { ["MEDE"] = [[]] };
        var disjoint = new Dictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>> { ["MEDE"] = [[(0, -1.0)], [(50, -1.0)]] };

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => DiscriminabilityPlot.OverSeeds(empty, empty, 4, "f")).Message, "share no step");
        Assert.ThrowsExactly<ArgumentException>(() => DiscriminabilityPlot.OverSeeds(disjoint, disjoint, 4, "f"));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DiscriminabilityPlot.OverSeeds(StateAction, State, 1, "f"));
    }

    [TestMethod]
    public void OverSeeds_TinyRuns_TwoSeedsOfMedeAndDiaynAndSacSkipped()
    {
        List<RunStore> stores = SeedRuns.Shared.Open();
        try
        {
            XDocument svg = XDocument.Parse(DiscriminabilityPlot.OverSeeds(stores, "tiny").ToSvg());

            CollectionAssert.AreEqual(new[] { "MEDE", "DIAYN" }, Groups(svg, "band-group").Select(g => (string?)g.Attribute("data-name")).ToArray());
            Assert.HasCount(4, Groups(svg, "discriminability"));
            Assert.IsFalse(svg.Descendants().Any(e => ((string?)e.Attribute("data-name"))?.StartsWith("SAC", StringComparison.Ordinal) == true));
            XElement reference = Groups(svg, "reference").Single();
            Assert.AreEqual("log(1/K), K = 2", (string?)reference.Attribute("data-name"));
            // Both seeds log every 50 steps, so the curve has a point at each logged step.
            int expected = stores[0].Series(DiscriminabilityPlot.StateActionMetric).Select(p => p.Step).Distinct().Count();
            Assert.IsGreaterThanOrEqualTo(3, expected);
            Assert.HasCount(expected, Points(Groups(svg, "discriminability")[0].Element(Svg + "polyline")!));
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
    }

    [TestMethod]
    public void OverSeeds_OnlySacRun_ThrowsNamingTheMetrics()
    {
        using RunStore sac = RunStore.Open(SeedRuns.Shared.Folders[4]);

        var error = Assert.ThrowsExactly<ArgumentException>(() => DiscriminabilityPlot.OverSeeds([sac], "f"));
        StringAssert.Contains(error.Message, DiscriminabilityPlot.StateActionMetric);
        StringAssert.Contains(error.Message, "SAC");
    }

    internal static List<XElement> Groups(XDocument svg, string cssClass) =>
        [.. svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == cssClass)];

    internal static List<(double X, double Y)> Points(XElement element) =>
        [.. ((string)element.Attribute("points")!).Split(' ').Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))];
}
