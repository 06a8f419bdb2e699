using Mede.ML.Evaluation;

namespace Mede.ML.Training;

/// <summary>
/// Where a training run reports metrics, finished episodes and (for the episodes it asks for) transitions.
/// Mede.ML writes CSV itself (<see cref="CsvTrainingRecorder"/>); the run store of Mede.ML.Analysis plugs in here
/// too, and <see cref="CompositeTrainingRecorder"/> feeds several at once.
/// </summary>
/// <remarks>
/// A recorder survives a resumed run through <see cref="Position"/> and <see cref="Rewind"/>: a checkpoint stores the
/// position reached at its <see cref="Flush"/>, and a run resumed from it rewinds the recorder there first, so rows
/// written after the checkpoint (which the resumed run writes again) are not duplicated.
/// </remarks>
public interface ITrainingRecorder : IRolloutRecorder
{
    /// <summary>One named value at an environment step, for one agent or (agent null) for the run.</summary>
    void RecordMetric(long step, string name, int? agent, double value);

    /// <summary>Makes everything recorded so far durable (called before each checkpoint).</summary>
    void Flush();

    /// <summary>Every how many episodes of each agent a training episode is recorded step by step through
    /// <see cref="IRolloutRecorder.RecordTransition"/> (episodes 0, N, 2N, ...); 0 records none.</summary>
    int TransitionEpisodeInterval => 0;

    /// <inheritdoc />
    void IRolloutRecorder.RecordTransition(TransitionRecord transition)
    {
    }

    /// <summary>Where the recorder stands after a <see cref="Flush"/> (file lengths, row ids), stored in checkpoints.</summary>
    IReadOnlyList<long> Position => [];

    /// <summary>Drops whatever was recorded after <paramref name="position"/> (a value of <see cref="Position"/>).</summary>
    void Rewind(IReadOnlyList<long> position)
    {
    }
}
