namespace Mede.ML.Training;

/// <summary>
/// Where a training run reports metrics and finished episodes. Mede.ML writes CSV itself
/// (<see cref="CsvTrainingRecorder"/>); the run store of Mede.ML.Analysis plugs in here too.
/// </summary>
public interface ITrainingRecorder
{
    /// <summary>One named value at an environment step, for one agent or (agent null) for the run.</summary>
    void RecordMetric(long step, string name, int? agent, double value);

    /// <summary>A finished episode.</summary>
    void RecordEpisode(EpisodeRecord episode);

    /// <summary>Makes everything recorded so far durable (called before each checkpoint).</summary>
    void Flush();
}
