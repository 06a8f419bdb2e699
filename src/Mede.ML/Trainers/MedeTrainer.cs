using Mede.ML.Algorithms;
using Mede.ML.Training;
using Microsoft.ML;

namespace Mede.ML;

/// <summary>
/// Learns K diverse, high-performing policies with MEDE (Maximum Entropy Diverse Exploration; Cohen et al.).
/// Made by <c>ml.Reinforcement().Trainers.Mede(...)</c>.
/// </summary>
/// <remarks>
/// <para>MEDE's objective for agent z (Eq. 5, with temperature alpha and discriminator weight beta):
/// J(pi_z) = E[ sum_t r_t + alpha ( -log pi(a_t|s_t,z) + beta log q(z|s_t,a_t) ) ].</para>
/// <para>The discriminator q(z|s,a) stands where the prior pi0 stands in entropy-regularised RL, so the soft
/// value becomes V_z(s) = E_{a~pi_z}[ Q_z(s,a) - alpha log pi(a|s,z) + alpha beta log q(z|s,a) ] (Eq. 6), and the
/// policy loss alpha (log pi - beta log q) - Q is differentiated through q into the reparameterised action.</para>
/// </remarks>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// MedeTrainer trainer = ml.Reinforcement().Trainers.Mede(numberOfAgents: 4, totalSteps: 30_000);
/// MedeTransformer model = trainer.Fit(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal()));
/// </code>
/// </example>
public sealed class MedeTrainer : ReinforcementTrainerBase
{
    internal MedeTrainer(MLContext context, TrainingConfiguration configuration, ITrainingRecorder? recorder)
        : base(context, configuration, recorder)
    {
    }

    /// <summary>The hyperparameters the trainer fits with (a copy; the seed drawn from the context filled in).</summary>
    public Options TrainerOptions => ReadOptions<Options>();

    /// <summary>
    /// MEDE's hyperparameters, as in the paper's settings table; defaults from <see cref="TrainerDefaults"/>.
    /// </summary>
    public sealed class Options : SkillTrainerOptions
    {
        /// <summary>beta, the weight of log q(z|s,a) inside the MEDE objective (1 in the paper). Values below 1
        /// temper the discriminator and keep agents' policies stochastic (see the Theory module).</summary>
        public float DiscriminatorWeight { get; set; } = TrainerDefaults.DiscriminatorWeight;

        /// <summary>Let the gradient of beta * log q(z|s,a) flow through the action into the policy (default, the
        /// method's point). False is the ablation: the discriminator then reaches the policy only through the soft
        /// value.</summary>
        public bool DiscriminatorGradientToPolicy { get; set; } = true;

        /// <summary>
        /// w, the weight of a state-discrimination term alpha w log q(z|s') added to the soft value beside MEDE's
        /// alpha beta log q(z|s',a'): <b>an extension, not in the paper</b> (0, the default, is the paper's MEDE).
        /// </summary>
        /// <remarks>
        /// With the exact posterior, -log pi_z(a|s) + log q(z|s,a) = log q(z|s) - log pi_/z(a|s): MEDE's bonus pays
        /// for I(Z; S, A) = I(Z; S) + I(Z; A | S), so agents that share states (a goal) stay discriminable by their
        /// actions alone. The w term pays (1 + w) log q(z|s) at beta = 1, that is I(Z; S, A) + w I(Z; S), and so makes
        /// agents split up in state space. The q(z|s) it reads is the state discriminator MEDE trains anyway. See
        /// docs/results/diversity.
        /// </remarks>
        public float StateDiscriminatorWeight { get; set; } = TrainerDefaults.StateDiscriminatorWeight;

        internal override ReinforcementAlgorithm Algorithm => ReinforcementAlgorithm.Mede;

        internal override void WriteTo(TrainingConfiguration configuration)
        {
            base.WriteTo(configuration);
            configuration.DiscriminatorWeight = DiscriminatorWeight;
            configuration.DiscriminatorGradientToPolicy = DiscriminatorGradientToPolicy;
            configuration.StateDiscriminatorWeight = StateDiscriminatorWeight;
        }

        internal override void ReadFrom(TrainingConfiguration configuration)
        {
            base.ReadFrom(configuration);
            DiscriminatorWeight = configuration.DiscriminatorWeight;
            DiscriminatorGradientToPolicy = configuration.DiscriminatorGradientToPolicy;
            StateDiscriminatorWeight = configuration.StateDiscriminatorWeight;
        }
    }
}
