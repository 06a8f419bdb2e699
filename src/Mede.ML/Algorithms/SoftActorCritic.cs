using Mede.ML.Networks;
using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Optim;
using Mede.ML.Training;

namespace Mede.ML.Algorithms;

/// <summary>
/// Soft actor-critic with a skill discriminator, on the managed engine: SAC (one agent, no discriminator), DIAYN
/// (reward log q(z|s)) and MEDE (log q(z|s,a) inside the soft value and the policy loss), in shared and separate
/// network modes. The update itself is in <c>SoftActorCritic.Update.cs</c>, top to bottom.
/// </summary>
/// <remarks>
/// Random streams: network set i is initialised from <c>init.Fork(i)</c>, and its policy noise is a fork of that
/// stream; the discriminators come from <c>discriminators</c>. The same streams give bit-identical training.
/// </remarks>
public sealed partial class SoftActorCritic : ILearner
{
    private readonly TrainingConfiguration _options;
    private readonly ActorCriticSet[] _sets;
    private readonly Discriminator? _stateAction;
    private readonly Discriminator? _state;
    private readonly Adam? _stateActionOptimizer;
    private readonly Adam? _stateOptimizer;
    private readonly float _targetEntropy;
    private readonly UpdateLanes[] _lanes;
    private ModelNetworks? _model;

    /// <summary>Creates the networks and optimisers.</summary>
    /// <param name="options">The run's options (validated by the caller).</param>
    /// <param name="observationSize">The observation length.</param>
    /// <param name="actionSize">The action length.</param>
    /// <param name="init">The stream the network sets are initialised from (set i from its i-th fork).</param>
    /// <param name="discriminators">The stream the discriminators are initialised from.</param>
    public SoftActorCritic(TrainingConfiguration options, int observationSize, int actionSize, Generator init, Generator discriminators)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(discriminators);
        _options = options.Clone();
        ObservationSize = observationSize;
        ActionSize = actionSize;
        int agents = options.NumberOfAgents;
        bool shared = options.NetworkMode == NetworkMode.Shared;
        AgentEncoding input = AgentEncoding.For(observationSize, agents, shared);
        _sets = new ActorCriticSet[shared ? 1 : agents];
        for (int i = 0; i < _sets.Length; i++)
        {
            string name = agents == 1 ? "sac" : shared ? "shared" : $"agent {i}";
            _sets[i] = new ActorCriticSet(_options, input, actionSize, init.Fork((ulong)i), name);
        }

        if (agents > 1)
        {
            int[] hidden = options.DiscriminatorHiddenLayerSizes;
            _stateAction = new Discriminator(observationSize + actionSize, agents, hidden, discriminators, usesAction: true);
            _state = new Discriminator(observationSize, agents, hidden, discriminators, usesAction: false);
            _stateActionOptimizer = new Adam(_stateAction.Network.Parameters(), options.LearningRate);
            _stateOptimizer = new Adam(_state.Network.Parameters(), options.LearningRate);
            foreach (ActorCriticSet set in _sets)
            {
                // Separate mode: each agent reads its own copy, so agents updating on other threads never see a
                // discriminator mid-step; the copies follow the trained ones at every SyncDiscriminators.
                set.StateAction = shared ? _stateAction : new Discriminator(observationSize + actionSize, agents, hidden, discriminators, usesAction: true);
                set.State = shared ? _state : new Discriminator(observationSize, agents, hidden, discriminators, usesAction: false);
            }

            SyncDiscriminators();
        }

