using Mede.ML.Networks;
using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;

namespace Mede.ML.Policies;

/// <summary>
/// pi_/z, the mixture of the agents' policies: at each call draw z ~ q(z|s) from the state discriminator, then act
/// with pi_z. With no discriminator (SAC, one agent) it is agent 0's policy. Allocates nothing per call.
/// </summary>
/// <remarks>Not thread-safe (it reuses its buffers and random stream); give each thread its own instance.</remarks>
internal sealed class MixturePolicy : IPolicy
{
    private readonly IPolicy[] _policies;
    private readonly Discriminator? _state;
    private readonly Generator _generator;
    private readonly float[] _logProbabilities;

    public MixturePolicy(IPolicy[] policies, Discriminator? state, int observationSize, ulong seed)
    {
        _policies = policies;
        _state = state;
        ObservationSize = observationSize;
        ActionSize = policies[0].ActionSize;
        _generator = new Generator(seed);
        _logProbabilities = new float[policies.Length];
    }

    /// <inheritdoc />
    public int ObservationSize { get; }

    /// <inheritdoc />
    public int ActionSize { get; }

    /// <summary>The agent chosen by the last call.</summary>
    public int LastAgent { get; private set; }

    /// <inheritdoc />
    public void Act(ReadOnlySpan<float> observation, Span<float> action, bool deterministic)
    {
        if (observation.Length != ObservationSize || action.Length != ActionSize)
        {
            throw new ArgumentException($"Mixture policy: expected an observation of {ObservationSize} and an action of {ActionSize} values, got {observation.Length} and {action.Length}.");
        }

        int agent = 0;
        if (_state is not null)
        {
            using (TapeScope scope = Tape.Scope())
            using (Tensor.NoGrad())
            {
                Tensor input = Tensor.Empty(1, ObservationSize);
                observation.CopyTo(input.Data);
                _state.LogProbabilities(input).Data.CopyTo(_logProbabilities);
            }

            agent = deterministic ? ArgMax(_logProbabilities) : Draw(_logProbabilities);
        }

        LastAgent = agent;
        _policies[agent].Act(observation, action, deterministic);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++)
        {
            if (values[k] > values[best])
            {
                best = k;
            }
        }

        return best;
    }

    private int Draw(ReadOnlySpan<float> logProbabilities)
    {
        // Inverse-CDF sampling of the softmax output; the last agent takes any rounding remainder.
        double u = _generator.NextDouble(), cumulative = 0;
        for (int k = 0; k < logProbabilities.Length - 1; k++)
        {
            cumulative += Math.Exp(logProbabilities[k]);
            if (u < cumulative)
            {
                return k;
            }
        }

        return logProbabilities.Length - 1;
    }
}
