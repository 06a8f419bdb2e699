using Mede.ML.Algorithms;
using Mede.ML.Training;
using Microsoft.ML;

namespace Mede.ML;

/// <summary>
/// The trainers of <see cref="ReinforcementCatalog"/>, each named after its method as in ML.NET: <see cref="Mede(int, long, float)"/>
/// returns a <see cref="MedeTrainer"/>, <see cref="Diayn(int, long, float)"/> a <see cref="DiaynTrainer"/> and
/// <see cref="Sac(long, float)"/> a <see cref="SacTrainer"/>. Each has a simple-parameter overload and an
/// <c>Options</c> overload; both draw every default from <see cref="TrainerDefaults"/>. How the run is executed and
/// kept (threads, checkpoints, recorder) goes in the optional <see cref="TrainingRunSettings"/>. When the options leave
/// the seed null, it is drawn from the context's random stream.
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
        int numberOfAgents = TrainerDefaults.NumberOfAgents,
        long totalSteps = TrainerDefaults.TotalSteps,
        float entropyCoefficient = TrainerDefaults.EntropyCoefficient) =>
        Mede(new MedeTrainer.Options { NumberOfAgents = numberOfAgents, TotalSteps = totalSteps, EntropyCoefficient = entropyCoefficient });

    /// <summary>MEDE with every hyperparameter.</summary>
    /// <param name="options">The hyperparameters (copied).</param>
    /// <param name="run">How the run is executed and kept, or null for the defaults (no checkpoints, no recorder).</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public MedeTrainer Mede(MedeTrainer.Options options, TrainingRunSettings? run = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MedeTrainer(_context, TrainingConfiguration.From(options, run), run?.Recorder);
    }

    /// <summary>DIAYN (Eysenbach et al.): K skills rewarded with log q(z|s) from a state discriminator.</summary>
    /// <param name="numberOfAgents">|Z|, the number of skills (at least 2).</param>
    /// <param name="totalSteps">Environment steps to train for, all agents together.</param>
    /// <param name="entropyCoefficient">alpha, the entropy temperature.</param>
    public DiaynTrainer Diayn(
        int numberOfAgents = TrainerDefaults.NumberOfAgents,
        long totalSteps = TrainerDefaults.TotalSteps,
        float entropyCoefficient = TrainerDefaults.EntropyCoefficient) =>
        Diayn(new DiaynTrainer.Options { NumberOfAgents = numberOfAgents, TotalSteps = totalSteps, EntropyCoefficient = entropyCoefficient });

    /// <summary>DIAYN with every hyperparameter.</summary>
    /// <param name="options">The hyperparameters (copied).</param>
    /// <param name="run">How the run is executed and kept, or null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public DiaynTrainer Diayn(DiaynTrainer.Options options, TrainingRunSettings? run = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DiaynTrainer(_context, TrainingConfiguration.From(options, run), run?.Recorder);
    }

    /// <summary>Soft actor-critic (Haarnoja et al., v2): one agent, no discriminator.</summary>
    /// <param name="totalSteps">Environment steps to train for.</param>
    /// <param name="entropyCoefficient">alpha, the entropy temperature.</param>
    public SacTrainer Sac(long totalSteps = TrainerDefaults.TotalSteps, float entropyCoefficient = TrainerDefaults.EntropyCoefficient) =>
        Sac(new SacTrainer.Options { TotalSteps = totalSteps, EntropyCoefficient = entropyCoefficient });

    /// <summary>SAC with every hyperparameter.</summary>
    /// <param name="options">The hyperparameters (copied).</param>
    /// <param name="run">How the run is executed and kept, or null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public SacTrainer Sac(SacTrainer.Options options, TrainingRunSettings? run = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SacTrainer(_context, TrainingConfiguration.From(options, run), run?.Recorder);
    }

    /// <summary>
    /// The trainer a saved configuration describes (a run folder's run.json, a checkpoint, <see cref="TaskPresets"/>):
    /// a <see cref="MedeTrainer"/>, <see cref="DiaynTrainer"/> or <see cref="SacTrainer"/> as its
    /// <see cref="TrainingConfiguration.Algorithm"/> says.
    /// </summary>
    /// <param name="configuration">The algorithm, hyperparameters and run settings (copied).</param>
    /// <param name="recorder">Where training reports metrics and episodes, or null.</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public ReinforcementTrainerBase Create(TrainingConfiguration configuration, ITrainingRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.Algorithm switch
        {
            ReinforcementAlgorithm.Diayn => new DiaynTrainer(_context, configuration, recorder),
            ReinforcementAlgorithm.Sac => new SacTrainer(_context, configuration, recorder),
            ReinforcementAlgorithm.Mede => new MedeTrainer(_context, configuration, recorder),
            _ => throw new ArgumentException(
                $"TrainingConfiguration.Algorithm = {configuration.Algorithm} is not one of {string.Join(", ", Enum.GetNames<ReinforcementAlgorithm>())}.",
                nameof(configuration)),
        };
    }
}
