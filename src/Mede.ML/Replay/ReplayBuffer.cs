using Mede.ML.Neural;

namespace Mede.ML.Replay;

/// <summary>
/// A fixed-capacity ring of transitions stored as a structure of arrays (one preallocated array per field), with
/// uniform sampling into a reused <see cref="ReplayBatch"/>. Adding and sampling allocate nothing.
/// </summary>
/// <remarks>Memory is the raw data plus a constant: <see cref="BytesPerTransition"/> x capacity. Truncated is kept
/// for the record (and the trajectory views), and for learners that end the backup at time limits
/// (<see cref="ReplayBatch.BootstrapTimeLimits"/>).</remarks>
public sealed class ReplayBuffer
{
    private readonly float[] _observations;
    private readonly float[] _actions;
    private readonly float[] _rewards;
    private readonly float[] _nextObservations;
    private readonly bool[] _terminated;
    private readonly bool[] _truncated;
    private readonly int[] _agents;
    private long _added;

    /// <summary>Allocates a buffer for <paramref name="capacity"/> transitions.</summary>
    public ReplayBuffer(int capacity, int observationSize, int actionSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(observationSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionSize, 1);
        Capacity = capacity;
        ObservationSize = observationSize;
        ActionSize = actionSize;
        _observations = new float[(long)capacity * observationSize];
        _actions = new float[(long)capacity * actionSize];
        _rewards = new float[capacity];
        _nextObservations = new float[(long)capacity * observationSize];
        _terminated = new bool[capacity];
        _truncated = new bool[capacity];
        _agents = new int[capacity];
    }

    /// <summary>Maximum number of transitions held; the oldest are overwritten first.</summary>
    public int Capacity { get; }

    /// <summary>Observation length.</summary>
    public int ObservationSize { get; }

    /// <summary>Action length.</summary>
    public int ActionSize { get; }

    /// <summary>Transitions currently held.</summary>
    public int Count => (int)Math.Min(_added, Capacity);

    /// <summary>Transitions ever added.</summary>
    public long TotalAdded => _added;

    /// <summary>Bytes of storage per transition: two observations, an action and a reward as float32, two flags
    /// and the agent index.</summary>
    public int BytesPerTransition => sizeof(float) * (2 * ObservationSize + ActionSize + 1) + 2 * sizeof(bool) + sizeof(int);

    /// <summary>Appends one transition, overwriting the oldest when full.</summary>
    public void Add(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float reward, ReadOnlySpan<float> nextObservation, bool terminated, bool truncated, int agent)
    {
        if (observation.Length != ObservationSize || nextObservation.Length != ObservationSize || action.Length != ActionSize)
        {
            throw new ArgumentException(
                $"Replay buffer: expected observation {ObservationSize} and action {ActionSize} values, got observation {observation.Length}, " +
                $"next observation {nextObservation.Length}, action {action.Length}.");
        }

        int i = (int)(_added % Capacity);
        observation.CopyTo(_observations.AsSpan(i * ObservationSize, ObservationSize));
        action.CopyTo(_actions.AsSpan(i * ActionSize, ActionSize));
        nextObservation.CopyTo(_nextObservations.AsSpan(i * ObservationSize, ObservationSize));
        _rewards[i] = reward;
        _terminated[i] = terminated;
        _truncated[i] = truncated;
        _agents[i] = agent;
        _added++;
    }

    /// <summary>Fills <paramref name="batch"/> with transitions drawn uniformly with replacement.</summary>
    public void Sample(ReplayBatch batch, Generator generator)
    {
        CheckSample(batch, generator);
        int count = Count;
        for (int row = 0; row < batch.BatchSize; row++)
        {
            CopyRow(generator.NextInt(count), batch, row);
        }
    }

