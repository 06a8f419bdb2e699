using System.Globalization;
using System.Text;
using System.Xml;
using static Mede.ML.Analysis.Plots.SvgElements;

namespace Mede.ML.Analysis.Plots;

/// <summary>
/// A small, self-contained SVG line chart: title, axes with round-number ticks and labels, one group per series
/// (polylines, optional band), a legend, and optional circle markers. The output opens in a browser, a notebook
/// and on GitHub without scripts or fonts to fetch.
/// </summary>
public sealed class SvgChart
{
    private const double PlotWidth = 420, Height = 440, Left = 70, Right = 150, Top = 40, Bottom = 55;

    // The legend column widens for long names (about 6.5 px a character at font-size 12) rather than running off
    // the right edge; the plot area keeps its size.
    private const double LegendCharacterWidth = 6.5, LegendSwatchWidth = 48;
    private readonly List<Series> _series = [];
    private readonly List<(double X, double Y, double Radius, string Label)> _markers = [];
    private readonly List<(string Name, IReadOnlyList<(double X, double Low, double High)> Band, string Colour, string Group)> _bands = [];

    /// <summary>Creates an empty chart.</summary>
    public SvgChart(string title, string xLabel, string yLabel)
    {
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
    }

    /// <summary>The title above the plot.</summary>
    public string Title { get; }

    /// <summary>The horizontal axis label.</summary>
    public string XLabel { get; }

    /// <summary>The vertical axis label.</summary>
    public string YLabel { get; }

    /// <summary>Fixed horizontal range, or null to fit the data.</summary>
    public (double Min, double Max)? XRange { get; set; }

    /// <summary>Fixed vertical range, or null to fit the data.</summary>
    public (double Min, double Max)? YRange { get; set; }

    /// <summary>Adds a series.</summary>
    public SvgChart Add(Series series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _series.Add(series);
        return this;
    }

    /// <summary>Adds a shaded band (e.g. mean +- std over seeds) drawn under the lines, filled in
    /// <paramref name="colour"/> at low opacity.</summary>
    /// <param name="name">The band's name, written as its <c>data-name</c>.</param>
    /// <param name="band">The points (x, low, high), in order of x.</param>
    /// <param name="colour">The fill colour, usually the colour of the line the band surrounds.</param>
    /// <param name="group">Bands of one group (e.g. one method) share an SVG group <c>&lt;g class="band-group"
    /// data-name="group"&gt;</c>; null puts the band in a group of its own, named after it.</param>
    public SvgChart AddBand(string name, IReadOnlyList<(double X, double Low, double High)> band, string colour, string? group = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(band);
        ArgumentNullException.ThrowIfNull(colour);
        _bands.Add((name, band, colour, group ?? name));
        return this;
    }

    /// <summary>Adds a circle marker in data coordinates (a goal), with a label.</summary>
    public SvgChart AddMarker(double x, double y, double radius, string label)
    {
        _markers.Add((x, y, radius, label));
        return this;
    }

