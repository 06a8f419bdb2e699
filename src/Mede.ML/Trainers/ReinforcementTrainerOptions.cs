using Mede.ML.Algorithms;
using Mede.ML.Training;

namespace Mede.ML;

/// <summary>
/// The hyperparameters every soft actor-critic trainer shares (MEDE, DIAYN, SAC): networks, temperature, discount,
/// target smoothing, learning rate, replay and the step budget. Each property names its symbol in the paper; the
/// defaults come from <see cref="TrainerDefaults"/>. How a run is executed and kept (threads, checkpoints,
/// recorders) is not here but in <see cref="TrainingRunSettings"/>.
/// </summary>
public abstract class ReinforcementTrainerOptions
{
    private protected ReinforcementTrainerOptions()
    {
    }

    /// <summary>Hidden layer widths of the policy and critics (ReLU): 2x128 for MultiGoal, 2x300 for Hopper and
    /// Walker, 2x128 per agent for Multi-direction Ant.</summary>
    public int[] HiddenLayerSizes { get; set; } = TrainerDefaults.HiddenLayerSizes();

    /// <summary>alpha, the entropy temperature: 0.3 (MultiGoal, Hopper, Walker), 1 (Ant). In MEDE it scales the
    /// discriminator term too (Eq. 5). The starting value when <see cref="AutomaticEntropyTuning"/>.</summary>
    public float EntropyCoefficient { get; set; } = TrainerDefaults.EntropyCoefficient;

    /// <summary>Learn alpha toward <see cref="TargetEntropy"/> (SAC v2) instead of keeping it fixed. An extra, not
    /// the paper's setting.</summary>
    public bool AutomaticEntropyTuning { get; set; }

    /// <summary>The entropy target of automatic tuning; null means -|A| (SAC v2).</summary>
    public float? TargetEntropy { get; set; }

    /// <summary>gamma, the discount factor.</summary>
    public float DiscountFactor { get; set; } = TrainerDefaults.DiscountFactor;

    /// <summary>Whether the soft Bellman target bootstraps from s' when the time limit cut the episode there (true,
    /// the default, as the paper's SAC code does: the task is read as an infinite-horizon one whose episodes are
    /// sampled in pieces). False ends the backup at a time limit as at a termination: the task is read as the
    /// finite-horizon one the evaluation scores, so no value can build up past the horizon in states that loop on
    /// themselves (an agent pressed against a wall), at the price of a bias where the observation does not carry the
    /// time. On MultiGoal it cut the agents that reach no goal on one layout from 8 of 30 to 2 and cost seeds on another
    /// (docs/results/diversity, eighth slice). An environment that observes its time left
    /// (<see cref="Environments.IEnvironment.ObservesRemainingTime"/>) needs it false, and has no such bias: MEDE's
    /// MultiGoal preset sets both (ninth slice).</summary>
    public bool BootstrapTimeLimits { get; set; } = TrainerDefaults.BootstrapTimeLimits;

    /// <summary>tau, the Polyak coefficient of the target critics.</summary>
    public float TargetSmoothingCoefficient { get; set; } = TrainerDefaults.TargetSmoothingCoefficient;

    /// <summary>Adam's learning rate for every network.</summary>
    public float LearningRate { get; set; } = TrainerDefaults.LearningRate;

    /// <summary>Transitions per gradient step (256 in the paper).</summary>
    public int BatchSize { get; set; } = TrainerDefaults.BatchSize;

    /// <summary>Capacity of the replay buffer (per agent in separate mode).</summary>
    public int ReplayBufferSize { get; set; } = TrainerDefaults.ReplayBufferSize;

    /// <summary>Environment steps (all agents together) with uniform random actions before learning starts (independent
    /// or correlated in time, <see cref="WarmupActionCorrelation"/>).</summary>
    public int WarmupSteps { get; set; } = TrainerDefaults.WarmupSteps;

    /// <summary>The correlation rho in [0, 1) between one warm-up action and the next within an episode. Default 0:
    /// independent uniform actions, the paper's warm-up.</summary>
    /// <remarks>
    /// Each coordinate of a warm-up action stays uniform on (-1, 1); above 0 consecutive actions are tied by an AR(1)
    /// Gaussian process mapped through the normal CDF (z' = rho z + sqrt(1 - rho^2) e, a = 2 Phi(z') - 1), started
    /// afresh at every episode. Independent actions make a random walk that rarely gets far within a short episode;
    /// correlated ones keep a heading for a while and reach farther (on MultiGoal's off-wall layout, simulated: the
    /// farthest goal in 9% of random episodes at rho 0.8 against 2.4% with independent actions; docs/results/diversity,
    /// tenth slice). It changes only what the replay buffers hold before learning, not the objective.
    /// </remarks>
    public float WarmupActionCorrelation { get; set; }

