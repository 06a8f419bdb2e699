using System.Text;
using System.Xml;
using static Mede.ML.Analysis.Plots.SvgElements;

namespace Mede.ML.Analysis.Plots;

/// <summary>
/// A self-contained SVG figure of contour panels side by side (<see cref="ContourPanel"/>: filled contours, iso-lines,
/// axes and a colour scale each) under one title. Like <see cref="SvgChart"/>, it opens in a browser, a notebook and
/// on GitHub without scripts or fonts to fetch.
/// </summary>
public sealed class ContourPlot
{
    private const double TitleHeight = 40;
    private readonly List<ContourPanel> _panels = [];

    /// <summary>Creates an empty figure.</summary>
    public ContourPlot(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
    }

    /// <summary>The title above the panels.</summary>
    public string Title { get; }

    /// <summary>The panels, left to right.</summary>
    public IReadOnlyList<ContourPanel> Panels => _panels;

    /// <summary>Adds a panel to the right of the others.</summary>
    public ContourPlot Add(ContourPanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        _panels.Add(panel);
        return this;
    }

    /// <summary>Renders the SVG document.</summary>
    public string ToSvg()
    {
        double width = Math.Max(1, _panels.Count) * ContourPanel.Width, height = TitleHeight + ContourPanel.Height;
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            xml.WriteStartElement("svg", Namespace);
            Attr(xml, "width", width);
            Attr(xml, "height", height);
            xml.WriteAttributeString("viewBox", $"0 0 {N(width)} {N(height)}");
            xml.WriteAttributeString("font-family", "sans-serif");
            xml.WriteAttributeString("font-size", "12");
            Rect(xml, 0, 0, width, height, "#ffffff", "background");
            Label(xml, width / 2, 24, Title, "title", anchor: "middle", size: 15);
            for (int i = 0; i < _panels.Count; i++)
            {
                _panels[i].Render(xml, i * ContourPanel.Width, TitleHeight);
            }

            xml.WriteEndElement();
        }

        return text.ToString();
    }

    /// <summary>Writes the SVG to a file atomically (temporary file, then rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    /// <summary>The size of the image in pixels (the SVG's width and height).</summary>
    public (int Width, int Height) PixelSize => ((int)(Math.Max(1, _panels.Count) * ContourPanel.Width), (int)(TitleHeight + ContourPanel.Height));

    /// <summary>Writes the figure as a PNG: each panel drawn by ScottPlot (heat map, contour lines at the panel's levels,
    /// colour bar), side by side under the title, at the SVG's size; atomically.</summary>
    /// <param name="path">The .png file to write.</param>
    public void SavePng(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (width, height) = PixelSize;
        AtomicFile.Write(path, temporary => File.WriteAllBytes(temporary, RenderPng(width, height)));
    }

    /// <summary>Writes the figure twice: the SVG to <paramref name="svgPath"/> and the PNG beside it (same name, .png).</summary>
    /// <param name="svgPath">The .svg file to write.</param>
    /// <returns>The PNG's path.</returns>
    public string SaveSvgAndPng(string svgPath)
    {
        Save(svgPath);
        string png = Path.ChangeExtension(svgPath, ".png");
        SavePng(png);
        return png;
    }

    // The panels are ScottPlot plots; the figure title above them and the side-by-side placement are drawn here with
    // SkiaSharp (which ScottPlot draws with), because ScottPlot 5.1's Multiplot has no figure title.
    private byte[] RenderPng(int width, int height)
    {
        var info = new SkiaSharp.SKImageInfo(width, height);
        using var surface = SkiaSharp.SKSurface.Create(info);
        SkiaSharp.SKCanvas canvas = surface.Canvas;
        canvas.Clear(SkiaSharp.SKColors.White);
        using (var font = new SkiaSharp.SKFont(SkiaSharp.SKTypeface.FromFamilyName(ScottPlotCharts.FontName, SkiaSharp.SKFontStyle.Bold), 17))
        using (var paint = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.Black, IsAntialias = true })
        {
            canvas.DrawText(Title, width / 2f, 26, SkiaSharp.SKTextAlign.Center, font, paint);
        }

        // Each panel is drawn into an image of its own and placed: ScottPlot clears the whole canvas it renders on.
        int panelHeight = height - (int)TitleHeight;
        for (int i = 0; i < _panels.Count; i++)
        {
            byte[] bytes = _panels[i].ToScottPlot().GetImageBytes((int)ContourPanel.Width, panelHeight, ScottPlot.ImageFormat.Png);
            using SkiaSharp.SKBitmap panel = SkiaSharp.SKBitmap.Decode(bytes);
            canvas.DrawBitmap(panel, (float)(i * ContourPanel.Width), (float)TitleHeight);
        }

        using SkiaSharp.SKImage image = surface.Snapshot();
        using SkiaSharp.SKData data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
