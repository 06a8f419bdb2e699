using ScottPlot;
using ScottPlot.Plottables;

namespace Mede.ML.Analysis.Plots;

/// <summary>
/// Draws the charts with ScottPlot for the PNG files: the same lines, bands, goal circles, palette, titles and axis
/// labels as the SVG, and for contour panels ScottPlot's heat map with its contour lines at the panel's levels.
/// </summary>
/// <remarks>The SVG files stay with <see cref="SvgChart"/> and <see cref="ContourPlot"/>: their groups carry each
/// series' name and class (<c>data-name</c>, <c>class="band-group"</c>, <c>data-level</c>), which the tests and the
/// report read back, and ScottPlot's SVG output names none of its shapes; ScottPlot 5.1's multi-panel figures
/// (<c>Multiplot</c>) write PNG only.</remarks>
internal static class ScottPlotCharts
{
    /// <summary>The charts' font, as the SVG's sans-serif (ScottPlot falls back to the system's font without it).</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>The longest title kept on one line (15-point DejaVu Sans beside a right-hand legend).</summary>
    internal const int TitleLineLength = 50;

    private static readonly Color s_goalFill = Color.FromHex("#999999").WithAlpha(0.25);
    private static readonly Color s_goalLine = Color.FromHex("#555555");

    /// <summary>A line chart's ScottPlot plot.</summary>
    public static Plot LineChart(
        string title, string xLabel, string yLabel, IReadOnlyList<Series> series,
        IReadOnlyList<(string Name, IReadOnlyList<(double X, double Low, double High)> Band, string Colour, string Group)> bands,
        IReadOnlyList<(double X, double Y, double Radius, string Label)> markers,
        (double Min, double Max)? xRange, (double Min, double Max)? yRange)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(Wrapped(title), size: 15);
        plot.XLabel(xLabel, size: 12);
        plot.YLabel(yLabel, size: 12);

        // Bands first, so the lines stay on top of them.
        foreach (var (_, band, colour, _) in bands)
        {
            if (band.Count < 2)
            {
                continue;
            }

            FillY fill = plot.Add.FillY([.. band.Select(p => p.X)], [.. band.Select(p => p.Low)], [.. band.Select(p => p.High)]);
            fill.FillColor = Color.FromHex(colour).WithAlpha(0.2);
            fill.LineWidth = 0;
        }

        foreach (Series line in series)
        {
            Color colour = Color.FromHex(line.Colour).WithAlpha(0.85);
            bool first = true;
            foreach (var piece in line.Pieces.Where(p => p.Count > 0))
            {
                double[] xs = [.. piece.Select(p => p.X)], ys = [.. piece.Select(p => p.Y)];
                Scatter scatter = plot.Add.ScatterLine(xs, ys, colour);
                scatter.LineWidth = 1.6f;
                scatter.LinePattern = line.Dash is null ? LinePattern.Solid : LinePattern.Dashed;
                if (first)
                {
                    scatter.LegendText = line.Name;
                    first = false;
                }
            }
        }

        foreach (var (x, y, radius, label) in markers)
        {
            Ellipse circle = plot.Add.Circle(x, y, radius);
            circle.FillColor = s_goalFill;
            circle.LineColor = s_goalLine;
            Text text = plot.Add.Text(label, x, y);
            text.LabelAlignment = Alignment.MiddleCenter;
            text.LabelFontColor = Colors.Black;
        }

        if (series.Count > 0)
        {
            plot.ShowLegend(Edge.Right);
        }

        if (xRange is { } xr)
        {
            plot.Axes.SetLimitsX(xr.Min, xr.Max);
        }

        if (yRange is { } yr)
        {
            plot.Axes.SetLimitsY(yr.Min, yr.Max);
        }

        if (xRange is { } x0 && yRange is { } y0 && Math.Abs((x0.Max - x0.Min) - (y0.Max - y0.Min)) < 1e-9 * (x0.Max - x0.Min))
        {
            // A square world (MultiGoal) keeps its goal circles round.
            plot.Axes.SquareUnits();
        }

        return plot;
    }

    /// <summary>A title of more than <see cref="TitleLineLength"/> characters on two lines, broken before its
    /// parenthesis or else at the space nearest its middle: ScottPlot centres the title on the data area, which the
    /// legend at the right pushes left of the image's centre, so a long one-line title ran off the image's left edge.
    /// </summary>
    internal static string Wrapped(string title)
    {
        if (title.Length <= TitleLineLength)
        {
            return title;
        }

        int parenthesis = title.IndexOf(" (", StringComparison.Ordinal);
        if (parenthesis > 0 && parenthesis <= TitleLineLength && title.Length - parenthesis - 1 <= TitleLineLength)
        {
            return title[..parenthesis] + "\n" + title[(parenthesis + 1)..];
        }

        // The space nearest the middle (the left one on a tie).
        int middle = title.Length / 2;
        int before = title.LastIndexOf(' ', middle), after = title.IndexOf(' ', middle);
        int split = before < 0 ? after : after < 0 || middle - before <= after - middle ? before : after;
        return split < 0 ? title : title[..split] + "\n" + title[(split + 1)..];
    }

    /// <summary>One contour panel's ScottPlot plot: the grid as a heat map in the panel's ramp, contour lines at its
    /// levels, a colour bar, the frame in the highlight colour when there is one.</summary>
    public static Plot ContourPanel(ContourPanel panel, float[,] values)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(panel.Title, size: 13);
        plot.XLabel(panel.XLabel, size: 12);
        plot.YLabel(panel.YLabel, size: 12);
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var (xMin, xMax) = panel.XRange;
        var (yMin, yMax) = panel.YRange;

        // ScottPlot's heat map puts row 0 at the top; the grid's row 0 is the lowest y.
        var intensities = new double[rows, columns];
        var points = new Coordinates3d[rows, columns];
        for (int row = 0; row < rows; row++)
        {
            double y = yMin + (yMax - yMin) * row / (rows - 1);
            for (int column = 0; column < columns; column++)
            {
                double x = xMin + (xMax - xMin) * column / (columns - 1);
                intensities[rows - 1 - row, column] = values[row, column];
                points[row, column] = new Coordinates3d(x, y, values[row, column]);
            }
        }

        Heatmap heatmap = plot.Add.Heatmap(intensities);
        heatmap.Extent = new CoordinateRect(xMin, xMax, yMin, yMax);
        double magnitude = Math.Max(Math.Abs(panel.Minimum), Math.Abs(panel.Maximum));
        heatmap.Colormap = new ScottPlot.Colormaps.CustomInterpolated([.. Enumerable.Range(0, 33).Select(i => Color.FromHex(ColourRamp.At(i / 32.0, panel.Diverging)))]);
        if (panel.Diverging)
        {
            // White at zero, the same depth of colour for the same magnitude on either side (as in the SVG).
            heatmap.ManualRange = new ScottPlot.Range(-magnitude, magnitude);
        }

        IReadOnlyList<double> levels = panel.Levels;
        if (levels.Count > 0)
        {
            ContourLines contours = plot.Add.ContourLines(points);
            contours.ContourLineLevels = [.. levels];
            contours.Update(points);
            contours.LineColor = Color.FromHex("#1a1a1a").WithAlpha(0.7);
            contours.LineWidth = 1;
        }

        plot.Add.ColorBar(heatmap);
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        if (panel.FrameColour is not null)
        {
            foreach (IAxis axis in plot.Axes.GetAxes())
            {
                axis.FrameLineStyle.Width = 3;
                axis.FrameLineStyle.Color = Color.FromHex(panel.FrameColour);
            }
        }

        return plot;
    }
}
