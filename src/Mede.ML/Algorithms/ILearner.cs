using Mede.ML.Networks;
using Mede.ML.Neural;
using Mede.ML.Replay;

namespace Mede.ML.Algorithms;

/// <summary>
/// The algorithm contract the training loop calls, whatever tensor library computes it: act, update on a
/// <see cref="ReplayBatch"/>, score, and weights, optimiser state and random streams as named tensors for
/// checkpoints and model files. <see cref="SoftActorCritic"/> is the managed implementation.
/// </summary>
/// <remarks>
/// <para>A learner holds one network set (shared mode: every agent in one actor and twin critic, z as a one-hot
/// input) or one per agent (separate mode). Sets update independently, so the loop may update different sets on
/// different threads at once; one set is never updated from two threads.</para>
/// <para>Names are PyTorch dotted names, the same in every backend: <c>learner0.policy.0.weight</c>,
/// <c>learner0.critic1.2.bias</c>, <c>learner0.target_critic1.*</c>, <c>learner0.log_alpha</c>, <c>discriminator_sa.*</c>,
/// <c>discriminator_s.*</c>, and in separate mode the copies agents read, <c>agent3.discriminator_sa.*</c>.</para>
/// </remarks>
public interface ILearner
{
    /// <summary>K, the number of agents.</summary>
    int NumberOfAgents { get; }

    /// <summary>The observation length.</summary>
    int ObservationSize { get; }

    /// <summary>The action length.</summary>
    int ActionSize { get; }

    /// <summary>1 in shared mode, K in separate mode, where set k serves agent k and trains on agent k's replay.</summary>
    int NetworkSets { get; }

    /// <summary>True when the discriminators are trained apart from the sets' updates, by <see cref="UpdateDiscriminators"/>
    /// on batches drawn from every agent, and read by the sets through copies renewed by <see cref="SyncDiscriminators"/>
    /// (separate mode with K &gt; 1). Otherwise <see cref="Update"/> trains them on its own batch.</summary>
    bool TrainsDiscriminatorsApart { get; }

    /// <summary>The temperature alpha of the first network set.</summary>
    float Alpha { get; }

    /// <summary>Actions in the unit cube for rows of observations, each with its agent: samples drawn from the
    /// learner's own (checkpointed) noise streams, or the mode tanh(mu) when <paramref name="deterministic"/>.</summary>
    /// <param name="observations">[rows x ObservationSize], row-major.</param>
    /// <param name="agents">One agent per row.</param>
    /// <param name="deterministic">Whether to take the mode.</param>
    /// <param name="actions">Receives [rows x ActionSize].</param>
    void Act(ReadOnlySpan<float> observations, ReadOnlySpan<int> agents, bool deterministic, Span<float> actions);

    /// <summary>One gradient step of network set <paramref name="set"/>: critics, policy, temperature, discriminators
    /// (unless trained apart), then the target critics.</summary>
    /// <param name="set">The network set (0 in shared mode, the agent in separate mode).</param>
    /// <param name="batch">Transitions, each labelled with its agent.</param>
    /// <param name="step">The environment step, for error messages.</param>
    /// <exception cref="Training.TrainingDivergedException">A loss or gradient is not finite (the message names the network and step).</exception>
    UpdateMetrics Update(int set, ReplayBatch batch, long step);

    /// <summary>One cross-entropy step of q(z|s,a) and q(z|s) on <paramref name="batch"/> (when <see cref="TrainsDiscriminatorsApart"/>).</summary>
    /// <param name="batch">Transitions drawn from every agent.</param>
    /// <param name="step">The environment step, for error messages.</param>
    Discriminability UpdateDiscriminators(ReplayBatch batch, long step);

    /// <summary>Renews the discriminator copies the network sets read (when <see cref="TrainsDiscriminatorsApart"/>).</summary>
    void SyncDiscriminators();

    /// <summary>Scores rows: log q(z|s,a) for every z (0 for SAC's single agent) and min Q(s,a,z) of the row's agent.</summary>
    /// <param name="observations">[rows x ObservationSize].</param>
    /// <param name="actions">[rows x ActionSize] in the unit cube.</param>
    /// <param name="agents">One agent per row.</param>
    /// <param name="agentScores">Receives [rows x K].</param>
    /// <param name="q">Receives one value per row.</param>
    void Score(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<int> agents, Span<float> agentScores, Span<float> q);

    /// <summary>The weights by name: the model's, and for checkpoints also the target critics, log alpha and the
    /// discriminator copies of separate mode.</summary>
    /// <param name="forCheckpoint">True for everything training needs to continue, false for the fitted model's weights.</param>
    IEnumerable<(string Name, Tensor Value)> Weights(bool forCheckpoint);

    /// <summary>Copies weights in by name (every name <see cref="Weights"/>(true) gives must be present).</summary>
    /// <param name="weights">Tensors by name.</param>
    /// <param name="source">The file, named in errors.</param>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong size.</exception>
    void LoadWeights(IReadOnlyDictionary<string, Tensor> weights, string source);

    /// <summary>The optimisers' state (Adam moments and step counts) by name.</summary>
    IEnumerable<(string Name, Tensor Value)> OptimizerState();

    /// <summary>Restores the optimisers' state by name.</summary>
    /// <param name="state">Tensors by name, as <see cref="OptimizerState"/> wrote them.</param>
    /// <param name="source">The file, named in errors.</param>
    void LoadOptimizerState(IReadOnlyDictionary<string, Tensor> state, string source);

    /// <summary>Writes the policy noise streams (for bit-identical resume).</summary>
    /// <param name="writer">The checkpoint's state writer.</param>
    void SaveRandomState(BinaryWriter writer);

    /// <summary>Restores the policy noise streams.</summary>
    /// <param name="reader">The checkpoint's state reader.</param>
    void LoadRandomState(BinaryReader reader);

    /// <summary>The fitted model's networks (actors, twin critics, discriminators) in the managed engine; a learner on
    /// another backend copies its weights into them.</summary>
    ModelNetworks ToModel();
}
