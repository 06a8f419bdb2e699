using Mede.ML.Algorithms;
using Mede.ML.Networks;
using Mede.ML.Data;
using Mede.ML.Environments;
using Mede.ML.Environments.Spaces;
using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Distributions;
using Mede.ML.Neural.Layers;
using Mede.ML.Neural.Serialization;
using Mede.ML.Persistence;
using Mede.ML.Policies;
using Mede.ML.Training;
using Microsoft.ML;

namespace Mede.ML;

/// <summary>
/// The fitted model of a <see cref="MedeTrainer"/>: the K agents' policies pi(a|s,z), their soft critics, and the
/// discriminators q(z|s,a) and q(z|s). <see cref="Transform"/> scores the rows of a data view;
/// <see cref="GetPolicy"/> and <see cref="GetMixturePolicy"/> act in an environment. Save and load it with
/// ML.NET's <c>ml.Model.Save(model, schema, path)</c> and <c>ml.Model.Load(path, out schema)</c>; get the typed model
/// back with <see cref="ModelOperationsCatalogExtensions.LoadMedeTransformer(ModelOperationsCatalog, string)"/>.
/// </summary>
/// <remarks>
/// <para>Actions in data views (the Action column, PredictedAction) are in the policy's units, the unit cube
/// [-1, 1]^n; the policies returned by <see cref="GetPolicy"/> map them onto the environment's action box
/// (<see cref="ActionSpace"/>), as <see cref="IPolicy"/> promises.</para>
/// <para>The networks are only read, so several threads may transform at once; each policy object, however,
/// reuses its buffers and belongs to one thread.</para>
/// </remarks>
public sealed partial class MedeTransformer : ITransformer
{
    private readonly TrainingConfiguration _options;
    private readonly ModelNetworks _networks;
    private readonly float[] _actionLow;
    private readonly float[] _actionHigh;

    /// <summary>Takes the trained networks of <paramref name="session"/> (they are not copied; the session must
    /// not train on after this).</summary>
    internal MedeTransformer(TrainingSession session)
    {
        _options = session.Options;
        ObservationSize = session.ObservationSize;
        ActionSize = session.ActionSize;
        NumberOfAgents = session.Agents;
        _networks = session.Learner.ToModel();
        Box box = session.Environments[0].ActionSpace;
        _actionLow = box.Low.ToArray();
        _actionHigh = box.High.ToArray();
    }

    /// <summary>Creates untrained networks of the right shapes, to be filled from a saved model.</summary>
    internal MedeTransformer(TrainingConfiguration options, int observationSize, int actionSize, float[] actionLow, float[] actionHigh)
    {
        _options = options.Clone();
        ObservationSize = observationSize;
        ActionSize = actionSize;
        NumberOfAgents = options.NumberOfAgents;
        _actionLow = actionLow;
        _actionHigh = actionHigh;
        _networks = ModelNetworks.Create(
            observationSize, actionSize, options.NumberOfAgents, options.NetworkMode == NetworkMode.Shared, options.HiddenLayerSizes, options.DiscriminatorHiddenLayerSizes);
    }