    /// <summary>Gradient steps per environment step (1 in the paper).</summary>
    public int UpdatesPerStep { get; set; } = TrainerDefaults.UpdatesPerStep;

    /// <summary>Environment steps to train for, all agents together.</summary>
    public long TotalSteps { get; set; } = TrainerDefaults.TotalSteps;

    /// <summary>Multiplies the environment reward (5 for Ant in the paper, 1 elsewhere).</summary>
    public float RewardScale { get; set; } = TrainerDefaults.RewardScale;

    /// <summary>The seed of every random stream of the run; null (the default) draws it from the <c>MLContext</c>'s
    /// random stream when the trainer is made, as ML.NET's trainers do.</summary>
    public int? Seed { get; set; }

    /// <summary>The registered name of the environment (e.g. <c>multigoal</c>) that training continues online in
    /// after pre-filling the replay buffer from recorded trajectories; null when the data view given to Fit is
    /// itself an environment adapter.</summary>
    public string? Environment { get; set; }

    /// <summary>The <c>key=value</c> options of <see cref="Environment"/> (as the CLI's <c>--env-option</c>); null
    /// for its defaults.</summary>
    public Dictionary<string, string>? EnvironmentOptions { get; set; }

    /// <summary>The objective these options configure.</summary>
    internal abstract ReinforcementAlgorithm Algorithm { get; }

    /// <summary>Writes these options into a configuration (every other field keeps its value).</summary>
    internal virtual void WriteTo(TrainingConfiguration configuration)
    {
        configuration.Algorithm = Algorithm;
        configuration.HiddenLayerSizes = (int[])HiddenLayerSizes?.Clone()!;
        configuration.EntropyCoefficient = EntropyCoefficient;
        configuration.AutomaticEntropyTuning = AutomaticEntropyTuning;
        configuration.TargetEntropy = TargetEntropy;
        configuration.DiscountFactor = DiscountFactor;
        configuration.BootstrapTimeLimits = BootstrapTimeLimits;
        configuration.TargetSmoothingCoefficient = TargetSmoothingCoefficient;
        configuration.LearningRate = LearningRate;
        configuration.BatchSize = BatchSize;
        configuration.ReplayBufferSize = ReplayBufferSize;
        configuration.WarmupSteps = WarmupSteps;
        configuration.WarmupActionCorrelation = WarmupActionCorrelation;
        configuration.UpdatesPerStep = UpdatesPerStep;
        configuration.TotalSteps = TotalSteps;
        configuration.RewardScale = RewardScale;
        configuration.Seed = Seed;
        configuration.Environment = Environment;
        configuration.EnvironmentOptions = EnvironmentOptions is null ? null : new Dictionary<string, string>(EnvironmentOptions);
    }

    /// <summary>Reads these options from a configuration.</summary>
    internal virtual void ReadFrom(TrainingConfiguration configuration)
    {
        HiddenLayerSizes = (int[])configuration.HiddenLayerSizes.Clone();
        EntropyCoefficient = configuration.EntropyCoefficient;
        AutomaticEntropyTuning = configuration.AutomaticEntropyTuning;
        TargetEntropy = configuration.TargetEntropy;
        DiscountFactor = configuration.DiscountFactor;
        BootstrapTimeLimits = configuration.BootstrapTimeLimits;
        TargetSmoothingCoefficient = configuration.TargetSmoothingCoefficient;
        LearningRate = configuration.LearningRate;
        BatchSize = configuration.BatchSize;
        ReplayBufferSize = configuration.ReplayBufferSize;
        WarmupSteps = configuration.WarmupSteps;
        WarmupActionCorrelation = configuration.WarmupActionCorrelation;
        UpdatesPerStep = configuration.UpdatesPerStep;
        TotalSteps = configuration.TotalSteps;
        RewardScale = configuration.RewardScale;
        Seed = configuration.Seed;
        Environment = configuration.Environment;
        EnvironmentOptions = configuration.EnvironmentOptions is null ? null : new Dictionary<string, string>(configuration.EnvironmentOptions);
    }
}

