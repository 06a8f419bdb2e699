using System.Globalization;

namespace Mede.ML.Cli.Runs;

/// <summary>Appends timestamped lines to <c>train.log</c> in a run folder, flushed line by line.</summary>
internal sealed class RunLog : IDisposable
{
    private readonly StreamWriter _writer;

    public RunLog(string folder)
    {
        _writer = new StreamWriter(new FileStream(Path.Combine(folder, "train.log"), FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public void Write(string line) =>
        _writer.WriteLine($"{DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} {line}");

    public void Dispose() => _writer.Dispose();
}
