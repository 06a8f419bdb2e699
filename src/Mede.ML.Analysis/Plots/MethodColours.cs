namespace Mede.ML.Analysis.Plots;

/// <summary>One colour per method across every comparison chart: MEDE blue, DIAYN orange, SAC black (the SAC paths
/// of the paper's Figure 1 are black); any other method the next unused palette colour.</summary>
internal static class MethodColours
{
    private static readonly string[] s_known = ["MEDE", "DIAYN", "SAC"];

    /// <summary>The methods in chart order: MEDE, DIAYN, SAC, then the rest in ordinal order.</summary>
    public static IReadOnlyList<string> Order(IEnumerable<string> methods)
    {
        var distinct = methods.Distinct(StringComparer.Ordinal).ToList();
        return [.. s_known.Where(distinct.Contains), .. distinct.Except(s_known, StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The colour of <paramref name="method"/>; <paramref name="others"/> numbers the methods that are not
    /// known, in chart order.</summary>
    public static string Colour(string method, int others) => method switch
    {
        "MEDE" => Palette.Colour(0),
        "DIAYN" => Palette.Colour(1),
        "SAC" => Palette.Colour(7),
        _ => Palette.Colour(2 + others),
    };

    /// <summary>Colours for <paramref name="ordered"/> (from <see cref="Order"/>).</summary>
    public static IReadOnlyDictionary<string, string> For(IReadOnlyList<string> ordered)
    {
        var colours = new Dictionary<string, string>(StringComparer.Ordinal);
        int others = 0;
        foreach (string method in ordered)
        {
            colours[method] = Colour(method, s_known.Contains(method) ? 0 : others++);
        }

        return colours;
    }
}
