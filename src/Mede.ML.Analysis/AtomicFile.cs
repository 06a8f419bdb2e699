namespace Mede.ML.Analysis;

/// <summary>Writes a text file whole or not at all: into a temporary file beside it, then renamed over it, so a reader
/// (or a crash) never sees half a chart or half a report.</summary>
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
}
