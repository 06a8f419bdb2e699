using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mede.ML.Data;

/// <summary>
/// An in-memory, immutable, columnar trajectory table with the trajectory schema (<see cref="TrajectorySchema"/>):
/// one array per column, vectors stored row-major, read through cursors like any data view or in bulk through the
/// typed spans. Make one with <see cref="TrajectoryBuilder"/>, <see cref="From"/> or
/// <c>MLContext.Data.LoadTrajectoriesFromCsv</c>; every row has passed the trajectory checks.
/// </summary>
public sealed class TrajectoryDataView : IDataView
{
    private readonly float[] _observations;
    private readonly float[] _actions;
    private readonly float[] _rewards;
    private readonly float[] _nextObservations;
    private readonly bool[] _terminated;
    private readonly bool[] _truncated;
    private readonly int[] _agents;
    private readonly long[] _episodes;
    private readonly int[] _steps;

    internal TrajectoryDataView(
        int observationSize, int actionSize, int rowCount,
        float[] observations, float[] actions, float[] rewards, float[] nextObservations,
        bool[] terminated, bool[] truncated, int[] agents, long[] episodes, int[] steps)
    {
        ObservationSize = observationSize;
        ActionSize = actionSize;
        RowCount = rowCount;
        Schema = TrajectorySchema.Create(observationSize, actionSize);
        _observations = observations;
        _actions = actions;
        _rewards = rewards;
        _nextObservations = nextObservations;
        _terminated = terminated;
        _truncated = truncated;
        _agents = agents;
        _episodes = episodes;
        _steps = steps;
    }

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <summary>False: rows come in the order they were added.</summary>
    public bool CanShuffle => false;

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The observation size (the length of every Observation and NextObservation).</summary>
    public int ObservationSize { get; }

    /// <summary>The action size.</summary>
    public int ActionSize { get; }

    /// <summary>Every Observation, row-major: row i is at <c>[i * ObservationSize, (i + 1) * ObservationSize)</c>.</summary>
    public ReadOnlySpan<float> Observations => _observations;

    /// <summary>Every Action, row-major: row i is at <c>[i * ActionSize, (i + 1) * ActionSize)</c>.</summary>
    public ReadOnlySpan<float> Actions => _actions;

    /// <summary>Every Reward.</summary>
    public ReadOnlySpan<float> Rewards => _rewards;

    /// <summary>Every NextObservation, row-major like <see cref="Observations"/>.</summary>
    public ReadOnlySpan<float> NextObservations => _nextObservations;

    /// <summary>Every Terminated flag.</summary>
    public ReadOnlySpan<bool> Terminated => _terminated;

    /// <summary>Every Truncated flag.</summary>
    public ReadOnlySpan<bool> Truncated => _truncated;

    /// <summary>Every Agent.</summary>
    public ReadOnlySpan<int> Agents => _agents;

    /// <summary>Every Episode id.</summary>
    public ReadOnlySpan<long> Episodes => _episodes;

    /// <summary>Every Step.</summary>
    public ReadOnlySpan<int> Steps => _steps;

    /// <summary>The Observation of row <paramref name="row"/>.</summary>
    /// <param name="row">The 0-based row.</param>
    public ReadOnlySpan<float> GetObservation(int row) => _observations.AsSpan(CheckRow(row) * ObservationSize, ObservationSize);

    /// <summary>The Action of row <paramref name="row"/>.</summary>
    /// <param name="row">The 0-based row.</param>
    public ReadOnlySpan<float> GetAction(int row) => _actions.AsSpan(CheckRow(row) * ActionSize, ActionSize);

    /// <summary>The NextObservation of row <paramref name="row"/>.</summary>
    /// <param name="row">The 0-based row.</param>
    public ReadOnlySpan<float> GetNextObservation(int row) => _nextObservations.AsSpan(CheckRow(row) * ObservationSize, ObservationSize);

    /// <summary>The number of rows, always known.</summary>
    public long? GetRowCount() => RowCount;

