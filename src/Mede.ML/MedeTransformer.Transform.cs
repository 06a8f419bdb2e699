using Mede.ML.Data;

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
                builder.AddColumn(column.Name, column.Type);
                passed.Add(column);
            }
        }

        builder.AddColumn(ScoreColumns.PredictedAction, new VectorDataViewType(NumberDataViewType.Single, ActionSize));
        builder.AddColumn(ScoreColumns.AgentScores, new VectorDataViewType(NumberDataViewType.Single, NumberOfAgents));
        builder.AddColumn(ScoreColumns.LogProbability, NumberDataViewType.Single);
        builder.AddColumn(ScoreColumns.Q, NumberDataViewType.Single);
        return new Binding(builder.ToSchema(), [.. passed], observation, action, agent);
    }

    private static void RequireVector(DataViewSchema.Column column, int size, string what)
    {
        if (column.Type is not VectorDataViewType vector || !vector.ItemType.Equals(NumberDataViewType.Single) || vector.Size != size)
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
        DataViewSchema Schema, DataViewSchema.Column[] Passed, DataViewSchema.Column Observation, DataViewSchema.Column? Action, DataViewSchema.Column? Agent);

    private sealed class ScoredDataView(MedeTransformer model, IDataView input, Binding binding) : IDataView
    {
        public DataViewSchema Schema => binding.Schema;

        public bool CanShuffle => false;

        public long? GetRowCount() => input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            ArgumentNullException.ThrowIfNull(columnsNeeded);
            return new ScoredCursor(model, input, binding, columnsNeeded);
        }
    }

    private sealed class ScoredCursor : DataViewRowCursor
    {
        private readonly MedeTransformer _model;
        private readonly Binding _binding;
        private readonly DataViewRowCursor _input;
        private readonly bool[] _active;
        private readonly ValueGetter<VBuffer<float>>? _getObservation;
        private readonly ValueGetter<VBuffer<float>>? _getAction;
        private readonly ValueGetter<int>? _getAgent;
        private readonly float[] _predicted;
        private readonly float[] _scores;
        private VBuffer<float> _observation;
        private VBuffer<float> _action;
        private float _logProbability;
        private float _q;
        private long _scoredPosition = -1;

        public ScoredCursor(MedeTransformer model, IDataView input, Binding binding, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _model = model;
            _binding = binding;
            _active = new bool[binding.Schema.Count];
            var inputColumns = new HashSet<int>();
            bool scores = false;
            foreach (DataViewSchema.Column column in columnsNeeded)
            {
                if (column.Index < 0 || column.Index >= _active.Length)
                {
                    continue;
                }

                _active[column.Index] = true;
                if (column.Index < binding.Passed.Length)
                {
                    inputColumns.Add(binding.Passed[column.Index].Index);
                }
                else
                {
                    scores = true;
                }
            }

            if (scores)
            {
                inputColumns.Add(binding.Observation.Index);
                if (binding.Action is { } action)
                {
                    inputColumns.Add(action.Index);
                }

                if (binding.Agent is { } agent)
                {
                    inputColumns.Add(agent.Index);
                }
            }

            _input = input.GetRowCursor(input.Schema.Where(c => inputColumns.Contains(c.Index)));
            if (scores)
            {
                _getObservation = _input.GetGetter<VBuffer<float>>(binding.Observation);
                _getAction = binding.Action is { } action ? _input.GetGetter<VBuffer<float>>(action) : null;
                _getAgent = binding.Agent is { } agent ? _input.GetGetter<int>(agent) : null;
            }

            _predicted = new float[model.ActionSize];
            _scores = new float[model.NumberOfAgents];
        }

        public override DataViewSchema Schema => _binding.Schema;

        public override long Position => _input.Position;

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index >= 0 && column.Index < _active.Length && _active[column.Index];

        public override bool MoveNext() => _input.MoveNext();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            int passed = _binding.Passed.Length;
            if (column.Index < passed)
            {
                return _input.GetGetter<TValue>(_binding.Passed[column.Index]);
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

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }

            base.Dispose(disposing);
        }

        private ValueGetter<VBuffer<float>> VectorGetter(float[] source) => (ref VBuffer<float> value) =>
        {
            EnsureScored();
            float[] destination = value.GetWritableArray(source.Length);
            source.CopyTo(destination, 0);
            value = new VBuffer<float>(source.Length, destination);
        };

        private void EnsureScored()
        {
            long position = _input.Position;
            if (position < 0)
            {
                throw new InvalidOperationException("The cursor is not on a row; call MoveNext and read only while it returns true.");
            }

            if (position == _scoredPosition)
            {
                return;
            }

            _getObservation!(ref _observation);
            ReadOnlySpan<float> action = default;
            if (_getAction is not null)
            {
                _getAction(ref _action);
                action = _action.GetValues();
            }

            int agent = 0;
            _getAgent?.Invoke(ref agent);
            if ((uint)agent >= (uint)_model.NumberOfAgents)
            {
                throw new InvalidOperationException(
                    $"Row {position + 1}, column '{TrajectoryColumns.Agent}': agent {agent} is outside [0, {_model.NumberOfAgents}); the model has {_model.NumberOfAgents} agent(s).");
            }

            _model.Score(_observation.GetValues(), agent, action, _predicted, _scores, out _logProbability, out _q);
            _scoredPosition = position;
        }
    }
}
