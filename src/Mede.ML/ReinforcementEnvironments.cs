using Mede.ML.Environments;

namespace Mede.ML;

/// <summary>
/// The environments of <see cref="ReinforcementCatalog"/>. Each method returns a factory of fresh environments,
/// because a trainer runs one copy per agent; pass it to <c>Data.FromEnvironment</c> or to <c>Evaluate</c>.
/// Named environments go through <see cref="EnvironmentRegistry"/>, where the MuJoCo tasks and user environments
/// register themselves.
/// </summary>
public sealed class ReinforcementEnvironments
{
    internal ReinforcementEnvironments()
    {
    }

    /// <summary>The registered environment names.</summary>
    public IReadOnlyList<string> Names => EnvironmentRegistry.Names;

    /// <summary>The paper's MultiGoal task: a 2D point mass with four goals.</summary>
    /// <param name="options">Its options, or null for the paper's settings.</param>
    public Func<IEnvironment> MultiGoal(MultiGoalOptions? options = null)
    {
        // Each environment copies the options it is made with; later changes to them reach later copies.
        return () => new global::Mede.ML.Environments.MultiGoal(options);
    }

    /// <summary>The classic pendulum swing-up, a fast sanity task.</summary>
    /// <param name="options">Its options, or null for Gymnasium's settings.</param>
    public Func<IEnvironment> Pendulum(PendulumOptions? options = null)
    {
        return () => new global::Mede.ML.Environments.Pendulum(options);
    }

    /// <summary>MuJoCo Hopper (registered as <c>hopper</c> when the MuJoCo tasks are available).</summary>
    /// <param name="options">Its <c>key=value</c> options, or null for the defaults.</param>
    /// <exception cref="ArgumentException">The environment is not registered (the message lists the ones that are).</exception>
    public Func<IEnvironment> Hopper(IReadOnlyDictionary<string, string>? options = null) => Create("hopper", options);

    /// <summary>MuJoCo Walker2d (registered as <c>walker2d</c>).</summary>
    /// <param name="options">Its <c>key=value</c> options, or null for the defaults.</param>
    /// <exception cref="ArgumentException">The environment is not registered (the message lists the ones that are).</exception>
    public Func<IEnvironment> Walker2d(IReadOnlyDictionary<string, string>? options = null) => Create("walker2d", options);

    /// <summary>The paper's Multi-direction Ant (registered as <c>multidirection-ant</c>): the SAC codebase's
    /// <c>ant/multi-direction</c> task on rllab's ant, 125-value observation. The Ant-v4-based variant is registered as
    /// <c>multidirection-ant-v4</c>.</summary>
    /// <param name="options">Its <c>key=value</c> options, or null for the defaults.</param>
    /// <exception cref="ArgumentException">The environment is not registered (the message lists the ones that are).</exception>
    public Func<IEnvironment> MultiDirectionAnt(IReadOnlyDictionary<string, string>? options = null) => Create("multidirection-ant", options);

    /// <summary>A registered environment by name, with its <c>key=value</c> options (checked when an environment is made).</summary>
    /// <param name="name">A registered name, e.g. <c>multigoal</c> (case-insensitive).</param>
    /// <param name="options">Its options, or null for the defaults.</param>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the registered ones.</exception>
    public Func<IEnvironment> Create(string name, IReadOnlyDictionary<string, string>? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return EnvironmentRegistry.Factory(name, options);
    }
}
