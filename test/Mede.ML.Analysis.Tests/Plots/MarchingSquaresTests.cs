using Mede.ML.Analysis.Plots;

namespace Mede.ML.Analysis.Tests.Plots;

[TestClass]
public sealed class MarchingSquaresTests
{
    [TestMethod]
    [DataRow(41, 0.537)]
    [DataRow(41, 0.88)]
    [DataRow(20, 0.3)]
    public void Segments_SquaredRadius_LieOnTheCircleAndCloseUp(int resolution, double radius)
    {
        // Radii whose square is no grid value: a node exactly on the level is shared by more than two segments.
        float[,] grid = Grid(resolution, (x, y) => x * x + y * y);
        double cell = 2.0 / (resolution - 1);

        var segments = MarchingSquares.Segments(grid, radius * radius, (-1, 1), (-1, 1));

        var ends = segments.SelectMany(s => new[] { s.Start, s.End }).ToList();
        Assert.IsGreaterThan(8, segments.Count);
        foreach (var (x, y) in ends)
        {
            Assert.AreEqual(radius, Math.Sqrt(x * x + y * y), cell, $"({x}, {y}) is on the circle within a grid cell");
        }

        // A closed curve: every end point is shared by exactly two segments (the cells on either side of its edge).
        Assert.IsTrue(ends.GroupBy(p => p).All(g => g.Count() == 2), "the segments chain into a closed line");
        Assert.HasCount(4, ends.Select(p => (Math.Sign(p.X), Math.Sign(p.Y))).Where(q => q.Item1 != 0 && q.Item2 != 0).Distinct().ToList(), "all four quadrants");
    }

    [TestMethod]
    public void Segments_LinearField_AreExactlyOnOneStraightLine()
    {
        // f = 2x + 3y: linear interpolation along the edges is exact, so every end point satisfies 2x + 3y = level.
        float[,] grid = Grid(17, (x, y) => 2 * x + 3 * y);

        var segments = MarchingSquares.Segments(grid, 0.4, (-1, 1), (-1, 1));

        Assert.IsGreaterThan(0, segments.Count);
        foreach (var (start, end) in segments)
        {
            Assert.AreEqual(0.4, 2 * start.X + 3 * start.Y, 1e-5);
            Assert.AreEqual(0.4, 2 * end.X + 3 * end.Y, 1e-5);
        }
    }

    [TestMethod]
    public void Segments_Ranges_MapColumnsToXAndRowsToY()
    {
        // f = x on x in [0, 10]: the level-2.5 line is the vertical x = 2.5, spanning the y range [5, 7].
        float[,] grid = Grid(11, (x, y) => x, (0, 10), (5, 7));

        var segments = MarchingSquares.Segments(grid, 2.5, (0, 10), (5, 7));

        var ends = segments.SelectMany(s => new[] { s.Start, s.End }).ToList();
        Assert.IsTrue(ends.All(p => Math.Abs(p.X - 2.5) < 1e-9));
        Assert.AreEqual(5, ends.Min(p => p.Y), 1e-9);
        Assert.AreEqual(7, ends.Max(p => p.Y), 1e-9);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void Segments_Saddle_CentreDecidesWhichCornersAreJoined(bool centreAbove)
    {
        // Bottom-left and top-right above 0, the others below; the centre mean is +0.5 or -0.5.
        float high = centreAbove ? 2f : 1f, low = centreAbove ? -1f : -2f;
        var grid = new float[,] { { high, low }, { low, high } };

        var segments = MarchingSquares.Segments(grid, 0, (0, 1), (0, 1));

        Assert.HasCount(2, segments);

        // Joined above corners leave the below corners (bottom right, top left) cut off, and vice versa.
        var cornersCutOff = segments.Select(s => ((s.Start.X + s.End.X) / 2 > 0.5, (s.Start.Y + s.End.Y) / 2 > 0.5)).ToHashSet();
        var expected = centreAbove ? new[] { (true, false), (false, true) } : new[] { (false, false), (true, true) };
        CollectionAssert.AreEquivalent(expected, cornersCutOff.ToList());
    }

    [TestMethod]
    public void Segments_ConstantGrid_None()
    {
        float[,] grid = Grid(5, (x, y) => 3);

        Assert.HasCount(0, MarchingSquares.Segments(grid, 3, (-1, 1), (-1, 1)));
        Assert.HasCount(0, MarchingSquares.Segments(grid, 2, (-1, 1), (-1, 1)));
    }

    [TestMethod]
    [DataRow(float.NaN)]
    [DataRow(float.PositiveInfinity)]
    public void Segments_NonFiniteValue_ThrowsNamingRowAndColumn(float value)
    {
        float[,] grid = Grid(9, (x, y) => x);
        grid[3, 7] = value;

        var e = Assert.ThrowsExactly<ArgumentException>(() => MarchingSquares.Segments(grid, 0, (-1, 1), (-1, 1)));

        StringAssert.Contains(e.Message, "row 3, column 7");
        Assert.AreEqual("values", e.ParamName);
    }

    [TestMethod]
    public void Segments_TooSmallGridOrEmptyRange_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => MarchingSquares.Segments(new float[1, 5], 0, (-1, 1), (-1, 1)));
        Assert.ThrowsExactly<ArgumentException>(() => MarchingSquares.Segments(new float[2, 2], 0, (1, 1), (-1, 1)));
        Assert.ThrowsExactly<ArgumentException>(() => MarchingSquares.Segments(new float[2, 2], double.NaN, (-1, 1), (-1, 1)));
    }

    /// <summary>f sampled as grid[row, column] = f(x_column, y_row) over the ranges (default [-1, 1]^2).</summary>
    internal static float[,] Grid(int resolution, Func<double, double, double> f, (double Min, double Max)? xRange = null, (double Min, double Max)? yRange = null)
    {
        var (x0, x1) = xRange ?? (-1, 1);
        var (y0, y1) = yRange ?? (-1, 1);
        var grid = new float[resolution, resolution];
        for (int row = 0; row < resolution; row++)
        {
            for (int column = 0; column < resolution; column++)
            {
                grid[row, column] = (float)f(x0 + (x1 - x0) * column / (resolution - 1), y0 + (y1 - y0) * row / (resolution - 1));
            }
        }

        return grid;
    }
}
