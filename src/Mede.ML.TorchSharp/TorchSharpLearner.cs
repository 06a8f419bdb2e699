using Mede.ML.Algorithms;
using Mede.ML.Networks;
using Mede.ML.Neural;
using Mede.ML.Training;
using TorchSharp;
using static TorchSharp.torch;
using Generator = Mede.ML.Neural.Generator;
using ManagedTensor = Mede.ML.Neural.Tensor;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Mede.ML.TorchSharp;

/// <summary>
/// Soft actor-critic with a skill discriminator on TorchSharp (libtorch): SAC, DIAYN and MEDE in shared and separate
/// network modes, the same algorithm as the managed <see cref="SoftActorCritic"/>, on the CPU or a CUDA device. The
/// update is in <c>TorchSharpLearner.Update.cs</c>, top to bottom.
/// </summary>
/// <remarks>
/// <para>The networks are initialised from the same random streams as the managed learner's (network set i from
/// <c>init.Fork(i)</c>, the discriminators from <c>discriminators</c>), and the policy noise eps is drawn from the same
/// Mede.ML generators and copied into torch tensors: given the same seed, both backends start from the same weights
/// and draw the same noise, so their updates agree to float32 rounding.</para>
/// <para>The learner keeps managed copies of its networks (<see cref="ToModel"/>): a model trained here acts and scores
/// through the managed <see cref="ModelNetworks"/>, is saved in the same model file, and loads in the other backend.</para>
/// </remarks>
public sealed partial class TorchSharpLearner : ILearner, IDisposable
{
    private readonly TrainingConfiguration _options;
    private readonly Device _device;
    private readonly ActorCriticSlot[] _sets;
    private readonly DiscriminatorModule? _discriminators;
    private readonly TorchAdam? _stateActionOptimizer;
    private readonly TorchAdam? _stateOptimizer;
    private readonly BatchTensors _discriminatorBatch;
    // The update's constant scalars, made once and held (a temporary scalar could be freed while libtorch reads it,
    // see TorchScalars): reward scale, gamma, log K, the target entropy, and Polyak's 1 - tau and tau.
    private readonly Scalar _rewardScale, _gamma, _logK, _targetEntropy, _keep, _take;
    private readonly Discriminator? _managedStateAction;
    private readonly Discriminator? _managedState;
    private readonly List<(string Name, ManagedTensor Managed, TorchTensor Torch)> _named = [];
    private readonly ModelNetworks _model;
    private bool _disposed;

    /// <summary>Creates the networks (initialised as the managed learner's), the optimisers and the noise streams.</summary>
    /// <param name="options">The run's options (validated by the caller); <see cref="TrainingConfiguration.Device"/> picks the device.</param>
    /// <param name="observationSize">The observation length.</param>
    /// <param name="actionSize">The action length.</param>
    /// <param name="init">The stream the network sets are initialised from (set i from its i-th fork).</param>
    /// <param name="discriminators">The stream the discriminators are initialised from.</param>
    /// <exception cref="InvalidOperationException">CUDA was requested where there is none (and fallback is off).</exception>
    public TorchSharpLearner(TrainingConfiguration options, int observationSize, int actionSize, Generator init, Generator discriminators)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(discriminators);
        _options = options.Clone();
        _device = TorchDevices.Resolve(_options.Device, _options.FallbackToCpu, out string? note);
        DeviceNote = note;
        if (_device.type == DeviceType.CPU)
        {
            // libtorch's own thread pool is process-wide and defaults to every core; agents updating in parallel on
            // top of it would oversubscribe the machine (measured 4-5x slower on two busy cores).
            torch.set_num_threads(IntraOpThreads(_options.Threads, _options.NetworkMode == NetworkMode.Shared ? 1 : _options.NumberOfAgents));
        }

