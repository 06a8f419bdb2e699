using Mede.ML.Analysis.Store;

namespace Mede.ML.Analysis.Comparison;

/// <summary>The names that tell runs apart in tables, files and figures: each run's own name, and where two runs share
/// one (the same cell in two sweeps), the folder that holds it before it ("figure2-beta/hopper-mede4-seed0"; a sweep's
/// <c>runs</c> folder is skipped), numbered from the second on if that is not enough.</summary>
internal static class RunNames
{
    /// <summary>One name per run, in order.</summary>
    /// <param name="stores">The runs shown together.</param>
    public static IReadOnlyList<string> Distinct(IReadOnlyList<RunStore> stores)
    {
        var names = stores.Select(s => s.Run.Name).ToList();
        var shared = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            if (shared.Contains(names[i]))
            {
                string? parent = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(stores[i].Path)));
                if (parent is not null && Path.GetFileName(parent) == "runs")
                {
                    parent = Path.GetDirectoryName(parent);
                }

                names[i] = parent is null || Path.GetFileName(parent).Length == 0 ? names[i] : $"{Path.GetFileName(parent)}/{names[i]}";
            }
        }

        // Runs still alike (two folders of one name under one sweep name): numbered from the second on.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            int count = seen[names[i]] = seen.GetValueOrDefault(names[i]) + 1;
            names[i] = count == 1 ? names[i] : $"{names[i]} ({count})";
        }

        return names;
    }
}
