namespace Mede.ML.Data;

/// <summary>
/// Collects transitions row by row into columnar arrays and makes <see cref="TrajectoryDataView"/>s of them.
/// Every row is checked as it is added (sizes, finite values, one end flag, consecutive steps per episode).
/// </summary>
public sealed class TrajectoryBuilder
{
    private readonly TrajectoryRowValidator _validator = new();
    private float[] _observations;
    private float[] _actions;
    private float[] _rewards;
    private float[] _nextObservations;
    private bool[] _terminated;
    private bool[] _truncated;
    private int[] _agents;
    private long[] _episodes;
    private int[] _steps;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="observationSize">The observation size, at least 1.</param>
    /// <param name="actionSize">The action size, at least 1.</param>
    /// <param name="capacity">The number of rows to make room for up front.</param>
    public TrajectoryBuilder(int observationSize, int actionSize, int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(observationSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ObservationSize = observationSize;
        ActionSize = actionSize;
        _observations = new float[capacity * observationSize];
        _actions = new float[capacity * actionSize];
        _rewards = new float[capacity];
        _nextObservations = new float[capacity * observationSize];
        _terminated = new bool[capacity];
        _truncated = new bool[capacity];
        _agents = new int[capacity];
        _episodes = new long[capacity];
        _steps = new int[capacity];
    }

    /// <summary>The observation size.</summary>
    public int ObservationSize { get; }

    /// <summary>The action size.</summary>
    public int ActionSize { get; }

    /// <summary>The number of rows added.</summary>
    public int Count { get; private set; }

    /// <summary>Appends one transition (s_t, a_t, r_t, s_{t+1}) with its flags and ids.</summary>
    /// <param name="observation">s_t, <see cref="ObservationSize"/> values.</param>
    /// <param name="action">a_t, <see cref="ActionSize"/> values.</param>
    /// <param name="reward">r_t.</param>
    /// <param name="nextObservation">s_{t+1}, <see cref="ObservationSize"/> values.</param>
    /// <param name="terminated">True when s_{t+1} is terminal.</param>
    /// <param name="truncated">True when the episode was cut short at s_{t+1}.</param>
    /// <param name="agent">The agent (skill) that acted.</param>
    /// <param name="episode">The episode id.</param>
    /// <param name="step">The 0-based step t; one more than the episode's previous row.</param>
    /// <exception cref="ArgumentException">A vector has the wrong length, a value is not finite, both flags are
    /// set, or the step does not follow the episode's previous step; the message names the row and column.</exception>
    public void Add(
        ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float reward, ReadOnlySpan<float> nextObservation,
        bool terminated, bool truncated, int agent, long episode, int step)
    {
        CheckLength(observation, ObservationSize, "observation", nameof(observation));
        CheckLength(action, ActionSize, "action", nameof(action));
        CheckLength(nextObservation, ObservationSize, "observation", nameof(nextObservation));
        if (_validator.Check(observation, action, reward, nextObservation, terminated, truncated, agent, episode, step) is { } issue)
        {
            var item = issue.Item >= 0 ? $" item {issue.Item}" : string.Empty;
            throw new ArgumentException($"Row {Count + 1}, column '{issue.Column}'{item}: {issue.Problem}");
        }

        AddValidated(observation, action, reward, nextObservation, terminated, truncated, agent, episode, step);
    }

    /// <summary>Makes a view of the rows added so far (a copy: the builder may go on).</summary>
    public TrajectoryDataView ToDataView() => new(
        ObservationSize, ActionSize, Count,
        _observations[..(Count * ObservationSize)], _actions[..(Count * ActionSize)], _rewards[..Count],
        _nextObservations[..(Count * ObservationSize)], _terminated[..Count], _truncated[..Count],
        _agents[..Count], _episodes[..Count], _steps[..Count]);

    /// <summary>Removes every row and forgets the episodes seen.</summary>
    public void Clear()
    {
        Count = 0;
        _validator.Clear();
    }

    /// <summary>Appends a row the caller has checked with its own <see cref="TrajectoryRowValidator"/>.</summary>
    internal void AddValidated(
        ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float reward, ReadOnlySpan<float> nextObservation,
        bool terminated, bool truncated, int agent, long episode, int step)
    {
        if (Count == _rewards.Length)
        {
            Grow();
        }

        var row = Count;
        observation.CopyTo(_observations.AsSpan(row * ObservationSize, ObservationSize));
        action.CopyTo(_actions.AsSpan(row * ActionSize, ActionSize));
        _rewards[row] = reward;
        nextObservation.CopyTo(_nextObservations.AsSpan(row * ObservationSize, ObservationSize));
        _terminated[row] = terminated;
        _truncated[row] = truncated;
        _agents[row] = agent;
        _episodes[row] = episode;
        _steps[row] = step;
        Count = row + 1;
    }

    private void Grow()
    {
        var capacity = Math.Max(16, _rewards.Length * 2);
        Array.Resize(ref _observations, capacity * ObservationSize);
        Array.Resize(ref _actions, capacity * ActionSize);
        Array.Resize(ref _rewards, capacity);
        Array.Resize(ref _nextObservations, capacity * ObservationSize);
        Array.Resize(ref _terminated, capacity);
        Array.Resize(ref _truncated, capacity);
        Array.Resize(ref _agents, capacity);
        Array.Resize(ref _episodes, capacity);
        Array.Resize(ref _steps, capacity);
    }

    private static void CheckLength(ReadOnlySpan<float> values, int size, string what, string parameter)
    {
        if (values.Length != size)
        {
            throw new ArgumentException(
                $"{parameter} has {values.Length} values but the {what} size is {size}; pass exactly {size}.", parameter);
        }
    }
}