    /// <summary>Draws one transition uniformly into row <paramref name="row"/> of <paramref name="batch"/> (one draw of
    /// <paramref name="generator"/>), leaving the other rows as they are: batches mixed from several buffers.</summary>
    public void SampleInto(ReplayBatch batch, int row, Generator generator)
    {
        CheckSample(batch, generator);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, batch.BatchSize);
        CopyRow(generator.NextInt(Count), batch, row);
    }

    private void CheckSample(ReplayBatch batch, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(generator);
        if (Count == 0)
        {
            throw new InvalidOperationException("Cannot sample from an empty replay buffer.");
        }
    }

    /// <summary>Copies held transition <paramref name="i"/> (ring position) into row <paramref name="row"/>.</summary>
    private void CopyRow(int i, ReplayBatch batch, int row)
    {
        if (batch.RecordsEpisodeEnds)
        {
            long ordinal = _added - 1 - ((_added - 1 - i) % Capacity);
            (long end, int length) = TerminatedEpisodeOf(ordinal);
            batch.EpisodeLengthsWritable[row] = length;
            if (length > 0)
            {
                NextObservationAt(end).CopyTo(batch.EpisodeEndsWritable.Slice(row * ObservationSize, ObservationSize));
            }
        }

        int o = ObservationSize, a = ActionSize;
        _observations.AsSpan(i * o, o).CopyTo(batch.Observations.Data.Slice(row * o, o));
        _nextObservations.AsSpan(i * o, o).CopyTo(batch.NextObservations.Data.Slice(row * o, o));
        _actions.AsSpan(i * a, a).CopyTo(batch.Actions.Data.Slice(row * a, a));
        batch.Rewards.Data[row] = _rewards[i];
        batch.NotTerminated.Data[row] = _terminated[i] ? 0f : 1f;
        batch.Bootstraps.Data[row] = _terminated[i] || (_truncated[i] && !batch.BootstrapTimeLimits) ? 0f : 1f;
        batch.AgentsWritable[row] = _agents[i];
    }

    /// <summary>Reads transition <paramref name="index"/> (0 = oldest held).</summary>
    public Transition Get(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The buffer holds {Count} transitions.");
        }

        int i = Position(_added - Count + index);
        return new Transition(
            _observations.AsSpan(i * ObservationSize, ObservationSize).ToArray(),
            _actions.AsSpan(i * ActionSize, ActionSize).ToArray(),
            _rewards[i],
            _nextObservations.AsSpan(i * ObservationSize, ObservationSize).ToArray(),
            _terminated[i],
            _truncated[i],
            _agents[i]);
    }

    /// <summary>Whether the transition added <paramref name="ordinal"/>-th (0 = the first ever added) ended its episode
    /// (terminated or truncated); it must still be held (<c>TotalAdded - Count &lt;= ordinal &lt; TotalAdded</c>).</summary>
    internal bool EndsEpisodeAt(long ordinal)
    {
        int i = Position(ordinal);
        return _terminated[i] || _truncated[i];
    }

    /// <summary>Whether the transition added <paramref name="ordinal"/>-th ended its episode by terminating (not by the
    /// time limit); see <see cref="EndsEpisodeAt"/>.</summary>
    internal bool TerminatesAt(long ordinal) => _terminated[Position(ordinal)];

    /// <summary>The agent of the transition added <paramref name="ordinal"/>-th (see <see cref="EndsEpisodeAt"/>).</summary>
    internal int AgentAt(long ordinal) => _agents[Position(ordinal)];

    /// <summary>The next observation of the transition added <paramref name="ordinal"/>-th (see <see cref="EndsEpisodeAt"/>).</summary>
    internal ReadOnlySpan<float> NextObservationAt(long ordinal) => _nextObservations.AsSpan(Position(ordinal) * ObservationSize, ObservationSize);

    /// <summary>The episode the transition added <paramref name="ordinal"/>-th belongs to, if it is held from its first
    /// transition to one that terminated it: that last transition's ordinal and the episode's length in transitions
    /// (the agent's own, where agents share the buffer). Length 0 when the episode was cut by the time limit, is still
    /// running, or began before the oldest transition held.</summary>
    /// <remarks>Read from the flags and agent labels alone, so it needs no state of its own: a buffer restored from a
    /// checkpoint answers as the saved one did. Walks the episode both ways (its length times the agents sharing the
    /// buffer), so only the rows of batches that ask for it (<see cref="ReplayBatch.RecordsEpisodeEnds"/>) pay.</remarks>
    internal (long End, int Length) TerminatedEpisodeOf(long ordinal)
    {
        int agent = _agents[Position(ordinal)];
        long oldest = _added - Count;
        long end = ordinal;
        while (true)
        {
            int p = (int)(end % Capacity);
            if (_agents[p] == agent && (_terminated[p] || _truncated[p]))
            {
                if (!_terminated[p])
                {
                    return (-1, 0);
                }

                break;
            }

            if (++end == _added)
            {
                return (-1, 0);
            }
        }

        int length = 0;
        for (long n = end; n >= oldest; n--)
        {
            int p = (int)(n % Capacity);
            if (_agents[p] != agent)
            {
                continue;
            }

            if (n != end && (_terminated[p] || _truncated[p]))
            {
                return (end, length);
            }

            length++;
        }

        // The walk reached the oldest row held: the episode began there only if nothing was ever overwritten.
        return oldest == 0 ? (end, length) : (-1, 0);
    }

    private int Position(long ordinal)
    {
        if (ordinal < _added - Count || ordinal >= _added)
        {
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The buffer holds transitions {_added - Count} to {_added - 1}.");
        }

        return (int)(ordinal % Capacity);
    }

    /// <summary>Writes the held transitions and the ring position.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Capacity);
        writer.Write(ObservationSize);
        writer.Write(ActionSize);
        writer.Write(_added);
        int count = Count;
        WriteFloats(writer, _observations.AsSpan(0, count * ObservationSize));
        WriteFloats(writer, _actions.AsSpan(0, count * ActionSize));
        WriteFloats(writer, _rewards.AsSpan(0, count));
        WriteFloats(writer, _nextObservations.AsSpan(0, count * ObservationSize));
        for (int i = 0; i < count; i++)
        {
            writer.Write((byte)((_terminated[i] ? 1 : 0) | (_truncated[i] ? 2 : 0)));
            writer.Write(_agents[i]);
        }
    }

    /// <summary>Restores what <see cref="Save"/> wrote into a buffer of the same dimensions.</summary>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int capacity = reader.ReadInt32(), observationSize = reader.ReadInt32(), actionSize = reader.ReadInt32();
        if (capacity != Capacity || observationSize != ObservationSize || actionSize != ActionSize)
        {
            throw new InvalidDataException(
                $"Saved replay buffer is {capacity} x (observation {observationSize}, action {actionSize}); this buffer is {Capacity} x ({ObservationSize}, {ActionSize}).");
        }

        _added = reader.ReadInt64();
        int count = Count;
        ReadFloats(reader, _observations.AsSpan(0, count * ObservationSize));
        ReadFloats(reader, _actions.AsSpan(0, count * ActionSize));
        ReadFloats(reader, _rewards.AsSpan(0, count));
        ReadFloats(reader, _nextObservations.AsSpan(0, count * ObservationSize));
        for (int i = 0; i < count; i++)
        {
            byte flags = reader.ReadByte();
            _terminated[i] = (flags & 1) != 0;
            _truncated[i] = (flags & 2) != 0;
            _agents[i] = reader.ReadInt32();
        }
    }

    private static void WriteFloats(BinaryWriter writer, ReadOnlySpan<float> values) =>
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));

    private static void ReadFloats(BinaryReader reader, Span<float> values)
    {
        Span<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values);
        int read = 0;
        while (read < bytes.Length)
        {
            int n = reader.Read(bytes[read..]);
            if (n == 0)
            {
                throw new EndOfStreamException($"Saved replay buffer is truncated ({read} of {bytes.Length} bytes of a field).");
            }

            read += n;
        }
    }
}
