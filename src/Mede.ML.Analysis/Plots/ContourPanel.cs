using System.Xml;
using static Mede.ML.Analysis.Plots.SvgElements;

namespace Mede.ML.Analysis.Plots;

/// <summary>
/// One panel of a <see cref="ContourPlot"/>: a scalar grid drawn as filled contours (grid cells shaded by the band
/// between two contour levels their mean falls in) with the iso-lines on top, axes with round-number ticks, a title,
/// and a colour scale that maps each band to its levels.
/// </summary>
/// <remarks>The grid is values[row, column] with the row along y and the column along x (the layout of
/// <see cref="MedeTransformer.QGrid"/>); see <see cref="MarchingSquares"/>. The levels are round numbers
/// strictly inside the grid's range (<see cref="Levels"/>).</remarks>
public sealed class ContourPanel
{
    /// <summary>The panel's width and height in SVG units.</summary>
    internal const double Width = 380, Height = 310;

    private const double PlotLeft = 60, PlotTop = 36, PlotSize = 220, ScaleLeft = PlotLeft + PlotSize + 14, ScaleWidth = 12;
    private readonly float[,] _values;

    /// <summary>Creates a panel over a copy of <paramref name="values"/>.</summary>
    /// <param name="values">The grid, values[row, column] at (x_column, y_row); at least 2 x 2, all finite.</param>
    /// <param name="title">The panel's title.</param>
    /// <exception cref="ArgumentException">The grid is smaller than 2 x 2 or holds a NaN or infinite value; the
    /// message names its row and column.</exception>
    public ContourPanel(float[,] values, string title)
    {
        MarchingSquares.CheckGrid(values, nameof(values));
        ArgumentNullException.ThrowIfNull(title);
        _values = (float[,])values.Clone();
        Title = title;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float value in _values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        Minimum = min;
        Maximum = max;
    }

    /// <summary>The title above the panel.</summary>
    public string Title { get; }

    /// <summary>The horizontal axis label.</summary>
    public string XLabel { get; init; } = "x";

    /// <summary>The vertical axis label.</summary>
    public string YLabel { get; init; } = "y";

    /// <summary>The x of the grid's first and last column (default [-1, 1], the action square).</summary>
    public (double Min, double Max) XRange { get; init; } = (-1, 1);

    /// <summary>The y of the grid's first and last row (default [-1, 1], the action square).</summary>
    public (double Min, double Max) YRange { get; init; } = (-1, 1);

    /// <summary>True for a signed quantity such as a difference: a diverging colour ramp, white at zero and the
    /// same depth of colour for the same magnitude on either side. False (default): a sequential ramp over the range.</summary>
    public bool Diverging { get; init; }

    /// <summary>The frame's colour when the panel is highlighted (drawn thick), or null for a plain frame.</summary>
    public string? FrameColour { get; init; }

    /// <summary>The CSS class of the panel's group, after "panel" (default "contour").</summary>
    public string CssClass { get; init; } = "contour";

    /// <summary>At most about this many contour levels (default 10); being round numbers, there may be down to
    /// about 40% as many.</summary>
    public int TargetLevels { get; init; } = 10;

    /// <summary>The smallest value of the grid.</summary>
    public double Minimum { get; }

    /// <summary>The largest value of the grid.</summary>
    public double Maximum { get; }

    /// <summary>The contour levels: round numbers (steps of 1, 2 or 5 times a power of ten) strictly between
    /// <see cref="Minimum"/> and <see cref="Maximum"/>; none for a constant grid.</summary>
    public IReadOnlyList<double> Levels
    {
        get
        {
            // A level at the very minimum or maximum would touch the grid only at isolated nodes; leave it out.
            double margin = (Maximum - Minimum) * 1e-9;
            return [.. SvgChart.Ticks(Minimum, Maximum, TargetLevels).Where(t => t > Minimum + margin && t < Maximum - margin)];
        }
    }

    /// <summary>The panel as a ScottPlot <see cref="ScottPlot.Plot"/>: the grid as a heat map in the panel's colour ramp,
    /// contour lines at <see cref="Levels"/>, a colour bar.</summary>
    public ScottPlot.Plot ToScottPlot() => ScottPlotCharts.ContourPanel(this, _values);

