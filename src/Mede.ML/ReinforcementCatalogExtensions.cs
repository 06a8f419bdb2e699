namespace Mede.ML;

/// <summary>The entry point of Mede.ML's reinforcement learning on an <see cref="MLContext"/>.</summary>
public static class ReinforcementCatalogExtensions
{
    /// <summary>The reinforcement learning catalog of <paramref name="context"/>: trainers, environments, rollout
    /// adapters and evaluation.</summary>
    /// <param name="context">The context whose seed the catalog's components draw on.</param>
    /// <example><code>MedeTrainer trainer = new MLContext(seed: 1).Reinforcement().Trainers.Mede(numberOfAgents: 4);</code></example>
    public static ReinforcementCatalog Reinforcement(this MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ReinforcementCatalog(context);
    }
}