/// <summary>
/// The hyperparameters of the trainers that learn a set of K agents (skills) with a discriminator: MEDE and DIAYN.
/// </summary>
public abstract class SkillTrainerOptions : ReinforcementTrainerOptions
{
    private protected SkillTrainerOptions()
    {
    }

    /// <summary>|Z|, the number of agents (latent skills z, drawn uniformly); at least 2.</summary>
    public int NumberOfAgents { get; set; } = TrainerDefaults.NumberOfAgents;

    /// <summary>One shared network with a one-hot z input (default), or separate networks per agent.</summary>
    public NetworkMode NetworkMode { get; set; } = NetworkMode.Shared;

    /// <summary>Hidden layer widths of the discriminator q(z|s,a) (and q(z|s)): 2x256 in the paper.</summary>
    public int[] DiscriminatorHiddenLayerSizes { get; set; } = TrainerDefaults.DiscriminatorHiddenLayerSizes();

    /// <summary>Separate mode: environment steps between the agents' discriminator copies following the trained one.</summary>
    public int DiscriminatorSyncInterval { get; set; } = TrainerDefaults.DiscriminatorSyncInterval;

    /// <summary>
    /// Separate mode: every agent learns from every agent's transitions, not only its own. Agent z's critics and policy
    /// are updated on batches drawn evenly from all agents' replay buffers, each transition taken as if z had made it
    /// (the update is off-policy and recomputes the diversity terms for z, so nothing else changes); the
    /// discriminators still learn which agent really made each transition. An extension, not in the paper (whose
    /// conclusion names "sharing trajectory data between agents" as future work): without it an agent knows only the
    /// goals it has found itself, so whichever it finds first decides where it goes; with it every agent knows every
    /// goal any agent has found, and the discriminator term sends it to one no other agent holds. Default false, the
    /// paper's separate agents.
    /// </summary>
    public bool ShareExperience { get; set; }

    /// <summary>
    /// u, the weight of the outcome term (in the environment's reward units): <b>an extension, not in the paper</b> (0,
    /// the default, is the paper's MEDE and DIAYN). It scores where an agent's episodes end through p(z | s), a kernel
    /// estimate, over each agent's last 64 episode ends, of how much more the ends of agent z lie near s than the other
    /// agents' do; the estimate is optimistic, so a place far from every other agent's ends counts as z's own.
    /// <see cref="OutcomeScore"/> says how: u log p(z | s') on every transition (<see cref="Training.OutcomeScore.Price"/>),
    /// or u log(K p(z | s')) when an episode terminates (<see cref="Training.OutcomeScore.Information"/>).
    /// </summary>
    /// <remarks>
    /// MEDE's and DIAYN's discriminator terms enter the soft value of the next state, and a terminal state's soft value
    /// is zero, so no term ever scores the state an episode ends in: on a goal task two agents that reach one goal on
    /// routes the discriminator tells apart pay nothing for sharing it, and which goal an agent takes is decided by
    /// its seed (docs/results/diversity). The price charges an agent about u log 2 per step for arriving where another
    /// agent's episodes end; because time-outs count too, it pushes wandering agents apart before any of them has found
    /// a goal, but a large u also makes agents stop short of goals. The information score pays at the goal itself: u log K
    /// for a goal of the agent's own, nothing for one all K share, less than nothing for another's; it is how much the
    /// end tells about the agent, I(Z; S_T), DIAYN's objective moved to the episode's end; its positive part
    /// (<see cref="Training.OutcomeScore.PositiveInformation"/>) scores an end only others reach as a time-out. MEDE's
    /// MultiGoal preset uses the information score with h 2, u from the layout (<see cref="OutcomeWeightMargin"/>) and
    /// losses at the floor (<see cref="OutcomeLossWeight"/>); the measurements are in docs/results/diversity. Episodes that end by failing (Hopper's
    /// fall) count as ends too, so on such tasks the term also pushes agents apart in how they fail. See
    /// <see cref="OutcomeBandwidth"/> for the scale of "the same place".
    /// </remarks>
    public float OutcomeWeight { get; set; } = TrainerDefaults.OutcomeWeight;

    /// <summary>h, the kernel width of <see cref="OutcomeWeight"/>'s estimate, in observation units: two states much
    /// closer than h are the same place, much further apart different ones (MultiGoal: 1, its goal radius). Default 1.</summary>
    public float OutcomeBandwidth { get; set; } = TrainerDefaults.OutcomeBandwidth;

