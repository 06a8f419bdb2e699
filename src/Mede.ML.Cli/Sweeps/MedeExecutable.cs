using System.Reflection;

namespace Mede.ML.Cli.Sweeps;

/// <summary>How to start <c>mede</c> again: for the local sweep's child processes and the emitted cluster scripts.</summary>
internal static class MedeExecutable
{
    /// <summary>This mede: its app host when it runs as one, else <c>dotnet mede.dll</c> (also when mede runs inside
    /// another host, as in the tests).</summary>
    public static IReadOnlyList<string> Current()
    {
        string? process = Environment.ProcessPath;
        Assembly mede = typeof(MedeExecutable).Assembly;
        bool hosted = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet";
        if (Assembly.GetEntryAssembly() == mede && process is not null && !hosted)
        {
            return [process];
        }

        return [hosted ? process! : "dotnet", mede.Location];
    }

    /// <summary>A command given by the user (<c>--mede-command "dotnet /opt/mede/mede.dll"</c>), split on spaces.</summary>
    public static IReadOnlyList<string> Parse(string commandLine)
    {
        string[] words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            throw new UsageException("--mede-command: empty; give how to start mede, e.g. 'mede' or 'dotnet /opt/mede/mede.dll'.");
        }

        return words;
    }

    /// <summary>One word quoted for bash and sh (single quotes; a quote inside becomes <c>'\''</c>).</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Words quoted and joined for a shell command line.</summary>
    public static string Quote(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