        ObservationSize = observationSize;
        ActionSize = actionSize;
        int agents = options.NumberOfAgents;
        bool shared = options.NetworkMode == NetworkMode.Shared;
        AgentEncoding input = AgentEncoding.For(observationSize, agents, shared);
        int[] hidden = options.HiddenLayerSizes;

        // The managed twins, drawn from the streams in the managed learner's order (actor, critic, target, then the noise fork).
        _sets = new ActorCriticSlot[shared ? 1 : agents];
        for (int i = 0; i < _sets.Length; i++)
        {
            Generator generator = init.Fork((ulong)i);
            var actor = new SquashedGaussianActor(input, actionSize, hidden, generator);
            var critic = new TwinCritic(input, actionSize, hidden, generator);
            var target = new TwinCritic(input, actionSize, hidden, generator);
            target.CopyFrom(critic);
            string name = agents == 1 ? "sac" : shared ? "shared" : $"agent {i}";
            var module = new ActorCriticModule(input.Width, actionSize, hidden, MathF.Log(options.EntropyCoefficient));
            _sets[i] = new ActorCriticSlot(name, module, actor, critic, target, ManagedTensor.Scalar(MathF.Log(options.EntropyCoefficient)), generator.Fork(streamId: 1), input);
        }

        var agentCopies = new List<DiscriminatorModule>();
        var managedCopies = new List<(Discriminator StateAction, Discriminator State)>();
        if (agents > 1)
        {
            int[] discriminatorHidden = options.DiscriminatorHiddenLayerSizes;
            _managedStateAction = new Discriminator(observationSize + actionSize, agents, discriminatorHidden, discriminators, usesAction: true);
            _managedState = new Discriminator(observationSize, agents, discriminatorHidden, discriminators, usesAction: false);
            _discriminators = new DiscriminatorModule(observationSize, actionSize, agents, discriminatorHidden);
            if (!shared)
            {
                for (int k = 0; k < agents; k++)
                {
                    // Drawn as the managed learner draws its copies (then overwritten by the first sync).
                    managedCopies.Add((new Discriminator(observationSize + actionSize, agents, discriminatorHidden, discriminators, usesAction: true),
                        new Discriminator(observationSize, agents, discriminatorHidden, discriminators, usesAction: false)));
                    agentCopies.Add(new DiscriminatorModule(observationSize, actionSize, agents, discriminatorHidden));
                }
            }
        }

        Module = new MedeModule([.. _sets.Select(s => s.Module)], _discriminators, agentCopies);
        Module.to(_device);
        for (int i = 0; i < _sets.Length; i++)
        {
            _sets[i].StateActionReader = shared ? _discriminators?.StateAction : agentCopies[i].StateAction;
            _sets[i].StateReader = shared ? _discriminators?.State : agentCopies[i].State;
        }

        // The torch parameters by name, each beside its managed twin, in the managed learner's checkpoint order.
        var parameters = Module.named_parameters().ToDictionary(p => p.name, p => (TorchTensor)p.parameter, StringComparer.Ordinal);
        foreach (var (name, managed) in ManagedNamed(managedCopies))
        {
            if (!parameters.TryGetValue(name, out TorchTensor? parameter) || parameter.numel() != managed.Count)
            {
                throw new InvalidOperationException($"TorchSharpLearner: the torch model has no parameter '{name}' of {managed.Count} values.");
            }

            _named.Add((name, managed, parameter));
            TorchCopy.From(managed.Data, parameter);
        }

        foreach (ActorCriticSlot set in _sets)
        {
            set.PolicyOptimizer = new TorchAdam(set.Module.Policy.parameters(), options.LearningRate);
            set.CriticOptimizer = new TorchAdam(set.Module.Critic1.parameters().Concat(set.Module.Critic2.parameters()), options.LearningRate);
            set.AlphaOptimizer = new TorchAdam([set.Module.LogAlpha], options.LearningRate);
            set.Batch = new BatchTensors(_device, observationSize, actionSize, agents);
        }

