using Mede.ML.Algorithms;
using Microsoft.ML;

namespace Mede.ML;

/// <summary>
/// The trainers of <see cref="ReinforcementCatalog"/>: MEDE, and DIAYN and SAC as baselines. Each has a
/// simple-parameter overload and an <see cref="MedeTrainer.Options"/> overload drawing on the same
/// <see cref="MedeTrainer.Defaults"/>. When the options leave <see cref="MedeTrainer.Options.Seed"/> at 0 and the
/// context has a seed, the trainer's seed is drawn from the context.
/// </summary>
public sealed class ReinforcementTrainers
{
    private readonly MLContext _context;

    internal ReinforcementTrainers(MLContext context)
    {
        _context = context;
    }

    /// <summary>MEDE (Maximum Entropy Diverse Exploration): K agents whose objective adds alpha beta log q(z|s,a).</summary>
    /// <param name="numberOfAgents">|Z|, the number of agents (at least 2).</param>
    /// <param name="totalSteps">Environment steps to train for, all agents together.</param>
    /// <param name="entropyCoefficient">alpha, the entropy temperature (it also scales the discriminator term).</param>
    public MedeTrainer Mede(
        int numberOfAgents = MedeTrainer.Defaults.NumberOfAgents,
        long totalSteps = MedeTrainer.Defaults.TotalSteps,
        float entropyCoefficient = MedeTrainer.Defaults.EntropyCoefficient) =>
        Mede(new MedeTrainer.Options
        {
            NumberOfAgents = numberOfAgents,
            TotalSteps = totalSteps,
            EntropyCoefficient = entropyCoefficient,
        });

    /// <summary>A trainer with every option. The options' <see cref="MedeTrainer.Options.Algorithm"/> is kept as
    /// given (MEDE by default), so this is also the one entry point for a run described by options alone.</summary>
    /// <param name="options">The options (copied).</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public MedeTrainer Mede(MedeTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MedeTrainer(_context, options);
    }

    /// <summary>DIAYN (Eysenbach et al.): K skills rewarded with log q(z|s) from a state discriminator.</summary>
    /// <param name="numberOfAgents">|Z|, the number of skills (at least 2).</param>
    /// <param name="totalSteps">Environment steps to train for, all agents together.</param>
    /// <param name="entropyCoefficient">alpha, the entropy temperature.</param>
    public MedeTrainer Diayn(
        int numberOfAgents = MedeTrainer.Defaults.NumberOfAgents,
        long totalSteps = MedeTrainer.Defaults.TotalSteps,
        float entropyCoefficient = MedeTrainer.Defaults.EntropyCoefficient) =>
        Diayn(new MedeTrainer.Options
        {
            NumberOfAgents = numberOfAgents,
            TotalSteps = totalSteps,
            EntropyCoefficient = entropyCoefficient,
        });

    /// <summary>DIAYN with every option; <see cref="MedeTrainer.Options.Algorithm"/> is set to DIAYN.</summary>
    /// <param name="options">The options (copied).</param>
    public MedeTrainer Diayn(MedeTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MedeTrainer.Options copy = options.Clone();
        copy.Algorithm = ReinforcementAlgorithm.Diayn;
        return new MedeTrainer(_context, copy);
    }

    /// <summary>Soft actor-critic (Haarnoja et al., v2): one agent, no discriminator.</summary>
    /// <param name="totalSteps">Environment steps to train for.</param>
    /// <param name="entropyCoefficient">alpha, the entropy temperature.</param>
    public MedeTrainer Sac(long totalSteps = MedeTrainer.Defaults.TotalSteps, float entropyCoefficient = MedeTrainer.Defaults.EntropyCoefficient) =>
        Sac(new MedeTrainer.Options { TotalSteps = totalSteps, EntropyCoefficient = entropyCoefficient });

    /// <summary>SAC with every option; <see cref="MedeTrainer.Options.Algorithm"/> is set to SAC and
    /// <see cref="MedeTrainer.Options.NumberOfAgents"/> to 1.</summary>
    /// <param name="options">The options (copied).</param>
    public MedeTrainer Sac(MedeTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MedeTrainer.Options copy = options.Clone();
        copy.Algorithm = ReinforcementAlgorithm.Sac;
        copy.NumberOfAgents = 1;
        return new MedeTrainer(_context, copy);
    }
}
