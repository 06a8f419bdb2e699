using Mede.ML.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mede.ML;

// Transform: a lazy view that passes the input's columns through and scores each row on demand.
public sealed partial class MedeTransformer
{
    /// <summary>
    /// The input's columns (any named like an output column are replaced, as ML.NET hides them) followed by
    /// PredictedAction (<c>Vector&lt;Single, action size&gt;</c>), AgentScores (<c>Vector&lt;Single, K&gt;</c>),
    /// LogProbability and Q (<c>Single</c>); see <see cref="ScoreColumns"/>.
    /// </summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    /// <exception cref="ArgumentException">Observation is missing or not a vector of Single of the observation size,
    /// Action is not a vector of Single of the action size, or Agent is not Int32; the message names the column.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return Bind(inputSchema).Schema;
    }

    /// <summary>
    /// Scores every row of <paramref name="input"/> lazily (when a cursor reads an output column). For each row it
    /// reads Observation, the optional Action (in the policy's units, [-1, 1]) and the optional Agent (default 0),
    /// and adds: PredictedAction, the deterministic tanh(mean) of the row's agent; AgentScores, log q(z|s,a) for
    /// every z (SAC: <c>[0]</c>); LogProbability, log pi(a|s,z) in the policy's units; and Q, min(Q1, Q2)(s,a,z) —
    /// where a is the row's Action when the view has one and the predicted action otherwise.
    /// </summary>
    /// <param name="input">The rows to score.</param>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type (see <see cref="GetOutputSchema"/>).</exception>
    /// <remarks>Reading a row whose Agent is outside [0, K) throws an <see cref="InvalidOperationException"/> that
    /// names the row and the column.</remarks>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ScoredDataView(this, input, Bind(input.Schema));
    }

    /// <summary>
    /// A row-to-row mapper that scores one row at a time (what <c>ml.Model.CreatePredictionEngine</c> and ML.NET's
    /// chains use); the columns are those of <see cref="GetOutputSchema"/>.
    /// </summary>
    /// <param name="inputSchema">The schema of the rows to score.</param>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type (see <see cref="GetOutputSchema"/>).</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new RowMapper(this, inputSchema, Bind(inputSchema));
    }

    private Binding Bind(DataViewSchema input)
    {
        DataViewSchema.Column observation = input.GetColumnOrNull(TrajectoryColumns.Observation) ?? throw new ArgumentException(
            $"The data view has no column '{TrajectoryColumns.Observation}' (Vector<Single, {ObservationSize}>), which the model reads. Its columns are: {Describe(input)}.",
            nameof(input));
        RequireVector(observation, ObservationSize, "observation");
        DataViewSchema.Column? action = input.GetColumnOrNull(TrajectoryColumns.Action);
        if (action is { } a)
        {
            RequireVector(a, ActionSize, "action");
        }

        DataViewSchema.Column? agent = input.GetColumnOrNull(TrajectoryColumns.Agent);
        if (agent is { } z && !z.Type.Equals(NumberDataViewType.Int32))
        {
            throw new ArgumentException(
                $"Column '{TrajectoryColumns.Agent}' is of type {z.Type} but the model reads the agent as Int32; convert the column or remove it (agent 0 is then scored).",
                nameof(input));
        }

        string[] outputs = [ScoreColumns.PredictedAction, ScoreColumns.AgentScores, ScoreColumns.LogProbability, ScoreColumns.Q];
        var builder = new DataViewSchema.Builder();
        var passed = new List<DataViewSchema.Column>();
        foreach (DataViewSchema.Column column in input)
        {
            if (!outputs.Contains(column.Name, StringComparer.Ordinal))
            {
                builder.AddColumn(column.Name, column.Type, column.Annotations);
                passed.Add(column);
            }
        }

        builder.AddColumn(ScoreColumns.PredictedAction, new VectorDataViewType(NumberDataViewType.Single, ActionSize));
        builder.AddColumn(ScoreColumns.AgentScores, new VectorDataViewType(NumberDataViewType.Single, NumberOfAgents));
        builder.AddColumn(ScoreColumns.LogProbability, NumberDataViewType.Single);
        builder.AddColumn(ScoreColumns.Q, NumberDataViewType.Single);
        return new Binding(input, builder.ToSchema(), [.. passed], observation, action, agent);
    }

    private static void RequireVector(DataViewSchema.Column column, int size, string what)
    {
        // A vector of unknown size (a DataFrame's) is checked row by row when it is read.
        if (column.Type is not VectorDataViewType vector || !vector.ItemType.Equals(NumberDataViewType.Single) || (vector.Size != size && vector.Size != 0))
        {
            throw new ArgumentException(
                $"Column '{column.Name}' is of type {column.Type} but the model reads a Vector<Single, {size}> (the {what} size it was trained with); convert the column or rename it.",
                "input");
        }
    }

    private static string Describe(DataViewSchema schema) =>
        schema.Count == 0 ? "(none)" : string.Join(", ", schema.Select(c => $"'{c.Name}'"));

    /// <summary>How an input schema maps to the output: the passed-through input columns (output index i &lt;
    /// Passed.Length reads input column Passed[i]) and the columns the scores read.</summary>
    private sealed record Binding(
        DataViewSchema Input, DataViewSchema Schema, DataViewSchema.Column[] Passed, DataViewSchema.Column Observation, DataViewSchema.Column? Action, DataViewSchema.Column? Agent);

    private sealed class ScoredDataView(MedeTransformer model, IDataView input, Binding binding) : IDataView
    {
        public DataViewSchema Schema => binding.Schema;

        public bool CanShuffle => input.CanShuffle;

        public long? GetRowCount() => input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            ArgumentNullException.ThrowIfNull(columnsNeeded);
            bool[] active = Active(binding, columnsNeeded, out IEnumerable<DataViewSchema.Column> inputColumns);
            return new ScoredCursor(new RowScorer(model, binding, input.GetRowCursor(inputColumns, rand), active));
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];
    }

    /// <summary>The output columns asked for, and the input columns that computing them needs.</summary>
    private static bool[] Active(Binding binding, IEnumerable<DataViewSchema.Column> columnsNeeded, out IEnumerable<DataViewSchema.Column> inputColumns)
    {
        var active = new bool[binding.Schema.Count];
        var needed = new HashSet<int>();
        bool scores = false;
        foreach (DataViewSchema.Column column in columnsNeeded)
        {
            if (column.Index < 0 || column.Index >= active.Length)
            {
                continue;
            }

            active[column.Index] = true;
            if (column.Index < binding.Passed.Length)
            {
                needed.Add(binding.Passed[column.Index].Index);
            }
            else
            {
                scores = true;
            }
        }

        if (scores)
        {
            needed.Add(binding.Observation.Index);
            if (binding.Action is { } action)
            {
                needed.Add(action.Index);
            }

            if (binding.Agent is { } agent)
            {
                needed.Add(agent.Index);
            }
        }

        inputColumns = binding.Input.Where(c => needed.Contains(c.Index)).ToArray();
        return active;
    }

    /// <summary>The mapper of <see cref="GetRowToRowMapper"/>.</summary>
    private sealed class RowMapper(MedeTransformer model, DataViewSchema inputSchema, Binding binding) : IRowToRowMapper
    {
        public DataViewSchema InputSchema => inputSchema;

        public DataViewSchema OutputSchema => binding.Schema;

        public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
        {
            Active(binding, dependingColumns, out IEnumerable<DataViewSchema.Column> inputColumns);
            return inputColumns;
        }

        public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
        {
            ArgumentNullException.ThrowIfNull(input);
            bool[] active = Active(binding, activeColumns, out _);
            return new ScoredRow(new RowScorer(model, binding, input, active));
        }
    }

    /// <summary>One scored row over an input row (the prediction engine's path).</summary>
    private sealed class ScoredRow(RowScorer scorer) : DataViewRow
    {
        public override DataViewSchema Schema => scorer.Schema;

        public override long Position => scorer.Input.Position;

        public override long Batch => scorer.Input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => scorer.Input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => scorer.IsActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => scorer.GetGetter<TValue>(column);
    }

    /// <summary>The scored rows of a view (the <see cref="Transform"/> path); it owns the input cursor.</summary>
    private sealed class ScoredCursor(RowScorer scorer) : DataViewRowCursor
    {
        private readonly DataViewRowCursor _input = (DataViewRowCursor)scorer.Input;

        public override DataViewSchema Schema => scorer.Schema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => scorer.IsActive(column);

        public override bool MoveNext() => _input.MoveNext();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => scorer.GetGetter<TValue>(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Scores the current row of an input row or cursor once per position, when an output column is read.</summary>
    private sealed class RowScorer
    {
        private readonly MedeTransformer _model;
        private readonly Binding _binding;
        private readonly bool[] _active;
        private readonly ValueGetter<VBuffer<float>>? _getObservation;
        private readonly ValueGetter<VBuffer<float>>? _getAction;
        private readonly ValueGetter<int>? _getAgent;
        private readonly float[] _predicted;
        private readonly float[] _scores;
        private VBuffer<float> _observation;
        private VBuffer<float> _action;
        private float[]? _observationScratch;
        private float[]? _actionScratch;
        private float _logProbability;
        private float _q;
        private long _scoredPosition = -1;
        private bool _scoredOnce;

        // The input a single (non-cursor) row was last scored on.
        private readonly float[] _lastObservation;
        private readonly float[] _lastAction;
        private int _lastActionLength;
        private int _lastAgent;

        public RowScorer(MedeTransformer model, Binding binding, DataViewRow input, bool[] active)
        {
            _model = model;
            _binding = binding;
            _active = active;
            Input = input;
            if (active.Skip(binding.Passed.Length).Any(a => a))
            {
                _getObservation = input.GetGetter<VBuffer<float>>(binding.Observation);
                _getAction = binding.Action is { } action ? input.GetGetter<VBuffer<float>>(action) : null;
                _getAgent = binding.Agent is { } agent ? input.GetGetter<int>(agent) : null;
            }

            _predicted = new float[model.ActionSize];
            _scores = new float[model.NumberOfAgents];
            _lastObservation = new float[model.ObservationSize];
            _lastAction = new float[model.ActionSize];
        }

        public DataViewRow Input { get; }

        public DataViewSchema Schema => _binding.Schema;

        public bool IsActive(DataViewSchema.Column column) =>
            column.Index >= 0 && column.Index < _active.Length && _active[column.Index];

        public ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < 0 || column.Index >= _active.Length || _binding.Schema[column.Index].Name != column.Name)
            {
                throw new InvalidOperationException(
                    $"Column '{column.Name}' (index {column.Index}) does not belong to this schema; take the column from the scored view's Schema.");
            }

            if (!_active[column.Index])
            {
                throw new InvalidOperationException(
                    $"Column '{column.Name}' was not requested when the cursor was made; pass it in columnsNeeded.");
            }

            int passed = _binding.Passed.Length;
            if (column.Index < passed)
            {
                return Input.GetGetter<TValue>(_binding.Passed[column.Index]);
            }

            if (typeof(TValue) != column.Type.RawType)
            {
                throw new InvalidOperationException(
                    $"Column '{column.Name}' holds {column.Type.RawType.Name} values ({column.Type}); ask for a getter of that type, not {typeof(TValue).Name}.");
            }

            Delegate getter = (column.Index - passed) switch
            {
                0 => VectorGetter(_predicted),
                1 => VectorGetter(_scores),
                2 => (ValueGetter<float>)((ref float value) =>
                {
                    EnsureScored();
                    value = _logProbability;
                }),
                _ => (ValueGetter<float>)((ref float value) =>
                {
                    EnsureScored();
                    value = _q;
                }),
            };
            return (ValueGetter<TValue>)getter;
        }

        private ValueGetter<VBuffer<float>> VectorGetter(float[] source) => (ref VBuffer<float> value) =>
        {
            EnsureScored();
            Vectors.Write(source, ref value);
        };

        private void EnsureScored()
        {
            long position = Input.Position;
            if (position < 0)
            {
                throw new InvalidOperationException("The cursor is not on a row; call MoveNext and read only while it returns true.");
            }

            // A cursor's row is scored once per position. A prediction engine's input row may keep its position while
            // its values change, so a single row is scored again only when its input values differ from the last ones.
            bool isCursor = Input is DataViewRowCursor;
            if (_scoredOnce && position == _scoredPosition && isCursor)
            {
                return;
            }

            _getObservation!(ref _observation);
            ReadOnlySpan<float> observation = Vectors.Dense(_observation, ref _observationScratch);
            if (observation.Length != _model.ObservationSize)
            {
                throw new InvalidOperationException(
                    $"Row {position + 1}, column '{TrajectoryColumns.Observation}': the vector has {observation.Length} values but the model reads {_model.ObservationSize}.");
            }

            ReadOnlySpan<float> action = default;
            if (_getAction is not null)
            {
                _getAction(ref _action);
                action = Vectors.Dense(_action, ref _actionScratch);
                if (action.Length != _model.ActionSize)
                {
                    throw new InvalidOperationException(
                        $"Row {position + 1}, column '{TrajectoryColumns.Action}': the vector has {action.Length} values but the model's actions have {_model.ActionSize}.");
                }
            }

            int agent = 0;
            _getAgent?.Invoke(ref agent);
            if ((uint)agent >= (uint)_model.NumberOfAgents)
            {
                throw new InvalidOperationException(
                    $"Row {position + 1}, column '{TrajectoryColumns.Agent}': agent {agent} is outside [0, {_model.NumberOfAgents}); the model has {_model.NumberOfAgents} agent(s).");
            }

            if (!isCursor)
            {
                if (_scoredOnce && agent == _lastAgent && SameBits(observation, _lastObservation) && SameBits(action, _lastAction.AsSpan(0, _lastActionLength)))
                {
                    return;
                }

                observation.CopyTo(_lastObservation);
                action.CopyTo(_lastAction);
                _lastActionLength = action.Length;
                _lastAgent = agent;
            }

            _model.Score(observation, agent, action, _predicted, _scores, out _logProbability, out _q);
            _scoredPosition = position;
            _scoredOnce = true;
        }
    
        /// <summary>Bitwise equality (so NaN inputs compare equal to themselves and -0 differs from 0).</summary>
        private static bool SameBits(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(a).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(b));
    }
}
