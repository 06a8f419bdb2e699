using Mede.ML.Neural;
using Mede.ML.Neural.Layers;

namespace Mede.ML.Networks;

/// <summary>
/// A skill discriminator: an MLP with a softmax over the K agents, q(z|s,a) when it reads states and actions (MEDE's
/// Eq. 6 and 12) or q(z|s) when it reads states alone (DIAYN's reward, and the state-only measurement of Figure 2).
/// It is a network only; the algorithm that trains it holds its optimiser.
/// </summary>
public sealed class Discriminator
{
    /// <summary>Creates the network with PyTorch's default initialisation.</summary>
    /// <param name="inputSize">Observation length, plus the action length when it reads actions.</param>
    /// <param name="agents">K (at least 2).</param>
    /// <param name="hiddenSizes">The hidden layer widths.</param>
    /// <param name="generator">The initialisation stream.</param>
    /// <param name="usesAction">True for q(z|s,a), false for q(z|s).</param>
    public Discriminator(int inputSize, int agents, IReadOnlyList<int> hiddenSizes, Generator generator, bool usesAction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 2);
        Agents = agents;
        UsesAction = usesAction;
        Network = Mlp.Create([inputSize, .. hiddenSizes, agents], Activation.ReLU, generator);
    }

    /// <summary>K.</summary>
    public int Agents { get; }

    /// <summary>True for q(z|s,a), false for q(z|s).</summary>
    public bool UsesAction { get; }

    /// <summary>The MLP producing K logits.</summary>
    public Sequential Network { get; }

    /// <summary>log q(.|x) for every agent, [rows, K].</summary>
    /// <param name="input">[rows, input size]: observations, followed by actions for q(z|s,a).</param>
    public Tensor LogProbabilities(Tensor input) => Network.Forward(input).LogSoftmax();

    /// <summary>log q(z_r|x_r) of each row's own agent, [rows, 1].</summary>
    /// <param name="input">[rows, input size].</param>
    /// <param name="agents">One agent per row.</param>
    public Tensor LogProbabilityOf(Tensor input, ReadOnlySpan<int> agents) => LogProbabilities(input).Gather(agents);

    /// <summary>Freezes or unfreezes every weight (the actor's loss reads q(z|s,a) without training it).</summary>
    /// <param name="value">Whether the weights take gradients.</param>
    public void SetRequiresGrad(bool value) => NetworkWeights.SetRequiresGrad(Network, value);

    /// <summary>The weights by name (<paramref name="prefix"/> + <c>0.weight</c>, ...).</summary>
    /// <param name="prefix">The name prefix, e.g. <c>discriminator_sa.</c>.</param>
    public IEnumerable<(string Name, Tensor Value)> NamedTensors(string prefix) => NetworkWeights.Named(prefix, Network);
}
