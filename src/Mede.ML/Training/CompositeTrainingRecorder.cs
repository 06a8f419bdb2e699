namespace Mede.ML.Training;

/// <summary>Feeds several recorders at once (e.g. the CSV files and the run store). Transitions reach the recorders
/// that asked for them; positions are the recorders' positions, concatenated with their lengths.</summary>
public sealed class CompositeTrainingRecorder : ITrainingRecorder
{
    private readonly ITrainingRecorder[] _recorders;

    /// <summary>Combines <paramref name="recorders"/> (in order).</summary>
    public CompositeTrainingRecorder(params ITrainingRecorder[] recorders)
    {
        ArgumentNullException.ThrowIfNull(recorders);
        _recorders = [.. recorders];
        int interval = 0;
        foreach (ITrainingRecorder recorder in _recorders)
        {
            int own = recorder.TransitionEpisodeInterval;
            interval = own <= 0 ? interval : interval == 0 ? own : Gcd(interval, own);
        }

        TransitionEpisodeInterval = interval;
    }

    /// <inheritdoc />
    public int TransitionEpisodeInterval { get; }

    /// <inheritdoc />
    public void RecordMetric(long step, string name, int? agent, double value)
    {
        foreach (ITrainingRecorder recorder in _recorders)
        {
            recorder.RecordMetric(step, name, agent, value);
        }
    }

    /// <inheritdoc />
    public void RecordEpisode(EpisodeRecord episode)
    {
        foreach (ITrainingRecorder recorder in _recorders)
        {
            recorder.RecordEpisode(episode);
        }
    }

    /// <inheritdoc />
    public void RecordTransition(TransitionRecord transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        foreach (ITrainingRecorder recorder in _recorders)
        {
            int own = recorder.TransitionEpisodeInterval;
            if (own > 0 && transition.Episode % own == 0)
            {
                recorder.RecordTransition(transition);
            }
        }
    }

    /// <inheritdoc />
    public void Flush()
    {
        foreach (ITrainingRecorder recorder in _recorders)
        {
            recorder.Flush();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<long> Position
    {
        get
        {
            var position = new List<long>();
            foreach (ITrainingRecorder recorder in _recorders)
            {
                IReadOnlyList<long> own = recorder.Position;
                position.Add(own.Count);
                position.AddRange(own);
            }

            return position;
        }
    }

    /// <inheritdoc />
    public void Rewind(IReadOnlyList<long> position)
    {
        ArgumentNullException.ThrowIfNull(position);
        int at = 0;
        foreach (ITrainingRecorder recorder in _recorders)
        {
            if (at >= position.Count)
            {
                // The checkpoint was written without this recorder (it was added later): nothing to rewind to.
                recorder.Rewind([]);
                continue;
            }

            int count = checked((int)position[at]);
            if (count < 0 || at + 1 + count > position.Count)
            {
                throw new InvalidDataException($"The recorder position is malformed at value {at} (count {count} of {position.Count}).");
            }

            recorder.Rewind([.. position.Skip(at + 1).Take(count)]);
            at += 1 + count;
        }
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
