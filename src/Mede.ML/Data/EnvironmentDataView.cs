using Mede.ML.Environments;
using Mede.ML.Environments.Spaces;
using Mede.ML.Neural;
using Mede.ML.Policies;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mede.ML.Data;

/// <summary>
/// An environment and a behaviour policy seen as a data view of transitions with the trajectory schema
/// (<see cref="TrajectorySchema"/>): each cursor makes (or takes) an environment and rolls it out lazily, one step per
/// <see cref="DataViewRowCursor.MoveNext"/>. Made by <c>Reinforcement().Data.FromEnvironment</c>. When a
/// <see cref="MedeTrainer"/> fits on it, the trainer drives the same environment with its own agents (online).
/// </summary>
/// <remarks>
/// <para>The Action column holds the policy's units, the unit cube [-1, 1]^n (a behaviour policy's action is mapped
/// back from the environment's box), so the rows can pre-fill a trainer's replay buffer as they are. Agent is the
/// behaviour's agent when it is a per-agent policy of a model, else 0. Episodes are numbered from 0 and reset with the
/// view's seed on the first episode of each cursor, so a random or deterministic behaviour gives every cursor the
/// same rows; a sampling behaviour policy continues its own random stream.</para>
/// <para>Making the view creates one environment from the factory to read its spaces, and disposes it at once; it
/// steps nothing. A cursor disposes the environment it made.</para>
/// </remarks>
public sealed class EnvironmentDataView : IDataView
{
    private readonly Func<IEnvironment>? _factory;
    private readonly IEnvironment? _instance;
    private readonly ulong _seed;

    internal EnvironmentDataView(Func<IEnvironment>? factory, IEnvironment? instance, IPolicy? behaviour, long? steps, long? episodes, ulong seed)
    {
        _factory = factory;
        _instance = instance;
        _seed = seed;
        Behaviour = behaviour;
        Steps = steps;
        Episodes = steps is null && episodes is null ? 1 : episodes;
        IEnvironment probe = instance ?? factory!() ?? throw new InvalidOperationException("The environment factory returned null.");
        try
        {
            ObservationSize = probe.ObservationSpace.Dimension;
            ActionSize = probe.ActionSpace.Dimension;
            EnvironmentName = probe.Name;
            if (behaviour is not null && (behaviour.ObservationSize != ObservationSize || behaviour.ActionSize != ActionSize))
            {
                throw new ArgumentException(
                    $"The behaviour policy reads {behaviour.ObservationSize} and writes {behaviour.ActionSize} values, but environment '{probe.Name}' has observations of {ObservationSize} and actions of {ActionSize}.",
                    nameof(behaviour));
            }
        }
        finally
        {
            if (instance is null)
            {
                probe.Dispose();
            }
        }

        Schema = TrajectorySchema.Create(ObservationSize, ActionSize);
    }

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <summary>False: rows come in the order the environment produces them.</summary>
    public bool CanShuffle => false;

    /// <summary>The environment's name.</summary>
    public string EnvironmentName { get; }

    /// <summary>The observation size.</summary>
    public int ObservationSize { get; }

    /// <summary>The action size.</summary>
    public int ActionSize { get; }

    /// <summary>The behaviour policy, or null for uniform random actions.</summary>
    public IPolicy? Behaviour { get; }

    /// <summary>The number of transitions a cursor yields, or null when only <see cref="Episodes"/> bounds it.</summary>
    public long? Steps { get; }

    /// <summary>The number of episodes a cursor yields (its last may be cut by <see cref="Steps"/>), or null.</summary>
    public long? Episodes { get; }

    /// <summary>Makes fresh environments for a trainer's agents, or null when the view wraps one environment object
    /// that cannot be copied.</summary>
    internal Func<IEnvironment>? TrainingFactory => _factory ?? _instance switch
    {
        MultiGoal multiGoal => () => new MultiGoal(multiGoal.Options),
        Pendulum pendulum => () => new Pendulum(pendulum.Options),
        _ => null,
    };

    /// <summary><see cref="Steps"/> when the episodes do not bound the view, else null (unknown before a pass).</summary>
    public long? GetRowCount() => Episodes is null ? Steps : null;

