using Mede.ML.Neural;

namespace Mede.ML.Networks;

/// <summary>
/// How the agent z enters a network: the one place that builds a network's input from an observation and an agent.
/// In shared mode (one network for K &gt; 1 agents) the input is the observation followed by z's one-hot code; in
/// separate mode, and for SAC's single agent, it is the observation alone.
/// </summary>
public sealed class AgentEncoding
{
    /// <summary>Creates the encoding.</summary>
    /// <param name="observationSize">The observation length.</param>
    /// <param name="oneHotAgents">K when the agent enters the network as a one-hot code, 0 when it does not.</param>
    public AgentEncoding(int observationSize, int oneHotAgents)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(observationSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(oneHotAgents);
        ObservationSize = observationSize;
        OneHotAgents = oneHotAgents;
    }

    /// <summary>The observation length.</summary>
    public int ObservationSize { get; }

    /// <summary>K when the agent enters as a one-hot code (shared mode), else 0.</summary>
    public int OneHotAgents { get; }

    /// <summary>The width of the network input: the observation plus the one-hot code.</summary>
    public int Width => ObservationSize + OneHotAgents;

    /// <summary>The shared-mode encoding when <paramref name="agents"/> &gt; 1 share one network, else the observation alone.</summary>
    /// <param name="observationSize">The observation length.</param>
    /// <param name="agents">K.</param>
    /// <param name="shared">Whether the agents share one network.</param>
    public static AgentEncoding For(int observationSize, int agents, bool shared) => new(observationSize, shared && agents > 1 ? agents : 0);

    /// <summary>Rows of [s, one-hot z] (or s alone) for a batch of observations and their agents.</summary>
    /// <param name="observations">[rows, ObservationSize].</param>
    /// <param name="agents">One agent per row.</param>
    public Tensor Encode(Tensor observations, ReadOnlySpan<int> agents) =>
        OneHotAgents > 0 ? Tensor.Concat(observations, Tensor.OneHot(agents, OneHotAgents)) : observations;

    /// <summary>Writes one row of [s, one-hot z] (or s alone) into <paramref name="row"/> (of length <see cref="Width"/>).</summary>
    /// <param name="observation">The observation.</param>
    /// <param name="agent">The agent z.</param>
    /// <param name="row">Receives the network input.</param>
    public void Write(ReadOnlySpan<float> observation, int agent, Span<float> row)
    {
        observation.CopyTo(row);
        if (OneHotAgents > 0)
        {
            Span<float> code = row.Slice(ObservationSize, OneHotAgents);
            code.Clear();
            code[agent] = 1f;
        }
    }

    /// <summary>A one-row tensor of [s, one-hot z] (or s alone), on the current tape.</summary>
    /// <param name="observation">The observation.</param>
    /// <param name="agent">The agent z.</param>
    public Tensor EncodeRow(ReadOnlySpan<float> observation, int agent)
    {
        Tensor row = Tensor.Empty(1, Width);
        Write(observation, agent, row.Data);
        return row;
    }
}
