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
                names[i] = Qualified(Path.GetDirectoryName(Path.GetFullPath(stores[i].Path))!, names[i]) ?? names[i];
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

    /// <summary>A run's name after the name of the folder that holds its run folder, a sweep's <c>runs</c> folder
    /// skipped ("figure2-beta/hopper-mede4-seed0"): the name <see cref="Distinct"/> gives runs that share a name; null
    /// when the run folder sits at the file system's root.</summary>
    /// <param name="runFolder">The run folder (or digest folder).</param>
    /// <param name="name">The run's name.</param>
    public static string? Qualified(string runFolder, string name)
    {
        string? holder = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runFolder)));
        if (holder is not null && Path.GetFileName(holder) == "runs")
        {
            holder = Path.GetDirectoryName(holder);
        }

        return holder is null || Path.GetFileName(holder).Length == 0 ? null : $"{Path.GetFileName(holder)}/{name}";
    }
}
