namespace Mede.ML.Analysis.Plots;

/// <summary>The Okabe-Ito palette: eight colours that stay distinguishable for the common colour-vision deficiencies.</summary>
public static class Palette
{
    private static readonly string[] s_colours = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

    /// <summary>The colour of series <paramref name="index"/> (cycling after eight).</summary>
    public static string Colour(int index) => s_colours[((index % s_colours.Length) + s_colours.Length) % s_colours.Length];
}