    /// <summary>epsilon, the pseudo-count the outcome term's estimate adds to an agent's own density of episode ends:
    /// p(z | s) = (d_z(s) + epsilon) / (d_z(s) + epsilon + sum of the others' d_j(s)), each d an average kernel value in
    /// [0, 1]. Small, it makes places near other agents' ends very dear (log(epsilon / (epsilon + d)) per step); about
    /// 1, the price of ending among the others' ends is bounded by about log 2 per agent there. Default 0.05.</summary>
    public float OutcomePseudoCount { get; set; } = TrainerDefaults.OutcomePseudoCount;

    /// <summary>How the outcome term scores an episode's end: <see cref="Training.OutcomeScore.Price"/> (the default,
    /// u log p(z | s') on every transition, time-limited ends counted) or <see cref="Training.OutcomeScore.Information"/>
    /// (u log(K p(z | s')) at terminations only: the agent's information about where its episode ends).</summary>
    public Training.OutcomeScore OutcomeScore { get; set; } = TrainerDefaults.OutcomeScore;

    /// <summary>When the outcome term pays the score of an episode's end, for the scores paid at the end
    /// (<see cref="Training.OutcomeScore.Information"/>, <see cref="Training.OutcomeScore.PositiveInformation"/>):
    /// <see cref="Training.OutcomePayment.AtEnd"/> (the default: on the last transition, discounted like any reward),
    /// <see cref="Training.OutcomePayment.Undiscounted"/>, <see cref="Training.OutcomePayment.Spread"/> over the episode,
    /// or <see cref="Training.OutcomePayment.Shaped"/> (at the end, plus potential-based shaping).</summary>
    /// <remarks>
    /// Each of the others answers one reading of why a large u made MultiGoal's agents rush their first steps, and none
    /// won back the return that weight costs, so no preset sets them (docs/results/diversity): undiscounted (u I(Z; S_T)
    /// once per episode, nothing paid for speed), on four goals with the positive part at u 400, -154 against -134
    /// discounted (ninth slice); spread (no jump in value at the goal's edge), agents dawdled instead (13.4 steps to the
    /// goal against 5.75, thirteenth slice); shaped (the same optimal policies, values that rise to the end's score
    /// step by step), agents rushed as before. Undiscounted needs the time left in the observation
    /// (<see cref="Environments.IEnvironment.ObservesRemainingTime"/>, e.g. MultiGoal's <c>time-feature=true</c>);
    /// training refuses it otherwise, and refuses every payment but <see cref="Training.OutcomePayment.AtEnd"/> with
    /// <see cref="Training.OutcomeScore.Price"/>, which is paid on every step.
    /// </remarks>
    public Training.OutcomePayment OutcomePayment { get; set; }

    /// <summary>m: when positive, the outcome weight training uses is the larger of <see cref="OutcomeWeight"/> and
    /// m x Delta / log 2, where Delta is the largest difference between the best returns of episodes ending at the
    /// environment's goals (<see cref="Environments.IGoalEnvironment.BestReturnTo"/>). Default 0: u is
    /// <see cref="OutcomeWeight"/>.</summary>
    /// <remarks>
    /// Why: with the information score, an end of one's own scores u log 2 more than one shared with another agent, so
    /// an agent leaves a shared goal for a free one that costs Delta more only if u log 2 exceeds Delta, with room to
    /// spare because the critics' estimates are noisy. Measured on MultiGoal (docs/results/diversity): with
    /// Delta = 132 (the uneven layout) u 250 covered every goal in 8 seeds of 10 and u 300 in 10; where the goals cost
    /// the same a far smaller u covers them, and u costs return (agents rush to collect it). So u follows the layout:
    /// <see cref="OutcomeWeight"/> is the floor for goals of equal cost, the margin m scales u with what the costliest
    /// choice gives up. Needs an information score and an environment that knows its goals' best returns (training
    /// refuses the margin otherwise).
    /// </remarks>
    public float OutcomeWeightMargin { get; set; }

    /// <summary>The environment step (warm-up included) after which the outcome term's weight starts to fall: from
    /// <see cref="OutcomeWeight"/> in a straight line to 0 at <see cref="OutcomeFadeEnd"/>, and 0 from there on. Default 0
    /// (no fade: u holds to the end).</summary>
    /// <remarks>
    /// Meant to leave the last part of training to the method's own objective once the term has settled which agent
    /// takes which goal (on MultiGoal most agents hold their last goal from the first learning steps), since held to the
    /// end a terminal score several times an episode's cost makes agents arrive in fewer, dearer steps. Measured on
    /// MultiGoal's four goals (u 300, 10 seeds each), it does the opposite. Fading from step 24,000 to 30,000 of 38,000,
    /// no agent reaches a goal within 2,000 steps of the fade's start, and 1 seed in 10 covers every goal at the end.
    /// Fading from the first learning step (16,000) to the end, agents reach their goals from step 18,000 and then stop
    /// as u falls: in no seed is every goal covered (docs/results/diversity, eleventh slice). A terminal score that keeps
    /// falling is always below the values bootstrapped from its past, larger self, so ending an episode looks worse
    /// than going on. No preset sets it.
    /// </remarks>
    public long OutcomeFadeStart { get; set; }

