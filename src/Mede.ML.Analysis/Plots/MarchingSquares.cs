using System.Globalization;

namespace Mede.ML.Analysis.Plots;

/// <summary>
/// Iso-lines of a scalar field sampled on a regular grid, by marching squares: each grid cell whose corners lie on
/// both sides of the level holds one or two line segments, with end points placed on the cell's edges by linear
/// interpolation.
/// </summary>
/// <remarks>
/// <para>The grid is values[row, column] with the row along y and the column along x, both increasing: node
/// (row, column) sits at (x_column, y_row), the columns spread evenly over the x range and the rows over the y range
/// (the layout of <see cref="MedeTransformer.QGrid"/>).</para>
/// <para>A corner counts as above the level when its value is at least the level. A saddle cell (two opposite
/// corners above, two below) is resolved by the mean of its four corners: when the mean is above, the above corners
/// are joined through the centre. Every edge point is computed from the edge's two nodes in one fixed order, so the
/// cells on either side of an edge share the point exactly and the segments chain into unbroken lines.</para>
/// </remarks>
public static class MarchingSquares
{
    /// <summary>The segments of the iso-line f = <paramref name="level"/>, in data coordinates.</summary>
    /// <param name="values">The grid, values[row, column] at (x_column, y_row); at least 2 x 2, all finite.</param>
    /// <param name="level">The level of the iso-line.</param>
    /// <param name="xRange">The x of the first and the last column.</param>
    /// <param name="yRange">The y of the first and the last row.</param>
    /// <returns>The segments, in no particular order; none when the level is not crossed (a constant grid, say).</returns>
    /// <exception cref="ArgumentException">The grid is smaller than 2 x 2, holds a NaN or infinite value (the message
    /// names its row and column), or a range or the level is not finite.</exception>
    public static IReadOnlyList<((double X, double Y) Start, (double X, double Y) End)> Segments(
        float[,] values, double level, (double Min, double Max) xRange, (double Min, double Max) yRange)
    {
        CheckGrid(values, nameof(values));
        if (!double.IsFinite(level))
        {
            throw new ArgumentException($"The level is {level.ToString(CultureInfo.InvariantCulture)}; an iso-line needs a finite level.", nameof(level));
        }

        CheckRange(xRange, nameof(xRange));
        CheckRange(yRange, nameof(yRange));
        int rows = values.GetLength(0), columns = values.GetLength(1);
        double dx = (xRange.Max - xRange.Min) / (columns - 1), dy = (yRange.Max - yRange.Min) / (rows - 1);
        var segments = new List<((double, double), (double, double))>();

        // The crossing on the edge from node (row, column) to (row, column + 1), and to (row + 1, column). The edge
        // is crossed, so its two values differ and the division is safe.
        (double, double) Horizontal(int row, int column)
        {
            double a = values[row, column], b = values[row, column + 1];
            return (xRange.Min + (column + (level - a) / (b - a)) * dx, yRange.Min + row * dy);
        }

        (double, double) Vertical(int row, int column)
        {
            double a = values[row, column], b = values[row + 1, column];
            return (xRange.Min + column * dx, yRange.Min + (row + (level - a) / (b - a)) * dy);
        }

        Span<int> crossed = stackalloc int[4];
        for (int row = 0; row < rows - 1; row++)
        {
            for (int column = 0; column < columns - 1; column++)
            {
                // Corners counter-clockwise from the bottom left; bit k set when corner k is above the level.
                double bottomLeft = values[row, column], bottomRight = values[row, column + 1];
                double topRight = values[row + 1, column + 1], topLeft = values[row + 1, column];
                int index = (bottomLeft >= level ? 1 : 0) | (bottomRight >= level ? 2 : 0) | (topRight >= level ? 4 : 0) | (topLeft >= level ? 8 : 0);
                if (index is 0 or 15)
                {
                    continue;
                }

                // The cell's edges in the same counter-clockwise order: bottom, right, top, left.
                (double, double) Edge(int edge) => edge switch
                {
                    0 => Horizontal(row, column),
                    1 => Vertical(row, column + 1),
                    2 => Horizontal(row + 1, column),
                    _ => Vertical(row, column),
                };

                if (index is 5 or 10)
                {
                    // Saddle: the centre's side decides which pair of opposite corners is cut off.
                    bool centreAbove = (bottomLeft + bottomRight + topRight + topLeft) / 4 >= level;
                    if ((index == 5) == centreAbove)
                    {
                        // Cut off the bottom-right and top-left corners.
                        segments.Add((Edge(0), Edge(1)));
                        segments.Add((Edge(2), Edge(3)));
                    }
                    else
                    {
                        // Cut off the bottom-left and top-right corners.
                        segments.Add((Edge(3), Edge(0)));
                        segments.Add((Edge(1), Edge(2)));
                    }

                    continue;
                }

                int count = 0;
                for (int edge = 0; edge < 4; edge++)
                {
                    // Edge k joins corner k and corner k + 1; it is crossed when they lie on different sides.
                    if (((index >> edge) & 1) != ((index >> ((edge + 1) & 3)) & 1))
                    {
                        crossed[count++] = edge;
                    }
                }

                segments.Add((Edge(crossed[0]), Edge(crossed[1])));
            }
        }

        return segments;
    }

    /// <summary>Throws unless <paramref name="values"/> is at least 2 x 2 and every value is finite.</summary>
    internal static void CheckGrid(float[,] values, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(values, parameterName);
        int rows = values.GetLength(0), columns = values.GetLength(1);
        if (rows < 2 || columns < 2)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The grid is {rows} x {columns}; contours need at least 2 x 2 values (rows along y, columns along x)."),
                parameterName);
        }

        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                float value = values[row, column];
                if (!float.IsFinite(value))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"The grid value at row {row}, column {column} is {value}; contours need finite values everywhere. Check the model or the data that produced the grid."),
                        parameterName);
                }
            }
        }
    }

    private static void CheckRange((double Min, double Max) range, string parameterName)
    {
        if (!double.IsFinite(range.Min) || !double.IsFinite(range.Max) || !(range.Max > range.Min))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The range ({range.Min}, {range.Max}) is not an increasing pair of finite numbers."),
                parameterName);
        }
    }
}
