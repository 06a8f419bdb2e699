using System.Globalization;

namespace Mede.ML.Training;

/// <summary>
/// Appends metrics to <c>metrics.csv</c> (step,name,agent,value) and episodes to <c>episodes.csv</c> in a run folder.
/// Each line goes to the file in one write call (no buffering that could split it), so a process killed at any
/// moment leaves only whole lines; <see cref="Flush"/> makes them durable. The <see cref="Position"/> is the two file
/// lengths; on resume <see cref="Rewind"/> cuts the files back to the lengths a checkpoint stored, so no row is
/// duplicated.
/// </summary>
public sealed class CsvTrainingRecorder : ITrainingRecorder, IDisposable
{
    private const string MetricsHeader = "step,name,agent,value";
    private const string EpisodesHeader = "step,agent,index,return,length,terminated,goal";
    private FileStream _metrics;
    private FileStream _episodes;

    /// <summary>Opens (or creates) the two files in <paramref name="folder"/>.</summary>
    public CsvTrainingRecorder(string folder)
    {
        Directory.CreateDirectory(folder);
        MetricsPath = Path.Combine(folder, "metrics.csv");
        EpisodesPath = Path.Combine(folder, "episodes.csv");
        _metrics = Open(MetricsPath, MetricsHeader);
        _episodes = Open(EpisodesPath, EpisodesHeader);
    }

    /// <summary>Path of the metrics file.</summary>
    public string MetricsPath { get; }

    /// <summary>Path of the episodes file.</summary>
    public string EpisodesPath { get; }

    /// <inheritdoc />
    public void RecordMetric(long step, string name, int? agent, double value) =>
        WriteLine(_metrics, string.Create(CultureInfo.InvariantCulture, $"{step},{name},{agent?.ToString(CultureInfo.InvariantCulture) ?? string.Empty},{value:R}"));

    /// <inheritdoc />
    public void RecordEpisode(EpisodeRecord episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        WriteLine(_episodes, string.Create(CultureInfo.InvariantCulture,
            $"{episode.Step},{episode.Agent},{episode.Index},{episode.Return:R},{episode.Length},{(episode.Terminated ? 1 : 0)},{episode.GoalReached}"));
    }

    /// <inheritdoc />
    public void Flush()
    {
        _metrics.Flush(flushToDisk: true);
        _episodes.Flush(flushToDisk: true);
    }

    /// <summary>The lengths of <c>metrics.csv</c> and <c>episodes.csv</c>, in bytes.</summary>
    public IReadOnlyList<long> Position => [_metrics.Length, _episodes.Length];

    /// <summary>Cuts both files back to the lengths in <paramref name="position"/> (rows written after a checkpoint
    /// are dropped, since the resumed run writes them again). An empty position (a checkpoint written without this
    /// recorder) changes nothing.</summary>
    public void Rewind(IReadOnlyList<long> position)
    {
        ArgumentNullException.ThrowIfNull(position);
        if (position.Count == 0)
        {
            return;
        }

        if (position.Count != 2 || position[0] < 0 || position[1] < 0)
        {
            throw new InvalidDataException($"A CSV recorder position is two non-negative lengths; got [{string.Join(", ", position)}].");
        }

        _metrics.Dispose();
        _episodes.Dispose();
        Cut(MetricsPath, position[0]);
        Cut(EpisodesPath, position[1]);
        _metrics = Open(MetricsPath, MetricsHeader);
        _episodes = Open(EpisodesPath, EpisodesHeader);

        static void Cut(string path, long length)
        {
            if (File.Exists(path) && new FileInfo(path).Length > length)
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
                stream.SetLength(length);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _metrics.Dispose();
        _episodes.Dispose();
    }

    private static FileStream Open(string path, string header)
    {
        bool fresh = !File.Exists(path) || new FileInfo(path).Length == 0;
        // bufferSize 0: every Write is one write(2) to the file, whole lines only.
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        if (fresh)
        {
            WriteLine(stream, header);
        }

        return stream;
    }

    private static void WriteLine(FileStream stream, string line) => stream.Write(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
}
