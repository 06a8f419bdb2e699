using Mede.ML.Algorithms;
using Mede.ML.Environments.Spaces;
using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Distributions;

namespace Mede.ML.Policies;

/// <summary>
/// One agent's policy pi(a|s,z) read from a learner: in shared mode the agent's one-hot is appended to the
/// observation. Sampling uses the policy's own random stream, so acting never disturbs training's streams.
/// </summary>
/// <remarks>Not thread-safe (it reuses its buffers); give each thread its own instance.</remarks>
public sealed class AgentPolicy : IPolicy
{
    private readonly Learner _learner;
    private readonly Box _actionSpace;
    private readonly Generator _generator;
    private readonly float[] _unit;

    /// <summary>Wraps agent <paramref name="agent"/> of <paramref name="learner"/>.</summary>
    public AgentPolicy(Learner learner, int agent, Box actionSpace, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(actionSpace);
        if (learner.AgentsInInput > 0 && (uint)agent >= (uint)learner.AgentsInInput)
        {
            throw new ArgumentOutOfRangeException(nameof(agent), agent, $"The learner serves {learner.AgentsInInput} agents.");
        }

        _learner = learner;
        Agent = agent;
        _actionSpace = actionSpace;
        _generator = new Generator(seed);
        _unit = new float[learner.ActionSize];
    }

    /// <summary>The agent z.</summary>
    public int Agent { get; }

    /// <inheritdoc />
    public int ObservationSize => _learner.ObservationSize;

    /// <inheritdoc />
    public int ActionSize => _learner.ActionSize;

    /// <inheritdoc />
    public void Act(ReadOnlySpan<float> observation, Span<float> action, bool deterministic)
    {
        if (observation.Length != ObservationSize || action.Length != ActionSize)
        {
            throw new ArgumentException($"Agent {Agent}: expected an observation of {ObservationSize} and an action of {ActionSize} values, got {observation.Length} and {action.Length}.");
        }

        using TapeScope scope = Tape.Scope();
        using (Tensor.NoGrad())
        {
            Tensor input = Tensor.Empty(1, ObservationSize + _learner.AgentsInInput);
            Span<float> data = input.Data;
            observation.CopyTo(data);
            if (_learner.AgentsInInput > 0)
            {
                data[ObservationSize..].Clear();
                data[ObservationSize + Agent] = 1f;
            }

            Tensor output = _learner.Policy.Forward(input);
            Tensor mean = output.Slice(0, ActionSize);
            Tensor unit;
            if (deterministic)
            {
                unit = SquashedGaussian.Mode(mean);
            }
            else
            {
                Tensor noise = Tensor.Empty(1, ActionSize);
                _generator.FillNormal(noise.Data);
                (unit, _) = SquashedGaussian.Sample(mean, output.Slice(ActionSize, ActionSize), noise);
            }

            unit.Data.CopyTo(_unit);
        }

        _actionSpace.FromUnitCube(_unit, action);
    }
}
