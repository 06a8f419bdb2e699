using Mede.ML.Environments.Spaces;
using Mede.ML.Networks;
using Mede.ML.Neural;

namespace Mede.ML.Policies;

/// <summary>
/// One agent's policy pi(a|s,z), read from its actor, acting in the environment's units. Sampling uses the policy's
/// own random stream, so acting never disturbs training's streams.
/// </summary>
/// <remarks>Not thread-safe (it reuses its buffers); give each thread its own instance.</remarks>
public sealed class AgentPolicy : IStochasticPolicy
{
    private readonly SquashedGaussianActor _actor;
    private readonly Box _actionSpace;
    private readonly Generator _generator;
    private readonly float[] _unit;

    /// <summary>Creates the policy of agent <paramref name="agent"/>.</summary>
    /// <param name="actor">The actor that serves the agent (shared or its own).</param>
    /// <param name="agent">The agent z.</param>
    /// <param name="actionSpace">The environment's action box the unit-cube actions are mapped onto.</param>
    /// <param name="seed">Seeds the policy's noise stream.</param>
    /// <exception cref="ArgumentOutOfRangeException">The actor's one-hot input has no slot for <paramref name="agent"/>.</exception>
    public AgentPolicy(SquashedGaussianActor actor, int agent, Box actionSpace, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(actionSpace);
        if (actor.Input.OneHotAgents > 0 && (uint)agent >= (uint)actor.Input.OneHotAgents)
        {
            throw new ArgumentOutOfRangeException(nameof(agent), agent, $"The actor serves {actor.Input.OneHotAgents} agents, numbered from 0.");
        }

        _actor = actor;
        Agent = agent;
        _actionSpace = actionSpace;
        _generator = new Generator(seed);
        _unit = new float[actor.ActionSize];
    }

    /// <summary>The agent z.</summary>
    public int Agent { get; }

    /// <inheritdoc />
    public int ObservationSize => _actor.Input.ObservationSize;

    /// <inheritdoc />
    public int ActionSize => _actor.ActionSize;

    /// <inheritdoc />
    public void Act(ReadOnlySpan<float> observation, Span<float> action, bool deterministic)
    {
        Check(observation, action);
        _actor.Act(observation, Agent, deterministic, _generator, _unit);
        _actionSpace.FromUnitCube(_unit, action);
    }

    /// <inheritdoc />
    public double Sample(ReadOnlySpan<float> observation, Span<float> action)
    {
        Check(observation, action);
        float logProbability = _actor.Sample(observation, Agent, _generator, _unit);
        _actionSpace.FromUnitCube(_unit, action);
        return logProbability;
    }

    private void Check(ReadOnlySpan<float> observation, Span<float> action)
    {
        if (observation.Length != ObservationSize || action.Length != ActionSize)
        {
            throw new ArgumentException($"Agent {Agent}: expected an observation of {ObservationSize} and an action of {ActionSize} values, got {observation.Length} and {action.Length}.");
        }
    }
}
