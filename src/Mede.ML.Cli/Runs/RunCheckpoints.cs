using System.Reflection;
using System.Text.Json;
using Mede.ML.Training;

namespace Mede.ML.Cli.Runs;

/// <summary>How the commands choose a run's checkpoint: the newest one whose files match their sizes and checksums
/// (a damaged newer one is reported and passed over), and, for <c>--resume</c>, one that belongs to the run.</summary>
internal static class RunCheckpoints
{
    /// <summary>Options that may differ between a run and its checkpoints: the target moves with <c>--resume --steps</c>,
    /// and the folder is where the checkpoint is, not what it is.</summary>
    private static readonly HashSet<string> s_free = new(StringComparer.Ordinal)
    {
        nameof(TrainingConfiguration.TotalSteps),
        nameof(TrainingConfiguration.CheckpointDirectory),
    };

    private static readonly PropertyInfo[] s_properties = typeof(TrainingConfiguration)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.CanWrite && !s_free.Contains(p.Name))
        .OrderBy(p => p.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>The newest intact checkpoint of <paramref name="runFolder"/> and its manifest, or null when there is
    /// none. A damaged newer checkpoint is named through <paramref name="warn"/>; with <paramref name="setAside"/> (the
    /// writer of the folder) it is renamed <c>damaged-step-N</c> so that it neither outranks nor replaces good ones.</summary>
    /// <remarks>A run that trains while this looks writes new checkpoints and deletes old ones file by file, faster
    /// than a reader may get through the list; a pass that ends without an intact checkpoint while the folder's
    /// checkpoints changed under it is made again (at most <see cref="Passes"/> times), and only the last pass's
    /// warnings are given, so a checkpoint caught half deleted is not reported as damaged.</remarks>
    public static (string Folder, CheckpointManifest Manifest)? Latest(string runFolder, Action<string> warn, bool setAside = false)
    {
        string folder = RunSpecification.CheckpointFolder(runFolder);
        for (int pass = 1; ; pass++)
        {
            string[] before = Listing(folder);
            var warnings = new List<string>();
            var found = Scan(folder, warnings.Add, setAside);
            // The writer (setAside) holds the run's lock, so nothing else changes the folder; its own renames do.
            if (found is not null || setAside || pass == Passes || Listing(folder).SequenceEqual(before, StringComparer.Ordinal))
            {
                warnings.ForEach(warn);
                return found;
            }
        }
    }

    private const int Passes = 5;

    private static string[] Listing(string checkpointFolder) => Directory.Exists(checkpointFolder)
        ? [.. Directory.GetDirectories(checkpointFolder).Order(StringComparer.Ordinal)]
        : [];

    private static (string Folder, CheckpointManifest Manifest)? Scan(string checkpointFolder, Action<string> warn, bool setAside)
    {
        string? damaged = null;
        foreach (string checkpoint in TrainingSession.FindCheckpoints(checkpointFolder))
        {
            CheckpointManifest manifest;
            try
            {
                manifest = TrainingSession.ReadManifest(checkpoint);
            }
            catch (InvalidDataException e)
            {
                damaged ??= checkpoint;
                warn(e.Message + (setAside ? SetAside(checkpoint) : string.Empty));
                continue;
            }
            catch (Exception e) when ((e is IOException or UnauthorizedAccessException) && !Directory.Exists(checkpoint))
            {
                // Pruned by the run's writer while this reader looked: the next one is the newest now.
                continue;
            }

            if (damaged is not null)
            {
                warn($"Using the previous complete checkpoint {checkpoint} (step {manifest.Step:N0}) instead of the damaged {Path.GetFileName(damaged)}.");
            }

            return (checkpoint, manifest);
        }

        return null;
    }

    /// <summary>Refuses a checkpoint that another run wrote, or one written with options that differ from the run's,
    /// naming both sides.</summary>
    /// <exception cref="UsageException">The checkpoint is not this run's.</exception>
    public static void CheckBelongs(RunSpecification spec, string runFolder, string checkpoint, CheckpointManifest manifest)
    {
        string runJson = Path.Combine(runFolder, RunSpecification.FileName);
        if (spec.Id is not null && manifest.Run is not null && !string.Equals(spec.Id, manifest.Run, StringComparison.Ordinal))
        {
            throw new UsageException(
                $"{checkpoint} was written by run {manifest.Run}, but {runJson} is run {spec.Id}: resuming would splice two runs' records. " +
                "Put the checkpoint back into its own run folder (or remove it from this one) and resume again.");
        }

        TrainingConfiguration expected = spec.TrainerOptions();
        var differences = new List<string>();
        foreach (PropertyInfo property in s_properties)
        {
            object? theirs = property.GetValue(manifest.Options);
            if (theirs is null && property.Name is nameof(TrainingConfiguration.Environment) or nameof(TrainingConfiguration.EnvironmentOptions))
            {
                continue; // checkpoints of older versions did not name the environment
            }

            string there = Show(theirs), here = Show(property.GetValue(expected));
            if (!string.Equals(there, here, StringComparison.Ordinal))
            {
                differences.Add($"{property.Name} {there} there, {here} in run.json");
            }
        }

        if (differences.Count > 0)
        {
            throw new UsageException(
                $"{checkpoint} was written with other options than the run in {runFolder}: {string.Join("; ", differences)}. " +
                "Resuming would mix two runs; resume the run the checkpoint belongs to, or start a new run.");
        }
    }

    private static string SetAside(string checkpoint)
    {
        string aside = Path.Combine(Path.GetDirectoryName(checkpoint)!, "damaged-" + Path.GetFileName(checkpoint));
        try
        {
            if (!Directory.Exists(aside))
            {
                Directory.Move(checkpoint, aside);
                return $" It is kept as {aside} for inspection.";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return string.Empty;
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => s,
        Enum e => e.ToString(),
        int[] sizes => string.Join(",", sizes),
        Dictionary<string, string> pairs => "{" + string.Join(",", pairs.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => $"{p.Key.ToLowerInvariant()}={p.Value}")) + "}",
        _ => JsonSerializer.Serialize(value),
    };
}
