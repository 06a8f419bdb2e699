using Mede.ML.Environments;
using Mede.ML.Environments.Spaces;
using Mede.ML.Training;

namespace Mede.ML.Rollouts;

/// <summary>
/// The rollout loop of Mede.ML, used by training and evaluation alike: K copies of an environment stepped together
/// (a <see cref="VectorEnvironment"/>, copy k for agent k), the current observation of each, and a handler called with
/// every agent's transition. Episodes that end are reset at once (the handler sees the episode's true last state).
/// </summary>
/// <remarks>Every observation and reward is checked: a non-finite value stops with a
/// <see cref="TrainingDivergedException"/> naming the environment, the agent and the step.</remarks>
public sealed class RolloutCollector : IDisposable
{
    private readonly VectorEnvironment _vector;
    private readonly int _observationSize;
    private readonly int _actionSize;
    private readonly float[] _observations;
    private readonly float[] _next;
    private readonly float[] _rewards;
    private readonly bool[] _terminated;
    private readonly bool[] _truncated;
    private readonly IEnvironment _first;

    /// <summary>Creates K copies of the environment.</summary>
    /// <param name="environmentFactory">Creates one copy per agent; copies must have the same spaces.</param>
    /// <param name="agents">K.</param>
    /// <param name="threads">Threads that step the copies (results do not depend on it).</param>
    public RolloutCollector(Func<IEnvironment> environmentFactory, int agents, int threads = 1)
    {
        _vector = new VectorEnvironment(environmentFactory, agents, Math.Max(1, threads));
        _first = _vector.Environments[0];
        _observationSize = _vector.ObservationSpace.Dimension;
        _actionSize = _vector.ActionSpace.Dimension;
        _observations = new float[agents * _observationSize];
        _next = new float[agents * _observationSize];
        _rewards = new float[agents];
        _terminated = new bool[agents];
        _truncated = new bool[agents];
    }

    /// <summary>Receives one agent's transition.</summary>
    /// <param name="step">The transition (views valid during the call only).</param>
    public delegate void Handler(in RolloutStep step);

    /// <summary>K.</summary>
    public int Agents => _vector.Count;

    /// <summary>The observation length.</summary>
    public int ObservationSize => _observationSize;

    /// <summary>The action length.</summary>
    public int ActionSize => _actionSize;

    /// <summary>The environment's action box.</summary>
    public Box ActionSpace => _vector.ActionSpace;

    /// <summary>The copies, copy k for agent k.</summary>
    public IReadOnlyList<IEnvironment> Environments => _vector.Environments;

    /// <summary>The current observations, [K x ObservationSize]; writable so a checkpoint can restore them.</summary>
    public Span<float> Observations => _observations;

    /// <summary>Agent <paramref name="agent"/>'s current observation.</summary>
    /// <param name="agent">The agent.</param>
    public ReadOnlySpan<float> Observation(int agent) => _observations.AsSpan(agent * _observationSize, _observationSize);

    /// <summary>Starts an episode in every copy: copy k with seed <paramref name="seed"/> + k.</summary>
    /// <param name="seed">The seed of copy 0.</param>
    /// <param name="step">The step, for error messages.</param>
    public void Reset(ulong seed, long step = 0)
    {
        _vector.Reset(seed, _observations);
        for (int k = 0; k < Agents; k++)
        {
            CheckObservation(k, Observation(k), step);
        }
    }

    /// <summary>
    /// Steps the copies of the active agents with their actions, calls <paramref name="handler"/> with each active
    /// agent's transition in agent order, and moves every stepped agent on to its next observation.
    /// </summary>
    /// <param name="actions">[K x ActionSize] in the environment's units (rows of inactive agents are ignored).</param>
    /// <param name="active">One flag per agent, or empty for all.</param>
    /// <param name="step">The step of the first agent's transition, for error messages (agent k's is step + k).</param>
    /// <param name="handler">Receives the transitions.</param>
    public void Step(ReadOnlySpan<float> actions, ReadOnlySpan<bool> active, long step, Handler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _observations.CopyTo(_next.AsSpan());
        _vector.Step(actions, _next, _rewards, _terminated, _truncated, active);
        int o = _observationSize, n = _actionSize;
        for (int k = 0; k < Agents; k++)
        {
            if (!active.IsEmpty && !active[k])
            {
                continue;
            }

            bool done = _terminated[k] || _truncated[k];
            ReadOnlySpan<float> next = done ? _vector.FinalObservation(k) : _next.AsSpan(k * o, o);
            CheckObservation(k, next, step + k);
            if (!float.IsFinite(_rewards[k]))
            {
                throw new TrainingDivergedException($"environment '{_first.Name}' (agent {k})", "reward", step + k, $"the reward is {_rewards[k]}");
            }

            handler(new RolloutStep(k, Observation(k), actions.Slice(k * n, n), _rewards[k], next, _terminated[k], _truncated[k], done ? _vector.FinalGoals[k] : -1));
            if (done)
            {
                // The vector has already reset this copy: its row of _next is the next episode's first observation.
                CheckObservation(k, _next.AsSpan(k * o, o), step + k);
            }

            _next.AsSpan(k * o, o).CopyTo(_observations.AsSpan(k * o, o));
        }
    }

    /// <summary>How far and which way agent <paramref name="agent"/>'s body travelled in the episode that ended in the
    /// last step (<see cref="VectorEnvironment.FinalTravel"/>): read it in the handler of the step that ended it.</summary>
    public (double X, double Y) FinalTravel(int agent) => _vector.FinalTravel[agent];

    /// <inheritdoc />
    public void Dispose() => _vector.Dispose();

    private void CheckObservation(int agent, ReadOnlySpan<float> observation, long step)
    {
        for (int i = 0; i < observation.Length; i++)
        {
            if (!float.IsFinite(observation[i]))
            {
                throw new TrainingDivergedException($"environment '{_first.Name}' (agent {agent})", $"observation[{i}]", step, $"the value is {observation[i]}");
            }
        }
    }
}
