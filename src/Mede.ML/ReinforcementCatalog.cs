using Mede.ML.Environments;
using Mede.ML.Evaluation;
using Microsoft.ML;

namespace Mede.ML;

/// <summary>
/// Reinforcement learning in an ML.NET pipeline, as ML.NET's task catalogs (<c>RecommendationCatalog</c>): reached
/// through <see cref="ReinforcementCatalogExtensions.Reinforcement"/>, it holds the <see cref="Trainers"/>, the
/// <see cref="Environments"/>, the rollout adapters and trajectory loading (<see cref="Data"/>), and
/// <see cref="Evaluate"/>.
/// </summary>
public sealed class ReinforcementCatalog
{
    internal ReinforcementCatalog(MLContext context)
    {
        Context = context;
        Trainers = new ReinforcementTrainers(context);
        Environments = new ReinforcementEnvironments();
        Data = new ReinforcementData(context);
    }

    /// <summary>MEDE and the DIAYN and SAC baselines.</summary>
    public ReinforcementTrainers Trainers { get; }

    /// <summary>The built-in environments and the registry of named ones.</summary>
    public ReinforcementEnvironments Environments { get; }

    /// <summary>Rollout adapters (environments as data views) and trajectory loading.</summary>
    public ReinforcementData Data { get; }

    internal MLContext Context { get; }

    /// <summary>A MEDE trainer: the shortcut for <see cref="ReinforcementTrainers.Mede(int, long, float)"/>.</summary>
    /// <param name="numberOfAgents">|Z|, the number of agents.</param>
    /// <param name="totalSteps">Environment steps to train for, all agents together.</param>
    /// <param name="entropyCoefficient">alpha, the entropy temperature (it also scales the discriminator term).</param>
    public MedeTrainer Mede(
        int numberOfAgents = TrainerDefaults.NumberOfAgents,
        long totalSteps = TrainerDefaults.TotalSteps,
        float entropyCoefficient = TrainerDefaults.EntropyCoefficient) =>
        Trainers.Mede(numberOfAgents, totalSteps, entropyCoefficient);

    /// <summary>MEDE with every hyperparameter: the shortcut for <see cref="ReinforcementTrainers.Mede(MedeTrainer.Options, TrainingRunSettings?)"/>.</summary>
    /// <param name="options">The hyperparameters (copied).</param>
    /// <param name="run">How the run is executed and kept, or null for the defaults.</param>
    public MedeTrainer Mede(MedeTrainer.Options options, TrainingRunSettings? run = null) => Trainers.Mede(options, run);

    /// <summary>
    /// Runs <paramref name="episodes"/> episodes per agent of <paramref name="model"/> in fresh environments and
    /// summarises the returns (and the goals reached, on MultiGoal): the paper's Table 1.
    /// </summary>
    /// <param name="model">The fitted model.</param>
    /// <param name="environmentFactory">Makes the evaluation environment, e.g. <c>Environments.MultiGoal()</c>.</param>
    /// <param name="episodes">Episodes per agent (the paper uses 50).</param>
    /// <param name="deterministic">Act with each policy's mode tanh(mean) instead of sampling.</param>
    /// <param name="recorder">Receives every step and episode of the rollouts (e.g. the run store's
    /// evaluation recorder), or null.</param>
    public EvaluationReport Evaluate(MedeTransformer model, Func<IEnvironment> environmentFactory, int episodes = 50, bool deterministic = false, IRolloutRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(environmentFactory);
        ulong seed = (ulong)(uint)Context.NextSeed();
        var policies = Enumerable.Range(0, model.NumberOfAgents).Select(k => model.GetPolicy(k, seed + 1 + (ulong)k)).ToList();
        return Evaluator.Evaluate(policies, environmentFactory, episodes, deterministic, seed, recorder);
    }
}
