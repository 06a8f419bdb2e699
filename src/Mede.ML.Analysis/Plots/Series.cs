namespace Mede.ML.Analysis.Plots;

/// <summary>One named line of a chart: the points, drawn in order, possibly as several disconnected pieces.</summary>
/// <param name="Name">The legend entry.</param>
/// <param name="Pieces">Polylines; each is a list of (x, y) points.</param>
/// <param name="Colour">The stroke colour (see <see cref="Palette"/>).</param>
/// <param name="CssClass">The class of the series' SVG group (e.g. <c>agent</c>), for styling and tests.</param>
/// <param name="Dash">An SVG <c>stroke-dasharray</c> such as <c>"6 4"</c> (dash and gap lengths in pixels) for the
/// lines and the legend swatch, or null for a solid line.</param>
public sealed record Series(string Name, IReadOnlyList<IReadOnlyList<(double X, double Y)>> Pieces, string Colour, string CssClass = "series", string? Dash = null)
{
    /// <summary>The dash pattern of the second line of a pair drawn in one colour (log q(z|s) beside the solid log q(z|s,a)).</summary>
    public const string Dashed = "6 4";
}