        if (_discriminators is not null)
        {
            _stateActionOptimizer = new TorchAdam(_discriminators.StateAction.parameters(), options.LearningRate);
            _stateOptimizer = new TorchAdam(_discriminators.State.parameters(), options.LearningRate);
        }

        _discriminatorBatch = new BatchTensors(_device, observationSize, actionSize, agents);
        float tau = options.TargetSmoothingCoefficient;
        (_rewardScale, _gamma, _logK, _targetEntropy, _keep, _take) = (options.RewardScale.ToScalar(), options.DiscountFactor.ToScalar(),
            MathF.Log(agents).ToScalar(), (options.TargetEntropy ?? -actionSize).ToScalar(), (1f - tau).ToScalar(), tau.ToScalar());
        _model = new ModelNetworks(agents, [.. _sets.Select(s => s.Actor)], [.. _sets.Select(s => s.Critic)], _managedStateAction, _managedState);
        SyncDiscriminators();
    }

    /// <summary>All networks as one TorchSharp module (its <c>state_dict()</c> has the managed engine's names).</summary>
    public MedeModule Module { get; }

    /// <summary>The device the networks live on.</summary>
    public Device Device => _device;

    /// <summary>Null, or the sentence saying that the requested CUDA device was missing and training runs on the CPU.</summary>
    public string? DeviceNote { get; }

    /// <inheritdoc />
    public int NumberOfAgents => _options.NumberOfAgents;

    /// <summary>
    /// The libtorch threads each update may use on the CPU, given the run's thread budget (<c>Threads</c>) and its
    /// number of network sets: the sets that update at once (separate mode runs up to <paramref name="threads"/> agents
    /// in parallel) share the budget, so two threads and four agents give one libtorch thread per agent, and one network
    /// with two threads gives it both. At least 1.
    /// </summary>
    /// <param name="threads">The run's thread budget.</param>
    /// <param name="networkSets">1 (SAC, shared mode) or K (separate mode).</param>
    public static int IntraOpThreads(int threads, int networkSets)
    {
        int concurrentSets = Math.Max(1, Math.Min(threads, networkSets));
        return Math.Max(1, threads / concurrentSets);
    }

    /// <inheritdoc />
    public int ObservationSize { get; }

    /// <inheritdoc />
    public int ActionSize { get; }

    /// <inheritdoc />
    public int NetworkSets => _sets.Length;

    /// <inheritdoc />
    public bool TrainsDiscriminatorsApart => _discriminators is not null && _sets.Length > 1;

    /// <inheritdoc />
    public float Alpha => _sets[0].Alpha;

    private ActorCriticSlot SetOf(int agent) => _sets.Length == 1 ? _sets[0] : _sets[agent];

    /// <inheritdoc />
    public void Act(ReadOnlySpan<float> observations, ReadOnlySpan<int> agents, bool deterministic, Span<float> actions)
    {
        int rows = agents.Length, o = ObservationSize, n = ActionSize;
        if (observations.Length != rows * o || actions.Length != rows * n)
        {
            throw new ArgumentException($"Act: {rows} agents need {rows * o} observation and {rows * n} action values; got {observations.Length} and {actions.Length}.");
        }

        using DisposeScope scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (_sets.Length == 1 && rows > 1)
        {
            // Shared mode: every row in one batched forward pass, the noise drawn as the managed learner draws it.
            ActOn(_sets[0], observations, agents, deterministic, actions);
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            ActOn(SetOf(agents[r]), observations.Slice(r * o, o), agents.Slice(r, 1), deterministic, actions.Slice(r * n, n));
        }
    }

    private void ActOn(ActorCriticSlot set, ReadOnlySpan<float> observations, ReadOnlySpan<int> agents, bool deterministic, Span<float> actions)
    {
        int rows = agents.Length, width = set.Input.Width, n = ActionSize;
        var input = new float[rows * width];
        for (int r = 0; r < rows; r++)
        {
            set.Input.Write(observations.Slice(r * ObservationSize, ObservationSize), agents[r], input.AsSpan(r * width, width));
        }

        TorchTensor x = tensor(input, [rows, width]).to(_device);
        TorchTensor output = set.Module.Policy.forward(x);
        TorchTensor mean = output.narrow(1, 0, n);
        TorchTensor chosen;
        if (deterministic)
        {
            chosen = mean.tanh();
        }
        else
        {
            var eps = new float[rows * n];
            set.Noise.FillNormal(eps);
            TorchTensor logStd = output.narrow(1, n, n).clamp(TorchScalars.LogStdMin, TorchScalars.LogStdMax);
            chosen = (mean + logStd.exp() * tensor(eps, [rows, n]).to(_device)).tanh();
        }

        TorchCopy.To(chosen.contiguous(), actions);
    }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<int> agents, Span<float> agentScores, Span<float> q)
    {
        int o = ObservationSize, n = ActionSize, k = NumberOfAgents;
        ModelNetworks model = ToModel();
        for (int r = 0; r < agents.Length; r++)
        {
            model.Score(observations.Slice(r * o, o), agents[r], actions.Slice(r * n, n), agentScores.Slice(r * k, k), out q[r]);
        }
    }

    /// <inheritdoc />
    public void SyncDiscriminators()
    {
        if (!TrainsDiscriminatorsApart)
        {
            return;
        }

        using var noGrad = no_grad();
        foreach (DiscriminatorModule copy in Module.AgentDiscriminators)
        {
            CopyParameters(_discriminators!.StateAction, copy.StateAction);
            CopyParameters(_discriminators.State, copy.State);
        }
    }

    /// <summary>The fitted model's networks in the managed engine, refreshed from the torch weights at every call.</summary>
    public ModelNetworks ToModel()
    {
        CopyToManaged();
        return _model;
    }

    /// <inheritdoc />
    public IEnumerable<(string Name, ManagedTensor Value)> Weights(bool forCheckpoint)
    {
        CopyToManaged();
        return forCheckpoint ? [.. _named.Select(w => (w.Name, w.Managed))] : _model.NamedTensors();
    }

    /// <inheritdoc />
    public void LoadWeights(IReadOnlyDictionary<string, ManagedTensor> weights, string source)
    {
        ArgumentNullException.ThrowIfNull(weights);
        foreach (var (name, managed, parameter) in _named)
        {
            if (!weights.TryGetValue(name, out ManagedTensor? stored) || stored.Count != managed.Count)
            {
                throw new InvalidDataException($"{source}: the tensor '{name}' ({managed.Shape}) is missing or has the wrong size.");
            }

            stored.Data.CopyTo(managed.Data);
            TorchCopy.From(stored.Data, parameter);
        }
    }

    /// <inheritdoc />
    public IEnumerable<(string Name, ManagedTensor Value)> OptimizerState() =>
        [.. Optimizers().SelectMany(o => o.Optimizer.StateTensors(o.Shapes).Select(t => (o.Prefix + t.Name, t.Value)))];

    /// <inheritdoc />
    public void LoadOptimizerState(IReadOnlyDictionary<string, ManagedTensor> state, string source)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (prefix, optimizer, _) in Optimizers())
        {
            var own = state.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(p => p.Key[prefix.Length..], p => p.Value, StringComparer.Ordinal);
            try
            {
                optimizer.LoadStateTensors(own);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{source}: the optimiser state '{prefix}*' does not fit: {e.Message}", e);
            }
        }
    }

    /// <inheritdoc />
    public void SaveRandomState(BinaryWriter writer)
    {
        foreach (ActorCriticSlot set in _sets)
        {
            set.Noise.State.Write(writer);
        }
    }

    /// <inheritdoc />
    public void LoadRandomState(BinaryReader reader)
    {
        foreach (ActorCriticSlot set in _sets)
        {
            set.Noise.State = GeneratorState.Read(reader);
        }
    }

    /// <summary>Releases the native tensors (networks, optimiser state, batch buffers).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (ActorCriticSlot set in _sets)
        {
            set.Dispose();
        }

        _stateActionOptimizer?.Dispose();
        _stateOptimizer?.Dispose();
        _discriminatorBatch.Dispose();
        foreach (Scalar constant in new[] { _rewardScale, _gamma, _logK, _targetEntropy, _keep, _take })
        {
            constant.Dispose();
        }

        Module.Dispose();
    }

    /// <summary>Parameter gradients by name as left by the last update (each network's own loss), for the equivalence tests.</summary>
    internal IReadOnlyDictionary<string, float[]> Gradients()
    {
        var gradients = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, _, parameter) in _named)
        {
            using TorchTensor? grad = parameter.grad;
            if (grad is not null)
            {
                gradients[name] = TorchCopy.ToArray(grad);
            }
        }

        return gradients;
    }

    private void CopyToManaged()
    {
        foreach (var (_, managed, parameter) in _named)
        {
            TorchCopy.To(parameter, managed.Data);
        }
    }

    private static void CopyParameters(nn.Module source, nn.Module destination)
    {
        foreach (var (s, d) in source.parameters().Zip(destination.parameters()))
        {
            d.copy_(s);
        }
    }

    /// <summary>The managed twins' tensors under the managed learner's checkpoint names, in its order.</summary>
    private IEnumerable<(string Name, ManagedTensor Value)> ManagedNamed(List<(Discriminator StateAction, Discriminator State)> copies)
    {
        for (int i = 0; i < _sets.Length; i++)
        {
            ActorCriticSlot set = _sets[i];
            string prefix = $"learner{i}.";
            foreach (var (name, parameter) in set.Actor.Network.NamedParameters())
            {
                yield return (prefix + "policy." + name, parameter);
            }

            foreach (var weight in set.Critic.NamedTensors(prefix + "critic1.", prefix + "critic2.")
                .Concat(set.TargetCritic.NamedTensors(prefix + "target_critic1.", prefix + "target_critic2.")))
            {
                yield return weight;
            }

            yield return (prefix + "log_alpha", set.LogAlpha);
        }

        if (_managedStateAction is not null)
        {
            foreach (var weight in _managedStateAction.NamedTensors("discriminator_sa.").Concat(_managedState!.NamedTensors("discriminator_s.")))
            {
                yield return weight;
            }

            for (int k = 0; k < copies.Count; k++)
            {
                foreach (var weight in copies[k].StateAction.NamedTensors($"agent{k}.discriminator_sa.").Concat(copies[k].State.NamedTensors($"agent{k}.discriminator_s.")))
                {
                    yield return weight;
                }
            }
        }
    }

    /// <summary>Each optimiser with its checkpoint prefix (the managed learner's) and its parameters' managed shapes.</summary>
    private IEnumerable<(string Prefix, TorchAdam Optimizer, IReadOnlyList<ManagedTensor> Shapes)> Optimizers()
    {
        for (int i = 0; i < _sets.Length; i++)
        {
            ActorCriticSlot set = _sets[i];
            yield return ($"learner{i}.policy.", set.PolicyOptimizer, [.. set.Actor.Network.Parameters()]);
            yield return ($"learner{i}.critics.", set.CriticOptimizer, [.. set.Critic.Parameters()]);
            yield return ($"learner{i}.alpha.", set.AlphaOptimizer, [set.LogAlpha]);
        }

        if (_managedStateAction is not null)
        {
            yield return ("discriminator_sa.", _stateActionOptimizer!, [.. _managedStateAction.Network.Parameters()]);
            yield return ("discriminator_s.", _stateOptimizer!, [.. _managedState!.Network.Parameters()]);
        }
    }
}
