using Mede.ML.Networks;
using Mede.ML.Neural;
using Mede.ML.Neural.Optim;
using Mede.ML.Training;

namespace Mede.ML.Algorithms;

/// <summary>
/// One network set of <see cref="SoftActorCritic"/>: the actor, the twin critic and its Polyak target, the
/// temperature, their optimisers and the policy's noise stream, and the discriminators this set reads.
/// </summary>
internal sealed class ActorCriticSet
{
    public ActorCriticSet(TrainingConfiguration options, AgentEncoding input, int actionSize, Generator generator, string name)
    {
        int[] hidden = options.HiddenLayerSizes;
        Name = name;
        Actor = new SquashedGaussianActor(input, actionSize, hidden, generator);
        Critic = new TwinCritic(input, actionSize, hidden, generator);
        TargetCritic = new TwinCritic(input, actionSize, hidden, generator);
        TargetCritic.CopyFrom(Critic);
        PolicyOptimizer = new Adam(Actor.Network.Parameters(), options.LearningRate);
        CriticOptimizer = new Adam(Critic.Parameters(), options.LearningRate);
        LogAlpha = Tensor.Scalar(MathF.Log(options.EntropyCoefficient), requiresGrad: true);
        AlphaOptimizer = new Adam([LogAlpha], options.LearningRate);
        Noise = generator.Fork(streamId: 1);
    }

    /// <summary>The set's name in error messages: <c>shared</c>, <c>agent 2</c> or <c>sac</c>.</summary>
    public string Name { get; }

    public SquashedGaussianActor Actor { get; }

    public TwinCritic Critic { get; }

    public TwinCritic TargetCritic { get; }

    public Tensor LogAlpha { get; }

    public Adam PolicyOptimizer { get; }

    public Adam CriticOptimizer { get; }

    public Adam AlphaOptimizer { get; }

    /// <summary>The stream of the policy noise eps, in acting and in updates.</summary>
    public Generator Noise { get; }

    /// <summary>The q(z|s,a) this set's update reads: the trained one in shared mode, this agent's copy in separate mode.</summary>
    public Discriminator? StateAction { get; set; }

    /// <summary>The q(z|s) this set's update reads.</summary>
    public Discriminator? State { get; set; }

    public float Alpha => MathF.Exp(LogAlpha.Data[0]);
}
