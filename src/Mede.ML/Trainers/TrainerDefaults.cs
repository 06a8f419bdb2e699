using Mede.ML.Training;

namespace Mede.ML;

/// <summary>
/// The one place every default of the trainers lives: the simple-parameter catalog overloads, the
/// <see cref="MedeTrainer.Options"/>, <see cref="DiaynTrainer.Options"/> and <see cref="SacTrainer.Options"/> classes,
/// <see cref="TrainingRunSettings"/> and <see cref="Training.TrainingConfiguration"/> all draw from here. The
/// hyperparameters are the paper's MultiGoal settings (Appendix B) unless a member says otherwise.
/// </summary>
public static class TrainerDefaults
{
    /// <summary>|Z| = 4 agents, as in the paper's MultiGoal figure.</summary>
    public const int NumberOfAgents = 4;

    /// <summary>alpha = 0.3 (MultiGoal, Hopper, Walker; the paper uses 1 for Ant).</summary>
    public const float EntropyCoefficient = 0.3f;

    /// <summary>beta = 1, the weight of log q(z|s,a) in MEDE's objective.</summary>
    public const float DiscriminatorWeight = 1f;

    /// <summary>w = 0: no log q(z|s) term, the paper's MEDE. See <see cref="MedeTrainer.Options.StateDiscriminatorWeight"/>.</summary>
    public const float StateDiscriminatorWeight = 0f;

    /// <summary>u: no outcome term (the paper's MEDE and DIAYN).</summary>
    public const float OutcomeWeight = 0f;

    /// <summary>h = 1 observation unit (MultiGoal's goal radius).</summary>
    public const float OutcomeBandwidth = 1f;

    /// <summary>Default <c>OutcomePseudoCount</c>: 0.05.</summary>
    public const float OutcomePseudoCount = 0.05f;

    /// <summary>Default <c>OutcomeScore</c>: <see cref="Training.OutcomeScore.Price"/>.</summary>
    public const Training.OutcomeScore OutcomeScore = Training.OutcomeScore.Price;

    /// <summary>gamma = 0.99.</summary>
    public const float DiscountFactor = 0.99f;

    /// <summary>Default <c>BootstrapTimeLimits</c>: true, a time-limit truncation bootstraps (the paper's SAC code).</summary>
    public const bool BootstrapTimeLimits = true;

    /// <summary>tau = 0.005, the Polyak coefficient of the target critics.</summary>
    public const float TargetSmoothingCoefficient = 0.005f;

    /// <summary>Adam's learning rate, 3e-4, for every network.</summary>
    public const float LearningRate = 3e-4f;

    /// <summary>256 transitions per gradient step.</summary>
    public const int BatchSize = 256;

    /// <summary>10^6 transitions of replay (per agent in separate mode).</summary>
    public const int ReplayBufferSize = 1_000_000;

    /// <summary>1,000 environment steps of uniform random actions before learning starts.</summary>
    public const int WarmupSteps = 1_000;

    /// <summary>One gradient step per environment step.</summary>
    public const int UpdatesPerStep = 1;

    /// <summary>30,000 environment steps: a budget that finishes in minutes on two cores for MultiGoal.</summary>
    public const long TotalSteps = 30_000;

    /// <summary>Reward scale 1 (the paper uses 5 for Ant).</summary>
    public const float RewardScale = 1f;

    /// <summary>Width of each of the two hidden layers of the policy and critics (2x128 for MultiGoal; the paper
    /// uses 2x300 for Hopper and Walker).</summary>
    public const int HiddenLayerSize = 128;

    /// <summary>Width of each of the two hidden layers of the discriminators (2x256).</summary>
    public const int DiscriminatorHiddenLayerSize = 256;

    /// <summary>Separate mode: the agents' discriminator copies follow the trained one every step.</summary>
    public const int DiscriminatorSyncInterval = 1;

    /// <summary>One thread: separate-mode agents learn one after the other.</summary>
    public const int Threads = 1;

    /// <summary>A checkpoint every 10,000 environment steps (and one at the end).</summary>
    public const long CheckpointInterval = 10_000;

    /// <summary>The newest two checkpoints are kept.</summary>
    public const int CheckpointsToKeep = 2;

    /// <summary>Metrics are recorded every 1,000 environment steps.</summary>
    public const long MetricsInterval = 1_000;

    /// <summary>The policy and critic hidden layers: two of <see cref="HiddenLayerSize"/>.</summary>
    public static int[] HiddenLayerSizes() => [HiddenLayerSize, HiddenLayerSize];

    /// <summary>The discriminator hidden layers: two of <see cref="DiscriminatorHiddenLayerSize"/>.</summary>
    public static int[] DiscriminatorHiddenLayerSizes() => [DiscriminatorHiddenLayerSize, DiscriminatorHiddenLayerSize];
}