    /// <summary>Writes the panel as a group translated to (<paramref name="x"/>, <paramref name="y"/>).</summary>
    internal void Render(XmlWriter xml, double x, double y)
    {
        IReadOnlyList<double> levels = Levels;
        int rows = _values.GetLength(0), columns = _values.GetLength(1);
        var (xMin, xMax) = XRange;
        var (yMin, yMax) = YRange;
        double Sx(double value) => PlotLeft + (value - xMin) / (xMax - xMin) * PlotSize;
        double Sy(double value) => PlotTop + PlotSize - (value - yMin) / (yMax - yMin) * PlotSize;

        StartGroup(xml, "panel " + CssClass);
        xml.WriteAttributeString("transform", $"translate({N(x)} {N(y)})");
        Label(xml, PlotLeft + PlotSize / 2, 20, Title, "panel-title", anchor: "middle", size: 13);

        // Filled contours: each cell takes the colour of the band its mean lies in; runs of equal cells along a row
        // become one rectangle, which keeps the file small.
        StartGroup(xml, "heat-map");

        // Without anti-aliasing, abutting rectangles show no hairline seams between them.
        xml.WriteAttributeString("shape-rendering", "crispEdges");
        double cellWidth = PlotSize / (columns - 1), cellHeight = PlotSize / (rows - 1);
        for (int row = 0; row < rows - 1; row++)
        {
            int start = 0, band = -1;
            for (int column = 0; column <= columns - 1; column++)
            {
                int next = column < columns - 1
                    ? Band(levels, (_values[row, column] + _values[row, column + 1] + _values[row + 1, column] + _values[row + 1, column + 1]) / 4.0)
                    : -1;
                if (next != band)
                {
                    if (band >= 0)
                    {
                        // Rows grow upwards, SVG's y downwards.
                        Rect(xml, PlotLeft + start * cellWidth, PlotTop + PlotSize - (row + 1) * cellHeight, (column - start) * cellWidth, cellHeight, BandColour(levels, band), "cell");
                    }

                    start = column;
                    band = next;
                }
            }
        }

        xml.WriteEndElement();

        // Iso-lines, one path per level.
        StartGroup(xml, "iso-lines");
        foreach (double level in levels)
        {
            var segments = MarchingSquares.Segments(_values, level, XRange, YRange);
            xml.WriteStartElement("path");
            xml.WriteAttributeString("class", "iso-line");
            xml.WriteAttributeString("data-level", Format(level));
            xml.WriteAttributeString("fill", "none");
            xml.WriteAttributeString("stroke", "#1a1a1a");
            xml.WriteAttributeString("stroke-width", "0.8");
            xml.WriteAttributeString("stroke-opacity", "0.7");
            xml.WriteAttributeString("d", string.Join(" ", segments.Select(s => $"M{N(Sx(s.Start.X))} {N(Sy(s.Start.Y))}L{N(Sx(s.End.X))} {N(Sy(s.End.Y))}")));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        // Axes: ticks outside the frame, labels, and the frame on top of the cells.
        StartGroup(xml, "axes");
        foreach (double tick in SvgChart.Ticks(xMin, xMax, 4))
        {
            Line(xml, Sx(tick), PlotTop + PlotSize, Sx(tick), PlotTop + PlotSize + 4, "#333333", "tick-mark x");
            Label(xml, Sx(tick), PlotTop + PlotSize + 16, Format(tick), "tick x", anchor: "middle");
        }

        foreach (double tick in SvgChart.Ticks(yMin, yMax, 4))
        {
            Line(xml, PlotLeft - 4, Sy(tick), PlotLeft, Sy(tick), "#333333", "tick-mark y");
            Label(xml, PlotLeft - 7, Sy(tick) + 4, Format(tick), "tick y", anchor: "end");
        }

        Label(xml, PlotLeft + PlotSize / 2, PlotTop + PlotSize + 36, XLabel, "axis-label x", anchor: "middle");
        Label(xml, 18, PlotTop + PlotSize / 2, YLabel, "axis-label y", anchor: "middle", rotate: -90);
        xml.WriteEndElement();
        Rect(
            xml, PlotLeft, PlotTop, PlotSize, PlotSize, "none", FrameColour is null ? "frame" : "frame highlight",
            stroke: FrameColour ?? "#333333", strokeWidth: FrameColour is null ? 1 : 3);

        WriteColourScale(xml, levels);
        xml.WriteEndElement();
    }

    /// <summary>The band of <paramref name="value"/>: how many levels lie at or below it (0 to levels.Count).</summary>
    private static int Band(IReadOnlyList<double> levels, double value)
    {
        int band = 0;
        while (band < levels.Count && levels[band] <= value)
        {
            band++;
        }

        return band;
    }

    /// <summary>The colour of band <paramref name="band"/>: the ramp at the middle of the values it covers.</summary>
    private string BandColour(IReadOnlyList<double> levels, int band)
    {
        double low = band == 0 ? Minimum : levels[band - 1], high = band == levels.Count ? Maximum : levels[band];
        double middle = (low + high) / 2;
        if (Diverging)
        {
            double magnitude = Math.Max(Math.Abs(Minimum), Math.Abs(Maximum));
            return ColourRamp.At(magnitude > 0 ? 0.5 + 0.5 * middle / magnitude : 0.5, diverging: true);
        }

        return ColourRamp.At(Maximum > Minimum ? (middle - Minimum) / (Maximum - Minimum) : 0.5, diverging: false);
    }

    /// <summary>A vertical bar of the bands, lowest at the bottom and of equal heights, labelled with the levels
    /// between them and the grid's minimum and maximum at the ends.</summary>
    private void WriteColourScale(XmlWriter xml, IReadOnlyList<double> levels)
    {
        StartGroup(xml, "colour-scale");
        int bands = levels.Count + 1;
        double bandHeight = PlotSize / bands, labelX = ScaleLeft + ScaleWidth + 5;
        for (int band = 0; band < bands; band++)
        {
            double top = PlotTop + PlotSize - (band + 1) * bandHeight;
            Rect(xml, ScaleLeft, top, ScaleWidth, bandHeight, BandColour(levels, band), "scale-band");
        }

        for (int i = 0; i < levels.Count; i++)
        {
            double boundary = PlotTop + PlotSize - (i + 1) * bandHeight;
            Line(xml, ScaleLeft + ScaleWidth, boundary, ScaleLeft + ScaleWidth + 3, boundary, "#333333", "scale-tick");
            Label(xml, labelX, boundary + 4, Format(levels[i]), "scale-level", size: 10);
        }

        Label(xml, labelX, PlotTop + PlotSize + 4, "min " + Format(Minimum), "scale-min", size: 9);
        Label(xml, labelX, PlotTop + 3, "max " + Format(Maximum), "scale-max", size: 9);
        Rect(xml, ScaleLeft, PlotTop, ScaleWidth, PlotSize, "none", "scale-frame", stroke: "#333333", strokeWidth: 0.5);
        xml.WriteEndElement();
    }
}