    /// <summary>A cursor over the rows in order (<paramref name="rand"/> is ignored: the view does not shuffle).</summary>
    /// <param name="columnsNeeded">The columns the caller will read.</param>
    /// <param name="rand">Ignored.</param>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        return new Cursor(this, columnsNeeded);
    }

    /// <summary>One cursor (see <see cref="GetRowCursor"/>); the view is not split for parallel reading.</summary>
    /// <param name="columnsNeeded">The columns the caller will read.</param>
    /// <param name="n">The suggested number of cursors (ignored).</param>
    /// <param name="rand">Ignored.</param>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>
    /// Converts any view with the trajectory columns (others are ignored) into a trajectory view, checking every
    /// row; a trajectory view is returned as it is.
    /// </summary>
    /// <param name="data">The view to convert.</param>
    /// <exception cref="ArgumentException">A trajectory column is missing or of the wrong type; the message names it.</exception>
    /// <exception cref="TrajectoryFormatException">A row breaks a trajectory rule (a value that is not finite, both
    /// end flags, steps that are not consecutive); the exception names the 1-based row and the column.</exception>
    public static TrajectoryDataView From(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data is TrajectoryDataView trajectories)
        {
            return trajectories;
        }

        var (columns, observationSize, actionSize) = TrajectorySchema.Check(data.Schema);
        var capacity = (int)Math.Min(data.GetRowCount() ?? 0, 1 << 20);
        TrajectoryBuilder? builder = observationSize > 0 && actionSize > 0 ? new TrajectoryBuilder(observationSize, actionSize, capacity) : null;
        var validator = new TrajectoryRowValidator();
        using var cursor = data.GetRowCursor(columns);
        var getObservation = cursor.GetGetter<VBuffer<float>>(columns[TrajectorySchema.ObservationIndex]);
        var getAction = cursor.GetGetter<VBuffer<float>>(columns[TrajectorySchema.ActionIndex]);
        var getReward = cursor.GetGetter<float>(columns[TrajectorySchema.RewardIndex]);
        var getNextObservation = cursor.GetGetter<VBuffer<float>>(columns[TrajectorySchema.NextObservationIndex]);
        var getTerminated = cursor.GetGetter<bool>(columns[TrajectorySchema.TerminatedIndex]);
        var getTruncated = cursor.GetGetter<bool>(columns[TrajectorySchema.TruncatedIndex]);
        var getAgent = cursor.GetGetter<int>(columns[TrajectorySchema.AgentIndex]);
        var getEpisode = cursor.GetGetter<long>(columns[TrajectorySchema.EpisodeIndex]);
        var getStep = cursor.GetGetter<int>(columns[TrajectorySchema.StepIndex]);
        VBuffer<float> observation = default, action = default, nextObservation = default;
        float[]? observationScratch = null, actionScratch = null, nextObservationScratch = null;
        float reward = 0;
        bool terminated = false, truncated = false;
        int agent = 0, step = 0;
        long episode = 0;
        while (cursor.MoveNext())
        {
            getObservation(ref observation);
            getAction(ref action);
            getReward(ref reward);
            getNextObservation(ref nextObservation);
            getTerminated(ref terminated);
            getTruncated(ref truncated);
            getAgent(ref agent);
            getEpisode(ref episode);
            getStep(ref step);
            int row = checked((int)cursor.Position + 1);

            // Vectors of unknown size (a DataFrame's) take their size from the first row; every row must then agree.
            builder ??= new TrajectoryBuilder(
                observationSize > 0 ? observationSize : FirstSize(observation.Length, row, TrajectoryColumns.Observation),
                actionSize > 0 ? actionSize : FirstSize(action.Length, row, TrajectoryColumns.Action),
                capacity);
            CheckSize(observation.Length, builder.ObservationSize, row, TrajectoryColumns.Observation);
            CheckSize(action.Length, builder.ActionSize, row, TrajectoryColumns.Action);
            CheckSize(nextObservation.Length, builder.ObservationSize, row, TrajectoryColumns.NextObservation);
            ReadOnlySpan<float> o = Vectors.Dense(observation, ref observationScratch);
            ReadOnlySpan<float> a = Vectors.Dense(action, ref actionScratch);
            ReadOnlySpan<float> next = Vectors.Dense(nextObservation, ref nextObservationScratch);
            var issue = validator.Check(o, a, reward, next, terminated, truncated, agent, episode, step);
            if (issue is { } problem)
            {
                var item = problem.Item >= 0 ? $"item {problem.Item}: " : string.Empty;
                throw new TrajectoryFormatException(null, row, problem.Column, item + problem.Problem);
            }

            builder.AddValidated(o, a, reward, next, terminated, truncated, agent, episode, step);
        }

        if (builder is null)
        {
            throw new ArgumentException(
                $"The data view has no rows, and its vector columns have no known size, so the observation and action sizes are unknown. Give '{TrajectoryColumns.Observation}' and '{TrajectoryColumns.Action}' a fixed size (Vector<Single, n>) or pass at least one row.",
                nameof(data));
        }

        return builder.ToDataView();
    }

    private static int FirstSize(int length, int row, string column) =>
        length > 0 ? length : throw new TrajectoryFormatException(null, row, column, "the vector is empty; observations and actions have at least one value.");

    private static void CheckSize(int length, int expected, int row, string column)
    {
        if (length != expected)
        {
            throw new TrajectoryFormatException(null, row, column, $"the vector has {length} values but the trajectory's {(column == TrajectoryColumns.Action ? "actions have" : "observations have")} {expected}; every row must have the same sizes.");
        }
    }

    private int CheckRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        return row;
    }

    private sealed class Cursor : CheckedCursor
    {
        private readonly TrajectoryDataView _view;
        private readonly bool[] _active;
        private int _row = -1;

        public Cursor(TrajectoryDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _view = view;
            _active = ActiveFlags(view.Schema, columnsNeeded);
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _row;

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index >= 0 && column.Index < _active.Length && _active[column.Index];

        public override bool MoveNext()
        {
            if (_row + 1 >= _view.RowCount)
            {
                _row = _view.RowCount;
                return false;
            }

            _row++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            var view = _view;
            Delegate getter = column.Index switch
            {
                TrajectorySchema.ObservationIndex => VectorGetter(view._observations, view.ObservationSize),
                TrajectorySchema.ActionIndex => VectorGetter(view._actions, view.ActionSize),
                TrajectorySchema.RewardIndex => ScalarGetter(view._rewards),
                TrajectorySchema.NextObservationIndex => VectorGetter(view._nextObservations, view.ObservationSize),
                TrajectorySchema.TerminatedIndex => ScalarGetter(view._terminated),
                TrajectorySchema.TruncatedIndex => ScalarGetter(view._truncated),
                TrajectorySchema.AgentIndex => ScalarGetter(view._agents),
                TrajectorySchema.EpisodeIndex => ScalarGetter(view._episodes),
                _ => ScalarGetter(view._steps),
            };
            return (ValueGetter<TValue>)getter;
        }

        private ValueGetter<T> ScalarGetter<T>(T[] values) => (ref T value) => value = values[CurrentRow()];

        private ValueGetter<VBuffer<float>> VectorGetter(float[] values, int size) => (ref VBuffer<float> value) =>
            Vectors.Write(values.AsSpan(CurrentRow() * size, size), ref value);

        private int CurrentRow() =>
            _row >= 0 && _row < _view.RowCount
                ? _row
                : throw new InvalidOperationException("The cursor is not on a row; call MoveNext and read only while it returns true.");
    }
}
