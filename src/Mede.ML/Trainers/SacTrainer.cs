using Mede.ML.Algorithms;
using Mede.ML.Training;
using Microsoft.ML;

namespace Mede.ML;

/// <summary>
/// Soft actor-critic (Haarnoja et al., v2): one maximum-entropy agent and no discriminator, the paper's single-policy
/// baseline. Made by <c>ml.Reinforcement().Trainers.Sac(...)</c>.
/// </summary>
public sealed class SacTrainer : ReinforcementTrainerBase
{
    internal SacTrainer(MLContext context, TrainingConfiguration configuration, ITrainingRecorder? recorder)
        : base(context, configuration, recorder)
    {
    }

    /// <summary>The hyperparameters the trainer fits with (a copy; the seed drawn from the context filled in).</summary>
    public Options TrainerOptions => ReadOptions<Options>();

    /// <summary>SAC's hyperparameters; defaults from <see cref="TrainerDefaults"/>.</summary>
    public sealed class Options : ReinforcementTrainerOptions
    {
        internal override ReinforcementAlgorithm Algorithm => ReinforcementAlgorithm.Sac;

        internal override void WriteTo(TrainingConfiguration configuration)
        {
            base.WriteTo(configuration);
            configuration.NumberOfAgents = 1;
            configuration.NetworkMode = NetworkMode.Shared;
        }
    }
}
