using System.Xml.Linq;
using Mede.ML.Analysis.Plots;

namespace Mede.ML.Analysis.Tests.Plots;

[TestClass]
public sealed class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [TestMethod]
    public void ToSvg_TwoSeries_ParsesWithAxesLabelsLegendAndOneGroupPerSeries()
    {
        var chart = new SvgChart("Title <&>", "steps", "return")
            .Add(new Series("a", [[(0, 1), (10, 2)]], Palette.Colour(0), "agent"))
            .Add(new Series("b", [[(0, 3), (5, 1)], [(6, 0), (10, 4)]], Palette.Colour(1), "agent"));
        XDocument svg = XDocument.Parse(chart.ToSvg());
        var groups = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "agent").ToList();
        Assert.HasCount(2, groups);
        Assert.HasCount(2, groups[1].Elements(Svg + "polyline").ToList(), "one polyline per piece");
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        CollectionAssert.IsSubsetOf(new[] { "Title <&>", "steps", "return", "a", "b" }, texts);
        Assert.IsGreaterThanOrEqualTo(3, svg.Descendants(Svg + "text").Count(t => ((string?)t.Attribute("class"))?.StartsWith("tick", StringComparison.Ordinal) == true));
    }

    [TestMethod]
    [DataRow(0.0, 1.0, 0.2)]
    [DataRow(-7.0, 7.0, 5.0)]
    [DataRow(0.0, 30000.0, 5000.0)]
    [DataRow(-1.37, -0.18, 0.2)]
    public void Ticks_Range_AreRoundStepsInsideIt(double min, double max, double step)
    {
        var ticks = SvgChart.Ticks(min, max);
        Assert.IsTrue(ticks.All(t => t >= min - 1e-9 && t <= max + 1e-9));
        for (int i = 1; i < ticks.Count; i++)
        {
            Assert.AreEqual(step, ticks[i] - ticks[i - 1], 1e-9);
        }
    }

    [TestMethod]
    public void Ticks_ManySteps_DoNotAccumulateRoundingErrors()
    {
        // A running sum of 0.2 gives 1.9999999999999998 for the tenth step; k * step gives 2.
        var ticks = SvgChart.Ticks(0, 2, 10);

        Assert.HasCount(11, ticks);
        Assert.AreEqual(2.0, ticks[^1]);
    }

    [TestMethod]
    public void MultiGoalPaths_FourAgents_OneColouredGroupEachAndGoalMarkers()
    {
        var paths = Enumerable.Range(0, 4)
            .Select(k => (IReadOnlyList<float[][]>)[[new float[] { 0, 0 }, new float[] { k, -k }]])
            .ToList();
        XDocument svg = XDocument.Parse(MultiGoalPathsPlot.Create(paths, [(5f, 0f), (-5f, 0f), (0f, 5f), (0f, -5f)], 1, 7, "paths").ToSvg());
        var agents = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "agent").ToList();
        Assert.HasCount(4, agents);
        Assert.HasCount(4, agents.Select(g => (string?)g.Element(Svg + "polyline")!.Attribute("stroke")).Distinct().ToList(), "distinct colours");
        Assert.HasCount(4, svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "marker goal").ToList());
        CollectionAssert.IsSubsetOf(new[] { "x", "y", "g0", "g3" }, svg.Descendants(Svg + "text").Select(t => t.Value).ToList());
    }

    [TestMethod]
    public void Discriminability_Metrics_DrawsBothCurvesAndTheChanceLine()
    {
        var metrics = new List<MetricRecord>
        {
            new(1000, "log_q_z_given_sa", null, -1.2), new(2000, "log_q_z_given_sa", null, -0.5),
            new(1000, "log_q_z_given_s", null, -1.3), new(2000, "log_q_z_given_s", null, -0.9),
            new(1000, "return", 0, -200), new(2000, "return", 0, -120),
        };
        XDocument svg = XDocument.Parse(TrainingCurvesPlot.Discriminability(metrics, 4, "d").ToSvg());
        var names = svg.Descendants(Svg + "g").Select(g => (string?)g.Attribute("data-name")).Where(n => n is not null).ToList();
        CollectionAssert.AreEqual(new[] { "log q(z|s,a)", "log q(z|s)", "log(1/K)" }, names);
        XDocument returns = XDocument.Parse(TrainingCurvesPlot.Returns(metrics, "r").ToSvg());
        Assert.AreEqual(1, returns.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "agent"));
    }

    [TestMethod]
    public void ReadMetrics_MalformedRow_NamesFileAndLine()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "step,name,agent,value\n10,return,0,-5\n20,return,zero\n");
            var e = Assert.ThrowsExactly<InvalidDataException>(() => TrainingCurvesPlot.ReadMetrics(path));
            StringAssert.Contains(e.Message, $"{path}, line 3");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ToSvg_DashedSeries_DashesItsLinesAndLegendSwatchOnly()
    {
        var chart = new SvgChart("t", "x", "y")
            .Add(new Series("solid", [[(0, 1), (1, 2)]], Palette.Colour(0)))
            .Add(new Series("dashed", [[(0, 2), (1, 3)], [(2, 2), (3, 1)]], Palette.Colour(0), Dash: Series.Dashed));
        XDocument svg = XDocument.Parse(chart.ToSvg());

        var groups = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "series").ToList();
        Assert.IsTrue(groups[0].Elements(Svg + "polyline").All(p => p.Attribute("stroke-dasharray") is null));
        Assert.IsTrue(groups[1].Elements(Svg + "polyline").All(p => (string?)p.Attribute("stroke-dasharray") == "6 4"));
        var swatches = svg.Descendants(Svg + "line").Where(l => (string?)l.Attribute("class") == "legend-swatch").ToList();
        CollectionAssert.AreEqual(new[] { null, "6 4" }, swatches.Select(l => (string?)l.Attribute("stroke-dasharray")).ToArray());
    }

    [TestMethod]
    public void AddBand_Grouped_OneGroupPerNameInTheBandColourUnderTheLines()
    {
        var chart = new SvgChart("t", "x", "y")
            .Add(new Series("m", [[(0, 1), (1, 2)]], "#0072B2"))
            .AddBand("m a", [(0, 0.5, 1.5), (1, 1.5, 2.5)], "#0072B2", group: "M")
            .AddBand("m b", [(0, 0, 1), (1, 1, 2)], "#0072B2", group: "M")
            .AddBand("other", [(0, 2, 3), (1, 2, 3)], "#E69F00");
        XDocument svg = XDocument.Parse(chart.ToSvg());

        var groups = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "band-group").ToList();
        CollectionAssert.AreEqual(new[] { "M", "other" }, groups.Select(g => (string?)g.Attribute("data-name")).ToArray());
        Assert.HasCount(2, groups[0].Elements(Svg + "polygon").ToList());
        foreach (XElement band in groups.SelectMany(g => g.Elements(Svg + "polygon")))
        {
            Assert.AreEqual("band", (string?)band.Attribute("class"));
            Assert.IsLessThan(0.5, double.Parse((string)band.Attribute("fill-opacity")!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.HasCount(4, ((string)band.Attribute("points")!).Split(' '), "top and bottom of two points");
        }

        Assert.AreEqual("#E69F00", (string?)groups[1].Element(Svg + "polygon")!.Attribute("fill"));
        var order = svg.Root!.Elements().Select(e => (string?)e.Attribute("class")).ToList();
        Assert.IsLessThan(order.IndexOf("series"), order.IndexOf("band-group"), "bands are drawn before the lines");
    }

    [TestMethod]
    public void ToSvg_LongLegendName_WidensTheDocumentInsteadOfClipping()
    {
        string name = new('n', 60);
        XDocument svg = XDocument.Parse(new SvgChart("t", "x", "y").Add(new Series(name, [[(0, 1), (1, 2)]], "#000000")).ToSvg());
        double width = double.Parse((string)svg.Root!.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture);
        XElement label = svg.Descendants(Svg + "text").Single(t => t.Value == name);
        double x = double.Parse((string)label.Attribute("x")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsGreaterThan(x + name.Length * 6, width);
    }
}