    /// <summary>What a loss weighs under the <see cref="Training.OutcomeScore.Information"/> score: an end where other
    /// agents end more often than an even share (log(K p(z | s')) below 0) scores this weight times that log, while gains
    /// weigh u. Default null: losses weigh u as gains do. 0 gives the positive part
    /// (<see cref="Training.OutcomeScore.PositiveInformation"/>).</summary>
    /// <remarks>
    /// The weight of gains is what <see cref="OutcomeWeightMargin"/> raises where a farther goal costs more: a goal of
    /// one's own must be worth more over a shared one (both gains at K 3 and over) than the farther goal costs. Losses do
    /// not pay for a farther goal; they push agents off goals that others hold, and with u they grew into a cliff beside
    /// every taken goal (u log(K epsilon / (1 + epsilon)): -608 at the off-wall layout's u 312 and K 3), which the critics
    /// learned badly: agents gave up goals they held and idled short of another agent's (docs/results/diversity,
    /// fourteenth slice). Without losses at all (the positive part) two agents stayed on the two-goal layout's nearer goal.
    /// MEDE's MultiGoal preset keeps losses at its <see cref="OutcomeWeight"/> floor, 100. Needs
    /// <see cref="Training.OutcomeScore.Information"/>; fades with u (<see cref="OutcomeFadeStart"/>).
    /// </remarks>
    public float? OutcomeLossWeight { get; set; }

    /// <summary>The environment step at which a fading outcome term (<see cref="OutcomeFadeStart"/>) reaches 0; at least
    /// <see cref="OutcomeFadeStart"/> (equal: the term stops at once). Default 0, with no fade.</summary>
    public long OutcomeFadeEnd { get; set; }

    internal override void WriteTo(TrainingConfiguration configuration)
    {
        base.WriteTo(configuration);
        configuration.NumberOfAgents = NumberOfAgents;
        configuration.NetworkMode = NetworkMode;
        configuration.DiscriminatorHiddenLayerSizes = (int[])DiscriminatorHiddenLayerSizes?.Clone()!;
        configuration.DiscriminatorSyncInterval = DiscriminatorSyncInterval;
        configuration.ShareExperience = ShareExperience;
        configuration.OutcomeWeight = OutcomeWeight;
        configuration.OutcomeBandwidth = OutcomeBandwidth;
        configuration.OutcomePseudoCount = OutcomePseudoCount;
        configuration.OutcomeScore = OutcomeScore;
        configuration.OutcomePayment = OutcomePayment;
        configuration.OutcomeWeightMargin = OutcomeWeightMargin;
        configuration.OutcomeFadeStart = OutcomeFadeStart;
        configuration.OutcomeFadeEnd = OutcomeFadeEnd;
        configuration.OutcomeLossWeight = OutcomeLossWeight;
    }

    internal override void ReadFrom(TrainingConfiguration configuration)
    {
        base.ReadFrom(configuration);
        NumberOfAgents = configuration.NumberOfAgents;
        NetworkMode = configuration.NetworkMode;
        DiscriminatorHiddenLayerSizes = (int[])configuration.DiscriminatorHiddenLayerSizes.Clone();
        DiscriminatorSyncInterval = configuration.DiscriminatorSyncInterval;
        ShareExperience = configuration.ShareExperience;
        OutcomeWeight = configuration.OutcomeWeight;
        OutcomeBandwidth = configuration.OutcomeBandwidth;
        OutcomePseudoCount = configuration.OutcomePseudoCount;
        OutcomeScore = configuration.OutcomeScore;
        OutcomePayment = configuration.OutcomePayment;
        OutcomeWeightMargin = configuration.OutcomeWeightMargin;
        OutcomeFadeStart = configuration.OutcomeFadeStart;
        OutcomeFadeEnd = configuration.OutcomeFadeEnd;
        OutcomeLossWeight = configuration.OutcomeLossWeight;
    }
}
