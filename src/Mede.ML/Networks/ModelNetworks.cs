using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;

namespace Mede.ML.Networks;

/// <summary>
/// The networks a fitted model acts and scores with: per network set (one shared set, or one per agent in separate
/// mode) the actor pi(a|s,z) and the twin critic, and the discriminators q(z|s,a) and q(z|s) (none for SAC). No
/// target critics, temperatures or optimiser states: those belong to training.
/// </summary>
public sealed class ModelNetworks
{
    private readonly SquashedGaussianActor[] _actors;
    private readonly TwinCritic[] _critics;

    /// <summary>Networks over existing actors, critics and discriminators (not copied).</summary>
    /// <param name="agents">K.</param>
    /// <param name="actors">One actor per network set (1, or K).</param>
    /// <param name="critics">One twin critic per network set.</param>
    /// <param name="stateAction">q(z|s,a), or null for SAC.</param>
    /// <param name="state">q(z|s), or null for SAC.</param>
    public ModelNetworks(int agents, IReadOnlyList<SquashedGaussianActor> actors, IReadOnlyList<TwinCritic> critics, Discriminator? stateAction, Discriminator? state)
    {
        ArgumentNullException.ThrowIfNull(actors);
        ArgumentNullException.ThrowIfNull(critics);
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        if (actors.Count == 0 || actors.Count != critics.Count || (actors.Count != 1 && actors.Count != agents))
        {
            throw new ArgumentException($"A model has one actor and one twin critic per network set (1 shared, or {agents}); got {actors.Count} actors and {critics.Count} critics.");
        }

        if ((stateAction is null) != (state is null) || (agents > 1 && stateAction is null))
        {
            throw new ArgumentException($"A model of {agents} agents needs {(agents > 1 ? "both discriminators" : "no discriminator")}.");
        }

        NumberOfAgents = agents;
        _actors = [.. actors];
        _critics = [.. critics];
        StateAction = stateAction;
        State = state;
    }

    /// <summary>K.</summary>
    public int NumberOfAgents { get; }

    /// <summary>The observation length.</summary>
    public int ObservationSize => _actors[0].Input.ObservationSize;

    /// <summary>The action length.</summary>
    public int ActionSize => _actors[0].ActionSize;

    /// <summary>The actors, one per network set.</summary>
    public IReadOnlyList<SquashedGaussianActor> Actors => _actors;

    /// <summary>The twin critics, one per network set.</summary>
    public IReadOnlyList<TwinCritic> Critics => _critics;

    /// <summary>q(z|s,a), or null for SAC.</summary>
    public Discriminator? StateAction { get; }

    /// <summary>q(z|s), or null for SAC.</summary>
    public Discriminator? State { get; }

    /// <summary>Creates untrained networks of the given shape (to be filled from saved weights).</summary>
    /// <param name="observationSize">The observation length.</param>
    /// <param name="actionSize">The action length.</param>
    /// <param name="agents">K.</param>
    /// <param name="shared">True for one network set with the agent as a one-hot input, false for one set per agent.</param>
    /// <param name="hiddenSizes">The actor's and critics' hidden widths.</param>
    /// <param name="discriminatorHiddenSizes">The discriminators' hidden widths.</param>
    public static ModelNetworks Create(int observationSize, int actionSize, int agents, bool shared, IReadOnlyList<int> hiddenSizes, IReadOnlyList<int> discriminatorHiddenSizes)
    {
        var generator = new Generator(0);
        int sets = shared ? 1 : agents;
        AgentEncoding input = AgentEncoding.For(observationSize, agents, shared);
        var actors = new SquashedGaussianActor[sets];
        var critics = new TwinCritic[sets];
        for (int i = 0; i < sets; i++)
        {
            actors[i] = new SquashedGaussianActor(input, actionSize, hiddenSizes, generator);
            critics[i] = new TwinCritic(input, actionSize, hiddenSizes, generator);
        }

        Discriminator? stateAction = null, state = null;
        if (agents > 1)
        {
            stateAction = new Discriminator(observationSize + actionSize, agents, discriminatorHiddenSizes, generator, usesAction: true);
            state = new Discriminator(observationSize, agents, discriminatorHiddenSizes, generator, usesAction: false);
        }

        return new ModelNetworks(agents, actors, critics, stateAction, state);
    }

    /// <summary>The actor that serves agent <paramref name="agent"/>.</summary>
    /// <param name="agent">The agent z.</param>
    public SquashedGaussianActor ActorOf(int agent) => _actors.Length == 1 ? _actors[0] : _actors[agent];

    /// <summary>The twin critic that serves agent <paramref name="agent"/>.</summary>
    /// <param name="agent">The agent z.</param>
    public TwinCritic CriticOf(int agent) => _critics.Length == 1 ? _critics[0] : _critics[agent];

    /// <summary>
    /// Scores one row for agent <paramref name="agent"/>: log q(z|s,a) for every z (0 for SAC's single agent) and
    /// min Q(s,a,z), at the action <paramref name="action"/> in the policy's units.
    /// </summary>
    /// <param name="observation">The observation.</param>
    /// <param name="agent">The agent z.</param>
    /// <param name="action">The action, in the unit cube.</param>
    /// <param name="agentScores">Receives K values.</param>
    /// <param name="q">Receives min Q(s,a,z).</param>
    public void Score(ReadOnlySpan<float> observation, int agent, ReadOnlySpan<float> action, Span<float> agentScores, out float q)
    {
        using TapeScope scope = Tape.Scope();
        using (Tensor.NoGrad())
        {
            TwinCritic critic = CriticOf(agent);
            Tensor chosen = Tensor.Empty(1, ActionSize);
            action.CopyTo(chosen.Data);
            q = critic.Min(critic.Input.EncodeRow(observation, agent), chosen).ToScalar();
            if (StateAction is null)
            {
                agentScores[0] = 0f;
                return;
            }

            Tensor stateAction = Tensor.Empty(1, ObservationSize + ActionSize);
            observation.CopyTo(stateAction.Data);
            action.CopyTo(stateAction.Data[ObservationSize..]);
            StateAction.LogProbabilities(stateAction).Data.CopyTo(agentScores);
        }
    }

    /// <summary>The weights by name, as model files and checkpoints name them: <c>learner{i}.policy.*</c>,
    /// <c>learner{i}.critic1.*</c>, <c>learner{i}.critic2.*</c>, <c>discriminator_sa.*</c>, <c>discriminator_s.*</c>.</summary>
    public IEnumerable<(string Name, Tensor Value)> NamedTensors()
    {
        for (int i = 0; i < _actors.Length; i++)
        {
            foreach (var weight in NetworkWeights.Named($"learner{i}.policy.", _actors[i].Network))
            {
                yield return weight;
            }

            foreach (var weight in _critics[i].NamedTensors($"learner{i}.critic1.", $"learner{i}.critic2."))
            {
                yield return weight;
            }
        }

        if (StateAction is not null)
        {
            foreach (var weight in StateAction.NamedTensors("discriminator_sa.").Concat(State!.NamedTensors("discriminator_s.")))
            {
                yield return weight;
            }
        }
    }
}
