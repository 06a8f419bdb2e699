using Mede.ML.Algorithms;
using Mede.ML.Training;
using Microsoft.ML;

namespace Mede.ML;

/// <summary>
/// DIAYN (Eysenbach et al., "Diversity is All You Need"), the paper's diversity baseline: K skills, each a soft
/// actor-critic on the pseudo-reward r + alpha log q(z|s) from a state discriminator q(z|s). Made by
/// <c>ml.Reinforcement().Trainers.Diayn(...)</c>.
/// </summary>
public sealed class DiaynTrainer : ReinforcementTrainerBase
{
    internal DiaynTrainer(MLContext context, TrainingConfiguration configuration, ITrainingRecorder? recorder)
        : base(context, configuration, recorder)
    {
    }

    /// <summary>The hyperparameters the trainer fits with (a copy; the seed drawn from the context filled in).</summary>
    public Options TrainerOptions => ReadOptions<Options>();

    /// <summary>DIAYN's hyperparameters; defaults from <see cref="TrainerDefaults"/>.</summary>
    public sealed class Options : SkillTrainerOptions
    {
        /// <summary>Add -log p(z) = log K to the pseudo-reward, as the DIAYN paper writes it (the reference code's
        /// default too). Off by default here, so that DIAYN and MEDE compare on the same scale.</summary>
        public bool SubtractLogPrior { get; set; }

        internal override ReinforcementAlgorithm Algorithm => ReinforcementAlgorithm.Diayn;

        internal override void WriteTo(TrainingConfiguration configuration)
        {
            base.WriteTo(configuration);
            configuration.DiaynSubtractLogPrior = SubtractLogPrior;
        }

        internal override void ReadFrom(TrainingConfiguration configuration)
        {
            base.ReadFrom(configuration);
            SubtractLogPrior = configuration.DiaynSubtractLogPrior;
        }
    }
}
