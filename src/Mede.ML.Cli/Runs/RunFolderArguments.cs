namespace Mede.ML.Cli.Runs;

/// <summary>The run folders a command's arguments stand for (<c>mede report</c>, <c>mede diversity</c>): each folder
/// must exist, a sweep folder (mede sweep --out) stands for the run folders of its cells that have a run store, and
/// a run named twice is counted once.</summary>
internal static class RunFolderArguments
{
    /// <exception cref="UsageException">A folder does not exist, or is a sweep none of whose runs has a store yet.</exception>
    public static string[] Resolve(IEnumerable<string> given)
    {
        var folders = new List<string>();
        foreach (string folder in given)
        {
            if (!Directory.Exists(folder))
            {
                throw new UsageException($"{folder}: no such run folder.");
            }

            folders.AddRange(Expand(folder));
        }

        // A folder named twice (runs/a and runs/a/, or a path and its symlink-free equivalent) is one run, not two seeds.
        string[] distinct = folders
            .DistinctBy(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f)), StringComparer.Ordinal)
            .ToArray();
        if (distinct.Length < folders.Count)
        {
            Console.Error.WriteLine($"warning: {folders.Count - distinct.Length} run folder(s) were given more than once; each run is counted once.");
        }

        return distinct;
    }

    /// <summary>A sweep folder stands for the run folders of its cells that have a run store; any other folder for itself.</summary>
    private static IEnumerable<string> Expand(string folder)
    {
        string runs = Path.Combine(folder, "runs");
        if (!File.Exists(Path.Combine(folder, Sweeps.SweepFolder.DefinitionFile)) || !Directory.Exists(runs))
        {
            return [folder];
        }

        string[] cells = Directory.GetDirectories(runs).Where(d => File.Exists(Path.Combine(d, "run.db"))).Order(StringComparer.Ordinal).ToArray();
        if (cells.Length == 0)
        {
            throw new UsageException($"{folder}: a sweep folder, but none of its runs has a run store yet (runs/*/run.db).");
        }

        return cells;
    }
}
