namespace Mede.ML.Analysis;

/// <summary>Writes a text file (or a folder) whole or not at all: into a temporary file beside it, then renamed over it,
/// so a reader (or a crash) never sees half a chart, half a report or half a run digest.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text) => Write(path, temporary => File.WriteAllText(temporary, text));

    /// <summary>Writes a file that <paramref name="write"/> creates at the path it is given, whole or not at all.</summary>
    public static void Write(string path, Action<string> write)
    {
        string temporary = path + ".tmp";
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes a folder whole or not at all: <paramref name="write"/> fills a new folder beside
    /// <paramref name="path"/>, which then takes the place of the old one (removed after); on failure the old folder
    /// stays and the new one is removed.</summary>
    public static void WriteFolder(string path, Action<string> write)
    {
        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        string building = $"{target}.tmp-{Environment.ProcessId}", previous = $"{target}.old-{Environment.ProcessId}";
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            if (Directory.Exists(building))
            {
                Directory.Delete(building, recursive: true);
            }

            Directory.CreateDirectory(building);
            write(building);
            if (Directory.Exists(target))
            {
                Directory.Move(target, previous);
            }

            Directory.Move(building, target);
            if (Directory.Exists(previous))
            {
                Directory.Delete(previous, recursive: true);
            }
        }
        finally
        {
            if (Directory.Exists(building))
            {
                Directory.Delete(building, recursive: true);
            }

            if (Directory.Exists(previous) && !Directory.Exists(target))
            {
                Directory.Move(previous, target);
            }
        }
    }
}
