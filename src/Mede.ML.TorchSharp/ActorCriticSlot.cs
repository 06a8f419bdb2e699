using Mede.ML.Networks;
using Mede.ML.Neural;
using TorchSharp.Modules;
using ManagedTensor = Mede.ML.Neural.Tensor;

namespace Mede.ML.TorchSharp;

/// <summary>
/// One network set of <see cref="TorchSharpLearner"/>: its torch module, optimisers, noise stream and batch buffers, the
/// discriminators its update reads, and the managed twins its weights are copied into for the fitted model.
/// </summary>
internal sealed class ActorCriticSlot(string name, ActorCriticModule module, SquashedGaussianActor actor, TwinCritic critic, TwinCritic targetCritic,
    ManagedTensor logAlpha, Generator noise, AgentEncoding input) : IDisposable
{
    /// <summary>The set's name in error messages: <c>shared</c>, <c>agent 2</c> or <c>sac</c>.</summary>
    public string Name { get; } = name;

    public ActorCriticModule Module { get; } = module;

    public SquashedGaussianActor Actor { get; } = actor;

    public TwinCritic Critic { get; } = critic;

    public TwinCritic TargetCritic { get; } = targetCritic;

    public ManagedTensor LogAlpha { get; } = logAlpha;

    /// <summary>The stream of the policy noise eps, in acting and in updates (the managed learner's stream).</summary>
    public Generator Noise { get; } = noise;

    public AgentEncoding Input { get; } = input;

    public TorchAdam PolicyOptimizer { get; set; } = null!;

    public TorchAdam CriticOptimizer { get; set; } = null!;

    public TorchAdam AlphaOptimizer { get; set; } = null!;

    public BatchTensors Batch { get; set; } = null!;

    /// <summary>The q(z|s,a) this set's update reads: the trained one in shared mode, this agent's copy in separate mode.</summary>
    public Sequential? StateActionReader { get; set; }

    /// <summary>The q(z|s) this set's update reads.</summary>
    public Sequential? StateReader { get; set; }

    /// <summary>alpha = exp(log alpha), read from the torch parameter.</summary>
    public float Alpha => MathF.Exp(Module.LogAlpha.item<float>());

    public void Dispose()
    {
        PolicyOptimizer.Dispose();
        CriticOptimizer.Dispose();
        AlphaOptimizer.Dispose();
        Batch.Dispose();
    }
}