    /// <summary>
    /// The model at a training checkpoint: the networks (policies, critics and discriminators) of the newest complete
    /// checkpoint under <paramref name="checkpoint"/>, without training further. Use it to look at a run that is
    /// still training, or one whose final model was not saved.
    /// </summary>
    /// <param name="checkpoint">One checkpoint folder, or a checkpoints folder (its newest complete checkpoint is read).</param>
    /// <param name="environmentFactory">Creates the run's environment (for the action box and the observation size);
    /// the same kind as the run was trained in.</param>
    /// <exception cref="InvalidDataException">There is no complete checkpoint, or it is damaged (the file is named).</exception>
    /// <remarks>Only the checkpoint's manifest and networks are read (not its replay buffers or optimiser states), so
    /// this is quick for large runs; the environment created for its spaces is disposed before this returns.</remarks>
    public static MedeTransformer FromCheckpoint(string checkpoint, Func<IEnvironment> environmentFactory)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpoint);
        ArgumentNullException.ThrowIfNull(environmentFactory);
        if (!Directory.Exists(checkpoint))
        {
            throw new InvalidDataException($"No checkpoint at {checkpoint}: the folder does not exist.");
        }

        string folder = File.Exists(Path.Combine(checkpoint, "manifest.json"))
            ? checkpoint
            : TrainingSession.FindLatestCheckpoint(checkpoint) ?? throw new InvalidDataException($"No complete checkpoint in {checkpoint}.");
        CheckpointManifest manifest = TrainingSession.ReadManifest(folder);
        MedeTransformer model;
        using (IEnvironment environment = environmentFactory())
        {
            Box box = environment.ActionSpace;
            model = new MedeTransformer(manifest.Options, environment.ObservationSpace.Dimension, box.Dimension, box.Low.ToArray(), box.High.ToArray());
        }

        string networks = Path.Combine(folder, "networks.safetensors");
        MedeModelFile.CopyWeights(model, SafeTensors.Load(networks), networks, "the run's options give it the shape");
        return model;
    }

    /// <summary>
    /// Writes the model into ML.NET's model file (called by <c>ml.Model.Save</c>) with ML.NET's public API: in its
    /// place goes a chain of ML.NET transformers — a <c>CustomMapping</c> and a <c>ValueMapping</c> that carries this
    /// model's weights, a <c>CustomMapping</c> that scores, two <c>Concatenate</c>s and a <c>DropColumns</c> — that adds
    /// the same four columns.
    /// </summary>
    /// <param name="ctx">ML.NET's save context.</param>
    /// <remarks>
    /// <para><c>ml.Model.Load</c> returns that chain (ML.NET's <c>TransformerChain</c>), not a <see cref="MedeTransformer"/>;
    /// its scores are bit-identical to this model's. It reads Observation, Action and Agent (the trajectory columns; an
    /// empty Action scores the predicted action); its PredictedAction and AgentScores keep their sizes. A model with
    /// more than 64 action values or agents cannot be saved this way (<see cref="NotSupportedException"/>).
    /// <see cref="ModelOperationsCatalogExtensions.LoadMedeTransformer(ModelOperationsCatalog, string)"/> reads the full
    /// model back from the same file.</para>
    /// </remarks>
    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        SavedModelChain.Build(this).Save(ctx);
    }

    /// <summary>True: rows are scored one at a time (<see cref="GetRowToRowMapper"/>), so prediction engines and
    /// ML.NET chains can use the model.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>K, the number of agents (1 for SAC).</summary>
    public int NumberOfAgents { get; }

    /// <summary>The observation size the networks read.</summary>
    public int ObservationSize { get; }

    /// <summary>The action size the policies write.</summary>
    public int ActionSize { get; }

    /// <summary>The environment's action box that <see cref="GetPolicy"/>'s actions are mapped onto.</summary>
    public Box ActionSpace => new(_actionLow, _actionHigh);

    /// <summary>The options the model was trained with (a copy).</summary>
    public TrainingConfiguration Options => _options.Clone();

    internal ReadOnlySpan<float> ActionLow => _actionLow;

    internal ReadOnlySpan<float> ActionHigh => _actionHigh;

    /// <summary>The policy of agent <paramref name="agent"/>, pi(a|s,z), acting in the environment's units.</summary>
    /// <param name="agent">The agent z, in [0, <see cref="NumberOfAgents"/>).</param>
    /// <param name="seed">Seeds the policy's own noise stream (used when it samples).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="agent"/> is not an agent of the model.</exception>
    public IPolicy GetPolicy(int agent, ulong seed = 0)
    {
        CheckAgent(agent);
        return new AgentPolicy(_networks.ActorOf(agent), agent, ActionSpace, seed);
    }

    /// <summary>
    /// The mixture policy pi_/z: at every call it draws an agent z from the state discriminator q(z|s), then acts
    /// with pi_z. A deterministic call takes the most likely z and that agent's mode. SAC's one agent is always z.
    /// </summary>
    /// <param name="seed">Seeds the mixture's own random stream (agent draws and action noise).</param>
    public IPolicy GetMixturePolicy(ulong seed = 0)
    {
        var policies = new IPolicy[NumberOfAgents];
        for (int k = 0; k < NumberOfAgents; k++)
        {
            policies[k] = GetPolicy(k, seed + 1 + (ulong)k);
        }

        return new MixturePolicy(policies, _networks.State, ObservationSize, seed);
    }

    /// <summary>The networks the model acts and scores with (actors, twin critics, discriminators).</summary>
    internal ModelNetworks Networks => _networks;

    /// <summary>
    /// Scores one row: the predicted action tanh(mean) of agent <paramref name="agent"/>, log q(z|s,a) for every z,
    /// log pi(a|s,z) and min Q(s,a,z), where a is <paramref name="action"/> when it is given (non-empty) and
    /// the predicted action otherwise. Actions are in the policy's units.
    /// </summary>
    internal void Score(ReadOnlySpan<float> observation, int agent, ReadOnlySpan<float> action, Span<float> predicted, Span<float> agentScores, out float logProbability, out float q)
    {
        SquashedGaussianActor actor = _networks.ActorOf(agent);
        int n = ActionSize;
        using (TapeScope scope = Tape.Scope())
        using (Tensor.NoGrad())
        {
            var (mean, logStd) = actor.Forward(actor.Input.EncodeRow(observation, agent));
            SquashedGaussian.Mode(mean).Data.CopyTo(predicted);
            ReadOnlySpan<float> chosen = action.IsEmpty ? predicted : action;

            // log pi in the policy's units: the tanh correction is that of the unit cube, not of the environment's box.
            logProbability = (float)SquashedGaussian.LogProbability(mean.Data, logStd.Data, chosen);
        }

        _networks.Score(observation, agent, action.IsEmpty ? predicted : action, agentScores, out q);
    }

    /// <summary>The weights a saved model holds, by name: each learner's policy and critics, and the discriminators.</summary>
    internal IEnumerable<(string Name, Tensor Value)> NetworkTensors() => _networks.NamedTensors();

    private void CheckAgent(int agent)
    {
        if ((uint)agent >= (uint)NumberOfAgents)
        {
            throw new ArgumentOutOfRangeException(nameof(agent), agent, $"The model has {NumberOfAgents} agent(s), numbered from 0.");
        }
    }
}
