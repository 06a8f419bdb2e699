using Mede.ML.Neural;
using Mede.ML.Neural.Layers;
using Mede.ML.Neural.Optim;

namespace Mede.ML.Networks;

/// <summary>
/// The twin soft Q functions Q1(s,a,z) and Q2(s,a,z) of SAC v2 (clipped double-Q, Fujimoto et al. 2018): two MLPs
/// from [s, z, a] to one value; the smaller of the two is the soft Q the actor is trained against and the targets
/// are built from. A Polyak-averaged copy serves as the target critic.
/// </summary>
public sealed class TwinCritic
{
    /// <summary>Creates both critics with PyTorch's default initialisation (Q1 first).</summary>
    /// <param name="input">How observations and agents enter the networks.</param>
    /// <param name="actionSize">The action length.</param>
    /// <param name="hiddenSizes">The hidden layer widths.</param>
    /// <param name="generator">The initialisation stream.</param>
    public TwinCritic(AgentEncoding input, int actionSize, IReadOnlyList<int> hiddenSizes, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(input);
        Input = input;
        ActionSize = actionSize;
        First = Mlp.Create([input.Width + actionSize, .. hiddenSizes, 1], Activation.ReLU, generator);
        Second = Mlp.Create([input.Width + actionSize, .. hiddenSizes, 1], Activation.ReLU, generator);
    }

    /// <summary>How observations and agents enter the networks.</summary>
    public AgentEncoding Input { get; }

    /// <summary>The action length.</summary>
    public int ActionSize { get; }

    /// <summary>Q1.</summary>
    public Sequential First { get; }

    /// <summary>Q2.</summary>
    public Sequential Second { get; }

    /// <summary>Q1 and Q2 at encoded inputs and actions, [rows, 1] each.</summary>
    /// <param name="input">Rows built by <see cref="AgentEncoding.Encode"/>.</param>
    /// <param name="action">[rows, actions] in the policy's units.</param>
    public (Tensor Q1, Tensor Q2) Forward(Tensor input, Tensor action)
    {
        Tensor x = Tensor.Concat(input, action);
        return (First.Forward(x), Second.Forward(x));
    }

    /// <summary>min(Q1, Q2): the clipped double-Q estimate.</summary>
    /// <param name="input">Rows built by <see cref="AgentEncoding.Encode"/>.</param>
    /// <param name="action">[rows, actions] in the policy's units.</param>
    public Tensor Min(Tensor input, Tensor action)
    {
        var (q1, q2) = Forward(input, action);
        return Tensor.Minimum(q1, q2);
    }

    /// <summary>All parameters of both critics.</summary>
    public IEnumerable<Tensor> Parameters() => First.Parameters().Concat(Second.Parameters());

    /// <summary>Copies another twin critic's weights (the target starts equal to the critic).</summary>
    /// <param name="source">A twin critic of the same shape.</param>
    public void CopyFrom(TwinCritic source)
    {
        First.CopyFrom(source.First);
        Second.CopyFrom(source.Second);
    }

    /// <summary>Polyak averaging toward <paramref name="source"/>: theta &lt;- (1 - tau) theta + tau theta_source.</summary>
    /// <param name="source">The critic this target follows.</param>
    /// <param name="tau">The smoothing coefficient.</param>
    public void FollowPolyak(TwinCritic source, float tau)
    {
        Polyak.Update(First, source.First, tau);
        Polyak.Update(Second, source.Second, tau);
    }

    /// <summary>Freezes or unfreezes every weight (the actor's loss reads the critics without training them).</summary>
    /// <param name="value">Whether the weights take gradients.</param>
    public void SetRequiresGrad(bool value)
    {
        NetworkWeights.SetRequiresGrad(First, value);
        NetworkWeights.SetRequiresGrad(Second, value);
    }

    /// <summary>The weights by name: <paramref name="firstPrefix"/> + <c>0.weight</c> ..., then the second critic's.</summary>
    /// <param name="firstPrefix">The prefix of Q1's names (e.g. <c>critic1.</c>).</param>
    /// <param name="secondPrefix">The prefix of Q2's names (e.g. <c>critic2.</c>).</param>
    public IEnumerable<(string Name, Tensor Value)> NamedTensors(string firstPrefix, string secondPrefix) =>
        NetworkWeights.Named(firstPrefix, First).Concat(NetworkWeights.Named(secondPrefix, Second));
}
