using Microsoft.ML;

namespace Mede.ML;

/// <summary>The entry point of Mede.ML's reinforcement learning on ML.NET's <see cref="MLContext"/>, as ML.NET's add-on
/// packages do it (<c>ml.Recommendation()</c>).</summary>
public static class ReinforcementCatalogExtensions
{
    /// <summary>The reinforcement learning catalog of <paramref name="context"/>: trainers, environments, rollout
    /// adapters and evaluation.</summary>
    /// <param name="context">The ML.NET context whose random stream (its seed) the catalog's trainers, rollout adapters and
    /// evaluations draw their seeds from.</param>
    /// <example><code>MedeTrainer trainer = new MLContext(seed: 1).Reinforcement().Trainers.Mede(numberOfAgents: 4);</code></example>
    public static ReinforcementCatalog Reinforcement(this MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ReinforcementCatalog(context);
    }
}
