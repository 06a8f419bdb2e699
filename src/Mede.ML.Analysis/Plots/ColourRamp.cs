using System.Globalization;

namespace Mede.ML.Analysis.Plots;

/// <summary>Colour ramps for filled contours: a sequential one (viridis) for values and a diverging one (ColorBrewer
/// RdBu, blue below, white at the middle, red above) for signed differences. Both read in grey and for the common
/// colour-vision deficiencies.</summary>
internal static class ColourRamp
{
    // Viridis (matplotlib) and RdBu reversed (ColorBrewer) at five evenly spaced stops.
    private static readonly (byte R, byte G, byte B)[] s_sequential = [(0x44, 0x01, 0x54), (0x3B, 0x52, 0x8B), (0x21, 0x91, 0x8C), (0x5E, 0xC9, 0x62), (0xFD, 0xE7, 0x25)];
    private static readonly (byte R, byte G, byte B)[] s_diverging = [(0x21, 0x66, 0xAC), (0x67, 0xA9, 0xCF), (0xF7, 0xF7, 0xF7), (0xEF, 0x8A, 0x62), (0xB2, 0x18, 0x2B)];

    /// <summary>The colour at <paramref name="position"/> in [0, 1] (clamped) along the ramp, as #rrggbb.</summary>
    public static string At(double position, bool diverging)
    {
        var stops = diverging ? s_diverging : s_sequential;
        double t = Math.Clamp(double.IsFinite(position) ? position : 0.5, 0, 1) * (stops.Length - 1);
        int i = Math.Min((int)t, stops.Length - 2);
        double f = t - i;
        int Mix(byte a, byte b) => (int)Math.Round(a + (b - a) * f);
        var (r0, g0, b0) = stops[i];
        var (r1, g1, b1) = stops[i + 1];
        return string.Create(CultureInfo.InvariantCulture, $"#{Mix(r0, r1):x2}{Mix(g0, g1):x2}{Mix(b0, b1):x2}");
    }
}
