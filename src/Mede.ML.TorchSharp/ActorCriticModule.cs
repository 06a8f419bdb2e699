using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mede.ML.TorchSharp;

/// <summary>
/// One network set as a TorchSharp module, named as in PyTorch and in the managed engine: the policy MLP
/// (<c>policy.0.weight</c> ...: [s, z] to the mean and log standard deviation of the squashed Gaussian), the twin critics
/// <c>critic1</c> and <c>critic2</c> ([s, z, a] to Q), their Polyak targets <c>target_critic1</c> and <c>target_critic2</c>,
/// and the temperature <c>log_alpha</c>.
/// </summary>
public sealed class ActorCriticModule : nn.Module
{
    /// <summary>Creates the networks (their weights are filled in by the learner).</summary>
    /// <param name="inputWidth">The network input: the observation, plus K for the one-hot agent in shared mode.</param>
    /// <param name="actionSize">The action length n.</param>
    /// <param name="hiddenSizes">The hidden widths of the policy and critics (ReLU).</param>
    /// <param name="logAlpha">The starting log alpha.</param>
    public ActorCriticModule(int inputWidth, int actionSize, IReadOnlyList<int> hiddenSizes, float logAlpha)
        : base(nameof(ActorCriticModule))
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ActionSize = actionSize;
        Policy = TorchMlp.Create([inputWidth, .. hiddenSizes, 2 * actionSize]);
        Critic1 = TorchMlp.Create([inputWidth + actionSize, .. hiddenSizes, 1]);
        Critic2 = TorchMlp.Create([inputWidth + actionSize, .. hiddenSizes, 1]);
        TargetCritic1 = TorchMlp.Create([inputWidth + actionSize, .. hiddenSizes, 1]);
        TargetCritic2 = TorchMlp.Create([inputWidth + actionSize, .. hiddenSizes, 1]);
        LogAlpha = nn.Parameter(tensor(new[] { logAlpha }));
        register_module("policy", Policy);
        register_module("critic1", Critic1);
        register_module("critic2", Critic2);
        register_module("target_critic1", TargetCritic1);
        register_module("target_critic2", TargetCritic2);
        register_parameter("log_alpha", LogAlpha);

        // The targets are read under no_grad and follow the critics by Polyak averaging only.
        foreach (Parameter p in TargetCritic1.parameters().Concat(TargetCritic2.parameters()))
        {
            p.requires_grad = false;
        }
    }

    /// <summary>The action length n.</summary>
    public int ActionSize { get; }

    /// <summary>The policy MLP: [rows, input] to [rows, 2n], the mean then the log standard deviation.</summary>
    public Sequential Policy { get; }

    /// <summary>Q1.</summary>
    public Sequential Critic1 { get; }

    /// <summary>Q2.</summary>
    public Sequential Critic2 { get; }

    /// <summary>The Polyak target of Q1.</summary>
    public Sequential TargetCritic1 { get; }

    /// <summary>The Polyak target of Q2.</summary>
    public Sequential TargetCritic2 { get; }

    /// <summary>log alpha, the temperature's logarithm (shape [1]).</summary>
    public Parameter LogAlpha { get; }
}
