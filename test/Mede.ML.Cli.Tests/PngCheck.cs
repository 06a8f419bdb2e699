using System.Globalization;
using System.Xml.Linq;
using SkiaSharp;

namespace Mede.ML.Cli.Tests;

/// <summary>Reads back a PNG the commands write beside an SVG chart.</summary>
internal static class PngCheck
{
    /// <summary>The PNG decodes, has the SVG's width and height, and is a chart: hundreds of colours (lines, bands,
    /// heat maps and anti-aliased text over white), not a blank or one-colour image.</summary>
    public static void AssertChart(string path, XDocument svg)
    {
        Assert.IsTrue(File.Exists(path), path);
        using SKBitmap png = SKBitmap.Decode(path);
        Assert.IsNotNull(png, $"{path} does not decode as an image");
        int width = (int)Math.Round(double.Parse((string)svg.Root!.Attribute("width")!, CultureInfo.InvariantCulture));
        int height = (int)Math.Round(double.Parse((string)svg.Root!.Attribute("height")!, CultureInfo.InvariantCulture));
        Assert.AreEqual((width, height), (png.Width, png.Height), path);
        var colours = new HashSet<uint>();
        int white = 0;
        for (int y = 0; y < png.Height; y += 2)
        {
            for (int x = 0; x < png.Width; x += 2)
            {
                SKColor p = png.GetPixel(x, y);
                colours.Add((uint)p);
                white += p == SKColors.White ? 1 : 0;
            }
        }

        Assert.IsGreaterThan(50, colours.Count, $"{path}: {colours.Count} colours");
        Assert.IsLessThan(png.Width * png.Height / 4 * 98 / 100, white, $"{path}: almost all white");
    }
}