    /// <summary>Renders the SVG document.</summary>
    public string ToSvg()
    {
        var points = _series.SelectMany(s => s.Pieces.SelectMany(p => p)).ToList();
        var bandPoints = _bands.SelectMany(b => b.Band.SelectMany(p => new[] { (p.X, p.Low), (p.X, p.High) })).ToList();
        var all = points.Concat(bandPoints).Concat(_markers.Select(m => (m.X, m.Y))).ToList();
        var (xMin, xMax) = XRange ?? Fit(all.Select(p => p.Item1));
        var (yMin, yMax) = YRange ?? Fit(all.Select(p => p.Item2));
        double plotWidth = PlotWidth, plotHeight = Height - Top - Bottom;
        double width = Width;
        double Sx(double x) => Left + (x - xMin) / (xMax - xMin) * plotWidth;
        double Sy(double y) => Top + plotHeight - (y - yMin) / (yMax - yMin) * plotHeight;

        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            xml.WriteStartElement("svg", "http://www.w3.org/2000/svg");
            Attr(xml, "width", width);
            Attr(xml, "height", Height);
            xml.WriteAttributeString("viewBox", $"0 0 {N(width)} {N(Height)}");
            xml.WriteAttributeString("font-family", "sans-serif");
            xml.WriteAttributeString("font-size", "12");
            Rect(xml, 0, 0, width, Height, "#ffffff", "background");
            Label(xml, width / 2, 22, Title, "title", anchor: "middle", size: 15);

            // Axes with ticks and grid lines.
            xml.WriteStartElement("g");
            xml.WriteAttributeString("class", "axes");
            foreach (double tick in Ticks(xMin, xMax))
            {
                Line(xml, Sx(tick), Top, Sx(tick), Top + plotHeight, "#e5e5e5", "grid");
                Label(xml, Sx(tick), Top + plotHeight + 16, Format(tick), "tick x", anchor: "middle");
            }

            foreach (double tick in Ticks(yMin, yMax))
            {
                Line(xml, Left, Sy(tick), Left + plotWidth, Sy(tick), "#e5e5e5", "grid");
                Label(xml, Left - 6, Sy(tick) + 4, Format(tick), "tick y", anchor: "end");
            }

            Line(xml, Left, Top + plotHeight, Left + plotWidth, Top + plotHeight, "#333333", "axis x");
            Line(xml, Left, Top, Left, Top + plotHeight, "#333333", "axis y");
            Label(xml, Left + plotWidth / 2, Height - 14, XLabel, "axis-label x", anchor: "middle");
            xml.WriteStartElement("text");
            xml.WriteAttributeString("class", "axis-label y");
            xml.WriteAttributeString("text-anchor", "middle");
            xml.WriteAttributeString("transform", $"translate(18 {N(Top + plotHeight / 2)}) rotate(-90)");
            xml.WriteString(YLabel);
            xml.WriteEndElement();
            xml.WriteEndElement();

            // Bands first, so the lines stay visible on top of them; one group per method (or per band).
            foreach (var group in _bands.GroupBy(b => b.Group))
            {
                xml.WriteStartElement("g");
                xml.WriteAttributeString("class", "band-group");
                xml.WriteAttributeString("data-name", group.Key);
                foreach (var (name, band, colour, _) in group)
                {
                    xml.WriteStartElement("polygon");
                    xml.WriteAttributeString("class", "band");
                    xml.WriteAttributeString("data-name", name);
                    xml.WriteAttributeString("fill", colour);
                    xml.WriteAttributeString("fill-opacity", "0.2");
                    xml.WriteAttributeString("stroke", "none");
                    var outline = band.Select(p => (p.X, p.High)).Concat(band.Reverse().Select(p => (p.X, p.Low)));
                    xml.WriteAttributeString("points", string.Join(" ", outline.Select(p => $"{N(Sx(p.X))},{N(Sy(p.Item2))}")));
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            for (int i = 0; i < _series.Count; i++)
            {
                Series series = _series[i];
                xml.WriteStartElement("g");
                xml.WriteAttributeString("class", series.CssClass);
                xml.WriteAttributeString("data-name", series.Name);
                foreach (var piece in series.Pieces.Where(p => p.Count > 0))
                {
                    xml.WriteStartElement("polyline");
                    xml.WriteAttributeString("fill", "none");
                    xml.WriteAttributeString("stroke", series.Colour);
                    xml.WriteAttributeString("stroke-width", "1.6");
                    xml.WriteAttributeString("stroke-opacity", "0.85");
                    if (series.Dash is not null)
                    {
                        xml.WriteAttributeString("stroke-dasharray", series.Dash);
                    }

                    xml.WriteAttributeString("points", string.Join(" ", piece.Select(p => $"{N(Sx(p.X))},{N(Sy(p.Y))}")));
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            foreach (var (x, y, radius, label) in _markers)
            {
                xml.WriteStartElement("g");
                xml.WriteAttributeString("class", "marker goal");
                xml.WriteStartElement("circle");
                Attr(xml, "cx", Sx(x));
                Attr(xml, "cy", Sy(y));
                Attr(xml, "r", Math.Abs(Sx(x + radius) - Sx(x)));
                xml.WriteAttributeString("fill", "#999999");
                xml.WriteAttributeString("fill-opacity", "0.25");
                xml.WriteAttributeString("stroke", "#555555");
                xml.WriteEndElement();
                Label(xml, Sx(x), Sy(y) + 4, label, "marker-label", anchor: "middle");
                xml.WriteEndElement();
            }

            // Legend.
            xml.WriteStartElement("g");
            xml.WriteAttributeString("class", "legend");
            for (int i = 0; i < _series.Count; i++)
            {
                double y = Top + 10 + i * 20;
                Line(xml, Left + plotWidth + 12, y, Left + plotWidth + 36, y, _series[i].Colour, "legend-swatch", width: 3, dash: _series[i].Dash);
                Label(xml, Left + plotWidth + 42, y + 4, _series[i].Name, "legend-label");
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return text.ToString();
    }

    /// <summary>Writes the SVG to a file atomically (temporary file, then rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    /// <summary>Writes the chart as a PNG drawn by ScottPlot (the same series, bands, goals, colours, title and axis
    /// labels, at the SVG's size), atomically.</summary>
    /// <param name="path">The .png file to write.</param>
    public void SavePng(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ScottPlot.Plot plot = ToScottPlot();
        var (width, height) = PixelSize;
        AtomicFile.Write(path, temporary => plot.SavePng(temporary, width, height));
    }

    /// <summary>Writes the chart twice: the SVG to <paramref name="svgPath"/> and the PNG beside it (same name, .png).</summary>
    /// <param name="svgPath">The .svg file to write.</param>
    /// <returns>The PNG's path.</returns>
    public string SaveSvgAndPng(string svgPath)
    {
        Save(svgPath);
        string png = Path.ChangeExtension(svgPath, ".png");
        SavePng(png);
        return png;
    }

    /// <summary>The chart as a ScottPlot <see cref="ScottPlot.Plot"/>, to show in a notebook or change before saving.</summary>
    public ScottPlot.Plot ToScottPlot() =>
        ScottPlotCharts.LineChart(Title, XLabel, YLabel, _series, _bands, _markers, XRange, YRange);

    /// <summary>The size of the image in pixels (the SVG's width and height).</summary>
    public (int Width, int Height) PixelSize => ((int)Math.Round(Width), (int)Height);

    private double Width => Left + PlotWidth + Math.Max(Right, LegendSwatchWidth + 8 + LegendCharacterWidth * _series.Select(s => s.Name.Length).DefaultIfEmpty(0).Max());

    /// <summary>Round-number tick positions covering [min, max] (steps of 1, 2 or 5 times a power of ten).</summary>
    public static IReadOnlyList<double> Ticks(double min, double max, int target = 6)
    {
        double span = max - min;
        if (!(span > 0) || !double.IsFinite(span))
        {
            return [min];
        }

        double raw = span / target, power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * power).First(s => s >= raw);
        var ticks = new List<double>();
        // Each tick is k * step rather than a running sum, so rounding errors do not pile up (a running sum of 0.2
        // reaches 1.9999999999999998, not 2).
        for (double k = Math.Ceiling(min / step); k * step <= max + step * 1e-9; k++)
        {
            double t = k * step;
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        }

        return ticks;
    }

    private static (double, double) Fit(IEnumerable<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values.Where(double.IsFinite))
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        if (double.IsInfinity(min))
        {
            return (0, 1);
        }

        double pad = max > min ? 0.05 * (max - min) : Math.Max(1, Math.Abs(min) * 0.1);
        return (min - pad, max + pad);
    }
}
