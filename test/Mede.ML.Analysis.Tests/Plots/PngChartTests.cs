using Mede.ML.Analysis.Plots;
using SkiaSharp;

namespace Mede.ML.Analysis.Tests.Plots;

/// <summary>The PNGs ScottPlot draws: read back, they have the SVG's size, are not blank, and show the palette's
/// colours where the chart has lines, bands, goals and heat-map cells.</summary>
[TestClass]
public sealed class PngChartTests
{
    private string _folder = string.Empty;

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "mede-png-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void LearningCurvesOverSeeds_Png_HasTheSvgSizeAndEachMethodsColourAndBand()
    {
        var returns = new Dictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>>(StringComparer.Ordinal)
        {
            ["MEDE"] = [Curve(0, 1), Curve(3, 2), Curve(-2, 3)],
            ["SAC"] = [Curve(-30, 4), Curve(-25, 5)],
        };
        SvgChart chart = LearningCurvesPlot.OverSeeds(returns, "Return over training");

        using SKBitmap png = Save(chart);

        var colours = MethodColours.For(MethodColours.Order(returns.Keys));
        foreach (string colour in colours.Values)
        {
            Assert.IsGreaterThan(30, Pixels(png, colour, 40), $"the line in {colour}");
        }

        // The band: the method's colour at 20% over white, many pixels of it between the lines.
        Assert.IsGreaterThan(500, Pixels(png, Blend(colours["MEDE"], 0.2), 12), "the MEDE band");
    }

    [TestMethod]
    public void LongTitle_Png_StaysInsideTheImage()
    {
        // mede report's title for learning curves; on one line, centred on the data area, it ran off the left edge.
        const string Title = "Return over training, multigoal (mean over agents; band: ±1 std over seeds)";
        var returns = new Dictionary<string, IReadOnlyList<IReadOnlyList<(long Step, double Value)>>>(StringComparer.Ordinal)
        {
            ["MEDE"] = [Curve(0, 1), Curve(3, 2)],
            ["DIAYN"] = [Curve(-5, 3), Curve(-2, 4)],
        };

        using SKBitmap png = Save(LearningCurvesPlot.OverSeeds(returns, Title));

        // The title is the only ink in the image's top rows: some there, none in the outermost columns.
        Assert.IsGreaterThan(200, Ink(png, 0, png.Width), "the title");
        Assert.AreEqual(0, Ink(png, 0, 4), "title ink at the left edge");
        Assert.AreEqual(0, Ink(png, png.Width - 4, png.Width), "title ink at the right edge");
        Assert.AreEqual("Return over training, multigoal\n(mean over agents; band: ±1 std over seeds)", ScottPlotCharts.Wrapped(Title));
        Assert.AreEqual("Return over training", ScottPlotCharts.Wrapped("Return over training"));
    }

    [TestMethod]
    public void MultiGoalPaths_Png_ShowsEveryAgentsColourAndTheGoals()
    {
        var paths = Enumerable.Range(0, 3).Select(k => (IReadOnlyList<float[][]>)[[.. Enumerable.Range(0, 40).Select(t => new[] { t * 0.15f * MathF.Cos(k * 2.1f), t * 0.15f * MathF.Sin(k * 2.1f) })]]).ToList();
        SvgChart chart = MultiGoalPathsPlot.Create(paths, [(5f, 0f), (-2.5f, 4.3f), (-2.5f, -4.3f)], goalRadius: 1, limit: 7, "paths");

        using SKBitmap png = Save(chart);

        for (int k = 0; k < 3; k++)
        {
            Assert.IsGreaterThan(30, Pixels(png, Palette.Colour(k), 40), $"agent {k}'s path");
        }

        Assert.IsGreaterThan(300, Pixels(png, Blend("#999999", 0.25), 10), "the goal circles' grey fill");
    }

    [TestMethod]
    public void ContourPlot_Png_HasOnePanelPerHeatMapWithTheRampsEnds()
    {
        var bowl = new ContourPanel(MarchingSquaresTests.Grid(21, (x, y) => x * x + y * y), "bowl");
        var saddle = new ContourPanel(MarchingSquaresTests.Grid(21, (x, y) => x * y), "saddle") { Diverging = true, FrameColour = Palette.Colour(2) };
        var figure = new ContourPlot("figure").Add(bowl).Add(saddle);
        string path = Path.Combine(_folder, "contours.svg");

        string pngPath = figure.SaveSvgAndPng(path);

        Assert.IsTrue(File.Exists(path));
        using SKBitmap png = SKBitmap.Decode(pngPath);
        Assert.AreEqual(figure.PixelSize, (png.Width, png.Height));
        // Viridis' dark purple at the bowl's bottom, in the left panel; RdBu's red and blue ends in the right one.
        Assert.IsGreaterThan(50, Pixels(png, "#440154", 30, 0, png.Width / 2), "viridis' low end in the left panel");
        Assert.IsGreaterThan(50, Pixels(png, "#2166ac", 30, png.Width / 2, png.Width), "RdBu's blue end in the right panel");
        Assert.IsGreaterThan(50, Pixels(png, "#b2182b", 30, png.Width / 2, png.Width), "RdBu's red end in the right panel");
        Assert.AreEqual(0, Pixels(png, "#440154", 30, png.Width / 2, png.Width), "no sequential colours in the diverging panel");
    }

    private SKBitmap Save(SvgChart chart)
    {
        string svg = Path.Combine(_folder, "chart.svg");
        string path = chart.SaveSvgAndPng(svg);
        Assert.AreEqual(Path.ChangeExtension(svg, ".png"), path);
        Assert.IsTrue(File.Exists(svg));
        SKBitmap png = SKBitmap.Decode(path);
        Assert.IsNotNull(png, "a PNG that decodes");
        Assert.AreEqual(chart.PixelSize, (png.Width, png.Height));
        return png;
    }

    private static IReadOnlyList<(long Step, double Value)> Curve(double offset, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(1, 20).Select(i => ((long)i * 1000, offset + 10 * Math.Log(i) + random.NextDouble() * 4))];
    }

    private static string Blend(string hex, double alpha)
    {
        SKColor c = SKColor.Parse(hex);
        byte Over(byte v) => (byte)Math.Round(255 + (v - 255) * alpha);
        return $"#{Over(c.Red):x2}{Over(c.Green):x2}{Over(c.Blue):x2}";
    }

    /// <summary>Dark pixels (every channel below 128) in the top 40 rows, columns [from, to): where the title is.</summary>
    private static int Ink(SKBitmap png, int from, int to)
    {
        int count = 0;
        for (int y = 0; y < 40; y++)
        {
            for (int x = from; x < to; x++)
            {
                SKColor p = png.GetPixel(x, y);
                count += p.Red < 128 && p.Green < 128 && p.Blue < 128 ? 1 : 0;
            }
        }

        return count;
    }

    /// <summary>How many pixels (in columns [from, to)) lie within <paramref name="tolerance"/> of <paramref name="hex"/> in every channel.</summary>
    private static int Pixels(SKBitmap png, string hex, int tolerance, int from = 0, int to = int.MaxValue)
    {
        SKColor wanted = SKColor.Parse(hex);
        int count = 0;
        for (int y = 0; y < png.Height; y++)
        {
            for (int x = Math.Max(0, from); x < Math.Min(to, png.Width); x++)
            {
                SKColor p = png.GetPixel(x, y);
                if (Math.Abs(p.Red - wanted.Red) <= tolerance && Math.Abs(p.Green - wanted.Green) <= tolerance && Math.Abs(p.Blue - wanted.Blue) <= tolerance)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
