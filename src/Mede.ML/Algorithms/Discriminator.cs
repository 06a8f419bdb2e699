using Mede.ML.Neural;
using Mede.ML.Neural.Layers;
using Mede.ML.Neural.Optim;

namespace Mede.ML.Algorithms;

/// <summary>
/// q(z | x): an MLP with a softmax over the K agents, trained by cross-entropy on replay batches. MEDE's
/// discriminator sees x = (s, a); DIAYN's sees x = s. Each method also trains the other kind on the side, for
/// measurement only (the paper's Figure 2), and never feeds it back.
/// </summary>
public sealed class Discriminator
{
    private readonly Adam _optimizer;

    /// <summary>Creates the network and its optimiser.</summary>
    public Discriminator(int inputSize, int agents, IReadOnlyList<int> hiddenSizes, float learningRate, Generator generator, bool usesAction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 2);
        Agents = agents;
        UsesAction = usesAction;
        Network = Mlp.Create([inputSize, .. hiddenSizes, agents], Activation.ReLU, generator);
        _optimizer = new Adam(Network.Parameters(), learningRate);
    }

    /// <summary>K.</summary>
    public int Agents { get; }

    /// <summary>True for q(z|s,a), false for q(z|s).</summary>
    public bool UsesAction { get; }

    /// <summary>The logits network.</summary>
    public Sequential Network { get; }

    /// <summary>The optimiser (for checkpoints).</summary>
    public Adam Optimizer => _optimizer;

    /// <summary>The network's tensors by name, prefixed (<c>discriminator_sa.0.weight</c>, ...).</summary>
    internal IEnumerable<(string Name, Tensor Value)> NamedTensors(string prefix) =>
        Network.NamedParameters().Select(p => (prefix + p.Name, p.Parameter));

    /// <summary>log q(z | x) for every z, [batch, K].</summary>
    public Tensor LogProbabilities(Tensor input) => Network.Forward(input).LogSoftmax();

    /// <summary>log q(z_r | x_r) of each row's own agent, [batch, 1].</summary>
    public Tensor LogProbabilityOf(Tensor input, ReadOnlySpan<int> agents) => LogProbabilities(input).Gather(agents);

    /// <summary>One cross-entropy step; returns the mean log q(z|x) of the batch's own agents before the step
    /// (the discriminability the paper plots).</summary>
    public float Train(Tensor input, ReadOnlySpan<int> agents, string network, long step)
    {
        Tensor logq = LogProbabilityOf(input, agents).Mean();
        Tensor loss = -logq;
        FiniteGuard.Loss(loss, "discriminator", network, "cross-entropy", step);
        _optimizer.ZeroGrad();
        loss.Backward();
        FiniteGuard.Gradients(Network, "discriminator", network, step);
        _optimizer.Step();
        return logq.ToScalar();
    }
}
