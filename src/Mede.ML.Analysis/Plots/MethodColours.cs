namespace Mede.ML.Analysis.Plots;

/// <summary>
/// One colour per method across every comparison chart: MEDE blue, DIAYN orange, SAC black (the SAC paths of the
/// paper's Figure 1 are black). A chart's label names the algorithm first ("MEDE", "MEDE (4)",
/// "MEDE + DiscriminatorWeight 3.33"), and may end in a facet after a comma ("MEDE (4), lowest agent"). The facets of one
/// method share its colour and are told apart by dashes (the first in order solid). The first method of a known algorithm
/// takes that algorithm's colour, so "MEDE (4)" is as blue as "MEDE" in the next chart; another method of the same
/// algorithm ("MEDE (10)" beside "MEDE (4)") and any unknown algorithm take the next unused palette colour.
/// </summary>
internal static class MethodColours
{
    private static readonly string[] s_known = ["MEDE", "DIAYN", "SAC"];
    private static readonly int[] s_knownColours = [0, 1, 7];
    private const string FacetSeparator = ", ";

    /// <summary>The labels in chart order: by algorithm (MEDE, DIAYN, SAC, then the rest in ordinal order), then by
    /// method and facet in ordinal order.</summary>
    /// <param name="labels">The chart's labels; a label given twice counts once.</param>
    public static IReadOnlyList<string> Order(IEnumerable<string> labels) =>
        [.. labels.Distinct(StringComparer.Ordinal)
            .OrderBy(l => Rank(Algorithm(l)))
            .ThenBy(l => Algorithm(l), StringComparer.Ordinal)
            .ThenBy(Method, StringComparer.Ordinal)
            .ThenBy(l => l, StringComparer.Ordinal)];

    /// <summary>Colours for <paramref name="ordered"/> (from <see cref="Order"/>), one per method: a label's facets
    /// share it.</summary>
    /// <param name="ordered">The labels in chart order.</param>
    public static IReadOnlyDictionary<string, string> For(IReadOnlyList<string> ordered)
    {
        var byMethod = new Dictionary<string, string>(StringComparer.Ordinal);
        var takenAlgorithms = new HashSet<string>(StringComparer.Ordinal);
        int others = 0;
        foreach (string method in ordered.Select(Method).Distinct(StringComparer.Ordinal))
        {
            string algorithm = Algorithm(method);
            int known = Array.IndexOf(s_known, algorithm);
            byMethod[method] = known >= 0 && takenAlgorithms.Add(algorithm)
                ? Palette.Colour(s_knownColours[known])
                : Palette.Colour(2 + others++);
        }

        return ordered.Distinct(StringComparer.Ordinal).ToDictionary(l => l, l => byMethod[Method(l)], StringComparer.Ordinal);
    }

    /// <summary>The dash pattern of each label in <paramref name="ordered"/>: null (solid) for a method's first label,
    /// <see cref="Series.Dashed"/> for its later facets.</summary>
    /// <param name="ordered">The labels in chart order (from <see cref="Order"/>).</param>
    public static IReadOnlyDictionary<string, string?> Dashes(IReadOnlyList<string> ordered)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return ordered.Distinct(StringComparer.Ordinal).ToDictionary(l => l, l => seen.Add(Method(l)) ? null : Series.Dashed, StringComparer.Ordinal);
    }

    /// <summary>The label of one facet of a method's line ("MEDE (4), lowest agent"): drawn in the method's colour.</summary>
    internal static string WithFacet(string method, string facet) => method + FacetSeparator + facet;

    /// <summary>The method a label draws: the label without its facet ("MEDE (4)" of "MEDE (4), lowest agent").</summary>
    internal static string Method(string label)
    {
        int comma = label.IndexOf(FacetSeparator, StringComparison.Ordinal);
        return comma < 0 ? label : label[..comma];
    }

    /// <summary>The algorithm a label names first ("MEDE" of "MEDE (4)" or "MEDE + DiscriminatorWeight 3.33").</summary>
    internal static string Algorithm(string label)
    {
        int end = label.IndexOfAny([' ', ',', '(']);
        return end < 0 ? label : label[..end];
    }

    private static int Rank(string algorithm)
    {
        int known = Array.IndexOf(s_known, algorithm);
        return known >= 0 ? known : s_known.Length;
    }
}
