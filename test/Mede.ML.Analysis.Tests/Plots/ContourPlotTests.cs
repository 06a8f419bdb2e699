using System.Xml.Linq;
using Mede.ML.Analysis.Plots;

namespace Mede.ML.Analysis.Tests.Plots;

[TestClass]
public sealed class ContourPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [TestMethod]
    public void ToSvg_Paraboloid_OnePathPerLevelAndAScaleLabelForEach()
    {
        var panel = new ContourPanel(MarchingSquaresTests.Grid(21, (x, y) => x * x + y * y), "bowl <&>") { XLabel = "u", YLabel = "v" };

        XDocument svg = XDocument.Parse(new ContourPlot("figure").Add(panel).ToSvg());

        CollectionAssert.AreEqual(new[] { 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8 }, panel.Levels.Select(l => Math.Round(l, 9)).ToArray());
        XElement group = Panel(svg, "contour");
        var paths = group.Descendants(Svg + "path").Where(p => Class(p) == "iso-line").ToList();
        Assert.HasCount(panel.Levels.Count, paths);
        Assert.IsTrue(paths.All(p => ((string?)p.Attribute("d"))!.StartsWith('M')), "every level of the bowl is crossed");
        XElement scale = group.Elements(Svg + "g").Single(g => Class(g) == "colour-scale");
        Assert.HasCount(panel.Levels.Count + 1, scale.Elements(Svg + "rect").Where(r => Class(r) == "scale-band").ToList());
        CollectionAssert.AreEqual(
            new[] { "0.2", "0.4", "0.6", "0.8", "1", "1.2", "1.4", "1.6", "1.8" },
            scale.Elements(Svg + "text").Where(t => Class(t) == "scale-level").Select(t => t.Value).ToArray());
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        CollectionAssert.IsSubsetOf(new[] { "figure", "bowl <&>", "u", "v", "-1", "0", "1" }, texts);
    }

    [TestMethod]
    public void ToSvg_Paraboloid_CellsAreDarkestAtTheCentreOfTheSequentialRamp()
    {
        var panel = new ContourPanel(MarchingSquaresTests.Grid(21, (x, y) => x * x + y * y), "bowl");

        XDocument svg = XDocument.Parse(new ContourPlot("figure").Add(panel).ToSvg());

        // The band colours run from viridis' dark purple (lowest) to its yellow (highest), one per band.
        var bands = Panel(svg, "contour").Descendants(Svg + "rect").Where(r => Class(r) == "scale-band").Select(r => (string?)r.Attribute("fill")).ToList();
        Assert.AreEqual(bands.Count, bands.Distinct().Count());
        var cells = Panel(svg, "contour").Descendants(Svg + "rect").Where(r => Class(r) == "cell").Select(r => (string?)r.Attribute("fill")).ToHashSet();
        CollectionAssert.IsSubsetOf(cells.ToList(), bands);
        Assert.IsTrue(cells.Contains(bands[0]) && cells.Contains(bands[^1]), "the lowest and highest bands both occur");
    }

    [TestMethod]
    public void ToSvg_ConstantGrid_NoLevelsOneBandAndNoNaN()
    {
        var panel = new ContourPanel(new float[5, 5], "flat") { Diverging = true };

        string text = new ContourPlot("flat").Add(panel).ToSvg();

        Assert.HasCount(0, panel.Levels);
        XDocument svg = XDocument.Parse(text);
        Assert.HasCount(0, svg.Descendants(Svg + "path").ToList());
        Assert.HasCount(1, svg.Descendants(Svg + "rect").Where(r => Class(r) == "scale-band").ToList());
        Assert.DoesNotContain("NaN", text);
        Assert.DoesNotContain("Infinity", text);
    }

    [TestMethod]
    public void ToSvg_Diverging_ZeroIsWhiteAndSignsGetOppositeHues()
    {
        var panel = new ContourPanel(MarchingSquaresTests.Grid(11, (x, y) => x), "signed") { Diverging = true, TargetLevels = 4 };

        XDocument svg = XDocument.Parse(new ContourPlot("d").Add(panel).ToSvg());

        CollectionAssert.AreEqual(new[] { -0.5, 0.0, 0.5 }, panel.Levels.ToArray());
        var bands = svg.Descendants(Svg + "rect").Where(r => Class(r) == "scale-band").Select(r => (string)r.Attribute("fill")!).ToList();
        Assert.HasCount(4, bands);
        int Red(string colour) => Convert.ToInt32(colour[1..3], 16);
        int Blue(string colour) => Convert.ToInt32(colour[5..7], 16);
        Assert.IsGreaterThan(Red(bands[0]), Blue(bands[0]), "negative values are blue");
        Assert.IsGreaterThan(Blue(bands[^1]), Red(bands[^1]), "positive values are red");
    }

    [TestMethod]
    public void ContourPanel_NaN_ThrowsNamingRowAndColumn()
    {
        var grid = new float[4, 6];
        grid[2, 5] = float.NaN;

        var e = Assert.ThrowsExactly<ArgumentException>(() => new ContourPanel(grid, "bad"));

        StringAssert.Contains(e.Message, "row 2, column 5");
    }

    private static XElement Panel(XDocument svg, string cssClass) =>
        svg.Descendants(Svg + "g").Single(g => Class(g) == "panel " + cssClass);

    private static string? Class(XElement element) => (string?)element.Attribute("class");
}
