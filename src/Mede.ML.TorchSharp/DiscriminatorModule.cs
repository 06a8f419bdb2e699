using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mede.ML.TorchSharp;

/// <summary>
/// The skill discriminators as a TorchSharp module: <c>discriminator_sa</c>, q(z|s,a) over [s, a], and
/// <c>discriminator_s</c>, q(z|s) over s, each an MLP to K logits. The root model holds the trained pair; in separate
/// mode every agent also reads its own copy (<c>agent3.discriminator_sa.*</c>), renewed at each sync.
/// </summary>
public sealed class DiscriminatorModule : nn.Module
{
    /// <summary>Creates both discriminators (their weights are filled in by the learner).</summary>
    /// <param name="observationSize">The observation length.</param>
    /// <param name="actionSize">The action length.</param>
    /// <param name="agents">K.</param>
    /// <param name="hiddenSizes">The hidden widths (ReLU).</param>
    public DiscriminatorModule(int observationSize, int actionSize, int agents, IReadOnlyList<int> hiddenSizes)
        : base(nameof(DiscriminatorModule))
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        StateAction = TorchMlp.Create([observationSize + actionSize, .. hiddenSizes, agents]);
        State = TorchMlp.Create([observationSize, .. hiddenSizes, agents]);
        register_module("discriminator_sa", StateAction);
        register_module("discriminator_s", State);
    }

    /// <summary>q(z|s,a): [rows, s + a] to K logits.</summary>
    public Sequential StateAction { get; }

    /// <summary>q(z|s): [rows, s] to K logits.</summary>
    public Sequential State { get; }
}