        _targetEntropy = options.TargetEntropy ?? -actionSize;
        _lanes = CreateLanes();
    }

    /// <inheritdoc />
    public int NumberOfAgents => _options.NumberOfAgents;

    /// <inheritdoc />
    public int ObservationSize { get; }

    /// <inheritdoc />
    public int ActionSize { get; }

    /// <inheritdoc />
    public int NetworkSets => _sets.Length;

    /// <inheritdoc />
    public bool TrainsDiscriminatorsApart => _stateAction is not null && _sets.Length > 1;

    /// <inheritdoc />
    public float Alpha => _sets[0].Alpha;

    /// <summary>The entropy target of automatic tuning (-|A| unless set).</summary>
    public float TargetEntropy => _targetEntropy;

    /// <summary>The network set that serves <paramref name="agent"/>.</summary>
    internal ActorCriticSet SetOf(int agent) => _sets.Length == 1 ? _sets[0] : _sets[agent];

    /// <summary>Network set <paramref name="set"/> (tests read its networks).</summary>
    internal ActorCriticSet Set(int set) => _sets[set];

    /// <summary>The update's lanes and buffers of network set <paramref name="set"/> (tests read the policy step's terms).</summary>
    internal UpdateLanes LanesOf(int set) => _lanes[set];

    /// <summary>The trained q(z|s,a), or null for SAC.</summary>
    internal Discriminator? StateActionDiscriminator => _stateAction;

    /// <summary>The trained q(z|s), or null for SAC.</summary>
    internal Discriminator? StateDiscriminator => _state;

    /// <inheritdoc />
    public void Act(ReadOnlySpan<float> observations, ReadOnlySpan<int> agents, bool deterministic, Span<float> actions)
    {
        int rows = agents.Length, o = ObservationSize, n = ActionSize;
        if (observations.Length != rows * o || actions.Length != rows * n)
        {
            throw new ArgumentException($"Act: {rows} agents need {rows * o} observation and {rows * n} action values; got {observations.Length} and {actions.Length}.");
        }

        if (_sets.Length == 1 && rows > 1)
        {
            // Shared mode: every row in one batched forward pass, row r with its agent's one-hot z.
            ActorCriticSet set = _sets[0];
            using TapeScope scope = Tape.Scope();
            using (Tensor.NoGrad())
            {
                Tensor observation = Tensor.Empty(rows, o);
                observations.CopyTo(observation.Data);
                Tensor input = set.Actor.Input.Encode(observation, agents);
                Tensor chosen = deterministic ? set.Actor.Mode(input) : set.Actor.Sample(input, set.Noise).Action;
                chosen.Data.CopyTo(actions);
            }

            return;
        }

        for (int r = 0; r < rows; r++)
        {
            SetOf(agents[r]).Actor.Act(observations.Slice(r * o, o), agents[r], deterministic, SetOf(agents[r]).Noise, actions.Slice(r * n, n));
        }
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
        foreach (ActorCriticSet set in _sets)
        {
            if (set.StateAction is not null && !ReferenceEquals(set.StateAction, _stateAction))
            {
                set.StateAction.Network.CopyFrom(_stateAction!.Network);
                set.State!.Network.CopyFrom(_state!.Network);
            }
        }
    }

    /// <inheritdoc />
    public ModelNetworks ToModel() =>
        _model ??= new ModelNetworks(NumberOfAgents, [.. _sets.Select(s => s.Actor)], [.. _sets.Select(s => s.Critic)], _stateAction, _state);

    /// <inheritdoc />
    public IEnumerable<(string Name, Tensor Value)> Weights(bool forCheckpoint)
    {
        if (!forCheckpoint)
        {
            return ToModel().NamedTensors();
        }

        return CheckpointWeights();
    }

    private IEnumerable<(string Name, Tensor Value)> CheckpointWeights()
    {
        for (int i = 0; i < _sets.Length; i++)
        {
            ActorCriticSet set = _sets[i];
            string prefix = $"learner{i}.";
            foreach (var weight in NetworkWeights.Named(prefix + "policy.", set.Actor.Network)
                .Concat(set.Critic.NamedTensors(prefix + "critic1.", prefix + "critic2."))
                .Concat(set.TargetCritic.NamedTensors(prefix + "target_critic1.", prefix + "target_critic2.")))
            {
                yield return weight;
            }

            yield return (prefix + "log_alpha", set.LogAlpha);
        }

        if (_stateAction is not null)
        {
            foreach (var weight in _stateAction.NamedTensors("discriminator_sa.").Concat(_state!.NamedTensors("discriminator_s.")))
            {
                yield return weight;
            }

            if (TrainsDiscriminatorsApart)
            {
                for (int k = 0; k < _sets.Length; k++)
                {
                    foreach (var weight in _sets[k].StateAction!.NamedTensors($"agent{k}.discriminator_sa.").Concat(_sets[k].State!.NamedTensors($"agent{k}.discriminator_s.")))
                    {
                        yield return weight;
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    public void LoadWeights(IReadOnlyDictionary<string, Tensor> weights, string source)
    {
        ArgumentNullException.ThrowIfNull(weights);
        foreach (var (name, tensor) in CheckpointWeights())
        {
            if (!weights.TryGetValue(name, out Tensor? stored) || stored.Count != tensor.Count)
            {
                throw new InvalidDataException($"{source}: the tensor '{name}' ({tensor.Shape}) is missing or has the wrong size.");
            }

            stored.Data.CopyTo(tensor.Data);
        }
    }

    /// <inheritdoc />
    public IEnumerable<(string Name, Tensor Value)> OptimizerState() =>
        Optimizers().SelectMany(o => o.Optimizer.StateTensors().Select(t => (o.Prefix + t.Name, t.Value)));

    /// <inheritdoc />
    public void LoadOptimizerState(IReadOnlyDictionary<string, Tensor> state, string source)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (prefix, optimizer) in Optimizers())
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
        foreach (ActorCriticSet set in _sets)
        {
            set.Noise.State.Write(writer);
        }
    }

    /// <inheritdoc />
    public void LoadRandomState(BinaryReader reader)
    {
        foreach (ActorCriticSet set in _sets)
        {
            set.Noise.State = GeneratorState.Read(reader);
        }
    }

    private IEnumerable<(string Prefix, Adam Optimizer)> Optimizers()
    {
        for (int i = 0; i < _sets.Length; i++)
        {
            yield return ($"learner{i}.policy.", _sets[i].PolicyOptimizer);
            yield return ($"learner{i}.critics.", _sets[i].CriticOptimizer);
            yield return ($"learner{i}.alpha.", _sets[i].AlphaOptimizer);
        }

        if (_stateAction is not null)
        {
            yield return ("discriminator_sa.", _stateActionOptimizer!);
            yield return ("discriminator_s.", _stateOptimizer!);
        }
    }
}
