namespace Mede.ML.Analysis.Plots;

/// <summary>One named line of a chart: the points, drawn in order, possibly as several disconnected pieces.</summary>
/// <param name="Name">The legend entry.</param>
/// <param name="Pieces">Polylines; each is a list of (x, y) points.</param>
/// <param name="Colour">The stroke colour (see <see cref="Palette"/>).</param>
/// <param name="CssClass">The class of the series' SVG group (e.g. <c>agent</c>), for styling and tests.</param>
public sealed record Series(string Name, IReadOnlyList<IReadOnlyList<(double X, double Y)>> Pieces, string Colour, string CssClass = "series");
