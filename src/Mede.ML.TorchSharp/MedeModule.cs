using TorchSharp;
using static TorchSharp.torch;

namespace Mede.ML.TorchSharp;

/// <summary>
/// Every network of a MEDE, DIAYN or SAC learner in one TorchSharp module, with the names the managed engine and
/// PyTorch use: <c>learner0.policy.0.weight</c>, <c>learner0.critic1.2.bias</c>, <c>learner0.target_critic1.*</c>,
/// <c>learner0.log_alpha</c>, <c>discriminator_sa.*</c>, <c>discriminator_s.*</c>, and in separate mode the copies
/// agents read, <c>agent3.discriminator_sa.*</c>. Its <c>state_dict()</c> is what <c>torch.save</c> files hold.
/// </summary>
public sealed class MedeModule : nn.Module
{
    private readonly ActorCriticModule[] _sets;
    private readonly DiscriminatorModule[] _agentCopies;

    /// <summary>Creates the networks (their weights are filled in by the learner).</summary>
    /// <param name="sets">One set (shared mode, or SAC) or one per agent (separate mode).</param>
    /// <param name="discriminators">The trained discriminators, or null for SAC.</param>
    /// <param name="agentCopies">Separate mode with K &gt; 1: the copy each agent reads; otherwise empty.</param>
    public MedeModule(IReadOnlyList<ActorCriticModule> sets, DiscriminatorModule? discriminators, IReadOnlyList<DiscriminatorModule> agentCopies)
        : base(nameof(MedeModule))
    {
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(agentCopies);
        _sets = [.. sets];
        _agentCopies = [.. agentCopies];
        Discriminators = discriminators;
        for (int i = 0; i < _sets.Length; i++)
        {
            register_module($"learner{i}", _sets[i]);
        }

        if (discriminators is not null)
        {
            // Registered at the root, so the names are discriminator_sa.* as in the managed engine's files.
            register_module("discriminator_sa", discriminators.StateAction);
            register_module("discriminator_s", discriminators.State);
        }

        for (int k = 0; k < _agentCopies.Length; k++)
        {
            register_module($"agent{k}", _agentCopies[k]);
        }
    }

    /// <summary>The network sets: one, or one per agent.</summary>
    public IReadOnlyList<ActorCriticModule> Sets => _sets;

    /// <summary>The trained q(z|s,a) and q(z|s), or null for SAC.</summary>
    public DiscriminatorModule? Discriminators { get; }

    /// <summary>The copies agents read in separate mode (empty otherwise).</summary>
    public IReadOnlyList<DiscriminatorModule> AgentDiscriminators => _agentCopies;
}
