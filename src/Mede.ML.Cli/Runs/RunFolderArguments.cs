using Mede.ML.Analysis.Reports;
using Mede.ML.Analysis.Store;

namespace Mede.ML.Cli.Runs;

/// <summary>The run folders a command's arguments stand for (<c>mede report</c>, <c>mede diversity</c>): each folder
/// must exist, a sweep folder (mede sweep --out) stands for the run folders of its cells that have a run store, a
/// report folder (mede report --out) for the run digests in its <c>data</c> folder, and a run named twice is counted
/// once: a run folder given beside a report replaces the report's digest of the same name (the run trained further).</summary>
internal static class RunFolderArguments
{
    /// <exception cref="UsageException">A folder does not exist, or is a sweep none of whose runs has a store yet.</exception>
    public static string[] Resolve(IEnumerable<string> given)
    {
        var folders = new List<string>();
        var digests = new List<(string Folder, string Name)>();
        foreach (string folder in given)
        {
            if (!Directory.Exists(folder))
            {
                throw new UsageException($"{folder}: no such run folder.");
            }

            if (ReportDigests(folder) is { } inReport)
            {
                digests.AddRange(inReport);
            }
            else
            {
                folders.AddRange(Expand(folder));
            }
        }

        var names = folders.SelectMany(RunReport.DigestNames).ToHashSet(StringComparer.Ordinal);
        foreach (var (digest, name) in digests)
        {
            if (names.Contains(name))
            {
                Console.Error.WriteLine($"note: {name}: the run folder given replaces the report's digest {digest}.");
            }
            else
            {
                folders.Add(digest);
            }
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

    /// <summary>The digests of a report folder (report.md beside a data folder), each with its name relative to that
    /// folder (<c>hopper-sac-seed0</c>, or <c>holder/name</c> for runs the report told apart by the folder that held them, <see cref="RunReport.DigestNames"/>); null for
    /// any other folder.</summary>
    /// <exception cref="UsageException">A report folder whose data folder holds no digest.</exception>
    private static List<(string Folder, string Name)>? ReportDigests(string folder)
    {
        string data = Path.Combine(folder, RunReport.DataFolder);
        if (!File.Exists(Path.Combine(folder, RunReport.FileName)) || !Directory.Exists(data) || File.Exists(Path.Combine(folder, RunStore.FileName)))
        {
            return null;
        }

        var digests = Directory.EnumerateFiles(data, RunDigest.FileName, SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName)
            .Select(d => (Folder: d!, Name: Path.GetRelativePath(data, d!).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
        return digests.Count > 0 ? digests : throw new UsageException($"{folder}: a report folder, but its {RunReport.DataFolder} folder holds no run digest ({RunDigest.FileName}).");
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