    /// <summary>A cursor that rolls the environment out (<paramref name="rand"/> is ignored: the rows come in the
    /// order the environment produces them).</summary>
    /// <param name="columnsNeeded">The columns the caller will read.</param>
    /// <param name="rand">Ignored.</param>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        return new Cursor(this, columnsNeeded);
    }

    /// <summary>One cursor (see <see cref="GetRowCursor"/>): a rollout is one sequence.</summary>
    /// <param name="columnsNeeded">The columns the caller will read.</param>
    /// <param name="n">The suggested number of cursors (ignored).</param>
    /// <param name="rand">Ignored.</param>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : CheckedCursor
    {
        private readonly EnvironmentDataView _view;
        private readonly bool[] _active;
        private readonly IEnvironment _environment;
        private readonly bool _ownsEnvironment;
        private readonly Generator _random;
        private readonly Box _actionSpace;
        private readonly float[] _observation;
        private readonly float[] _nextObservation;
        private readonly float[] _unitAction;
        private readonly float[] _environmentAction;
        private readonly int _agent;
        private float _reward;
        private bool _terminated;
        private bool _truncated;
        private long _position = -1;
        private long _episode = -1;
        private int _step;
        private bool _needsReset = true;
        private bool _finished;

        public Cursor(EnvironmentDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _view = view;
            _active = ActiveFlags(view.Schema, columnsNeeded);

            _environment = view._instance ?? view._factory!() ?? throw new InvalidOperationException("The environment factory returned null.");
            _ownsEnvironment = view._instance is null;
            _actionSpace = _environment.ActionSpace;
            _random = new Generator(view._seed ^ 0x5DEECE66DUL);
            _observation = new float[view.ObservationSize];
            _nextObservation = new float[view.ObservationSize];
            _unitAction = new float[view.ActionSize];
            _environmentAction = new float[view.ActionSize];
            _agent = view.Behaviour is AgentPolicy agentPolicy ? agentPolicy.Agent : 0;
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index >= 0 && column.Index < _active.Length && _active[column.Index];

        public override bool MoveNext()
        {
            if (_finished || (_view.Steps is { } steps && _position + 1 >= steps))
            {
                return Finish();
            }

            if (_needsReset)
            {
                if (_view.Episodes is { } episodes && _episode + 1 >= episodes)
                {
                    return Finish();
                }

                _environment.Reset(_episode < 0 ? _view._seed : null, _observation);
                _episode++;
                _step = 0;
                _needsReset = false;
            }
            else
            {
                _nextObservation.CopyTo(_observation, 0);
                _step++;
            }

            if (_view.Behaviour is { } behaviour)
            {
                behaviour.Act(_observation, _environmentAction, deterministic: false);
                ToUnitCube(_environmentAction, _unitAction);
            }
            else
            {
                _random.FillUniform(_unitAction, -1f, 1f);
                _actionSpace.FromUnitCube(_unitAction, _environmentAction);
            }

            StepResult result = _environment.Step(_environmentAction, _nextObservation);
            _reward = result.Reward;
            _terminated = result.Terminated;
            _truncated = result.Truncated && !result.Terminated;
            _needsReset = result.Done;
            _position++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            Delegate getter = column.Index switch
            {
                TrajectorySchema.ObservationIndex => VectorGetter(_observation),
                TrajectorySchema.ActionIndex => VectorGetter(_unitAction),
                TrajectorySchema.RewardIndex => (ValueGetter<float>)((ref float value) => value = Current(_reward)),
                TrajectorySchema.NextObservationIndex => VectorGetter(_nextObservation),
                TrajectorySchema.TerminatedIndex => (ValueGetter<bool>)((ref bool value) => value = Current(_terminated)),
                TrajectorySchema.TruncatedIndex => (ValueGetter<bool>)((ref bool value) => value = Current(_truncated)),
                TrajectorySchema.AgentIndex => (ValueGetter<int>)((ref int value) => value = Current(_agent)),
                TrajectorySchema.EpisodeIndex => (ValueGetter<long>)((ref long value) => value = Current(_episode)),
                _ => (ValueGetter<int>)((ref int value) => value = Current(_step)),
            };
            return (ValueGetter<TValue>)getter;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && _ownsEnvironment)
            {
                _environment.Dispose();
            }

            base.Dispose(disposing);
        }

        private bool Finish()
        {
            _finished = true;
            return false;
        }

        private T Current<T>(T value) =>
            _position >= 0 && !_finished
                ? value
                : throw new InvalidOperationException("The cursor is not on a row; call MoveNext and read only while it returns true.");

        private ValueGetter<VBuffer<float>> VectorGetter(float[] source) => (ref VBuffer<float> value) =>
        {
            Current(0);
            Vectors.Write(source, ref value);
        };

        /// <summary>The inverse of <see cref="Box.FromUnitCube"/>: the behaviour's action in the policy's units.</summary>
        private void ToUnitCube(ReadOnlySpan<float> action, Span<float> unit)
        {
            ReadOnlySpan<float> low = _actionSpace.Low, high = _actionSpace.High;
            for (int i = 0; i < unit.Length; i++)
            {
                float width = high[i] - low[i];
                unit[i] = width > 0f ? Math.Clamp((2f * (action[i] - low[i]) / width) - 1f, -1f, 1f) : 0f;
            }
        }
    }
}
