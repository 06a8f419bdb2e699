namespace Mede.ML.Analysis;

/// <summary>Writes a text file whole or not at all: into a temporary file beside it, then renamed over it, so a reader
/// (or a crash) never sees half a chart or half a report.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        string temporary = path + ".tmp";
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
