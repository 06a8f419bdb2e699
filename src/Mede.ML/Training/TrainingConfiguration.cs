using System.Text.Json.Serialization;
using Mede.ML.Algorithms;

namespace Mede.ML.Training;

/// <summary>
/// Everything a training run executes with, in one flat record: the algorithm, its hyperparameters (as the trainers'
/// <c>Options</c> hold them) and the run settings (<see cref="TrainingRunSettings"/>). It is what a run folder's
/// run.json, a checkpoint's manifest and the run store keep, what <c>mede train --set Name=Value</c> edits, and what
/// <see cref="ReinforcementTrainers.Create"/> makes a trainer from. In code, prefer the typed options
/// (<see cref="MedeTrainer.Options"/>, <see cref="DiaynTrainer.Options"/>, <see cref="SacTrainer.Options"/>);
/// <see cref="From"/> flattens them. Defaults come from <see cref="TrainerDefaults"/>.
/// </summary>
public sealed class TrainingConfiguration
{
    /// <inheritdoc cref="SkillTrainerOptions.NumberOfAgents"/>
    public int NumberOfAgents { get; set; } = TrainerDefaults.NumberOfAgents;

    /// <summary>The objective: MEDE (default), DIAYN or SAC.</summary>
    public ReinforcementAlgorithm Algorithm { get; set; } = ReinforcementAlgorithm.Mede;

    /// <inheritdoc cref="SkillTrainerOptions.NetworkMode"/>
    public NetworkMode NetworkMode { get; set; } = NetworkMode.Shared;

    /// <inheritdoc cref="ReinforcementTrainerOptions.HiddenLayerSizes"/>
    public int[] HiddenLayerSizes { get; set; } = TrainerDefaults.HiddenLayerSizes();

    /// <inheritdoc cref="SkillTrainerOptions.DiscriminatorHiddenLayerSizes"/>
    public int[] DiscriminatorHiddenLayerSizes { get; set; } = TrainerDefaults.DiscriminatorHiddenLayerSizes();

    /// <inheritdoc cref="ReinforcementTrainerOptions.EntropyCoefficient"/>
    public float EntropyCoefficient { get; set; } = TrainerDefaults.EntropyCoefficient;

    /// <inheritdoc cref="ReinforcementTrainerOptions.AutomaticEntropyTuning"/>
    public bool AutomaticEntropyTuning { get; set; }

    /// <inheritdoc cref="ReinforcementTrainerOptions.TargetEntropy"/>
    public float? TargetEntropy { get; set; }

    /// <inheritdoc cref="MedeTrainer.Options.DiscriminatorWeight"/>
    public float DiscriminatorWeight { get; set; } = TrainerDefaults.DiscriminatorWeight;

    /// <inheritdoc cref="MedeTrainer.Options.DiscriminatorGradientToPolicy"/>
    public bool DiscriminatorGradientToPolicy { get; set; } = true;

    /// <inheritdoc cref="MedeTrainer.Options.StateDiscriminatorWeight"/>
    public float StateDiscriminatorWeight { get; set; } = TrainerDefaults.StateDiscriminatorWeight;

    /// <inheritdoc cref="DiaynTrainer.Options.SubtractLogPrior"/>
    public bool DiaynSubtractLogPrior { get; set; }

    /// <inheritdoc cref="ReinforcementTrainerOptions.DiscountFactor"/>
    public float DiscountFactor { get; set; } = TrainerDefaults.DiscountFactor;

    /// <inheritdoc cref="ReinforcementTrainerOptions.BootstrapTimeLimits"/>
    public bool BootstrapTimeLimits { get; set; } = TrainerDefaults.BootstrapTimeLimits;

    /// <inheritdoc cref="ReinforcementTrainerOptions.TargetSmoothingCoefficient"/>
    public float TargetSmoothingCoefficient { get; set; } = TrainerDefaults.TargetSmoothingCoefficient;

    /// <inheritdoc cref="ReinforcementTrainerOptions.LearningRate"/>
    public float LearningRate { get; set; } = TrainerDefaults.LearningRate;

    /// <inheritdoc cref="ReinforcementTrainerOptions.BatchSize"/>
    public int BatchSize { get; set; } = TrainerDefaults.BatchSize;

    /// <inheritdoc cref="ReinforcementTrainerOptions.ReplayBufferSize"/>
    public int ReplayBufferSize { get; set; } = TrainerDefaults.ReplayBufferSize;

    /// <inheritdoc cref="ReinforcementTrainerOptions.WarmupSteps"/>
    public int WarmupSteps { get; set; } = TrainerDefaults.WarmupSteps;

    /// <inheritdoc cref="ReinforcementTrainerOptions.WarmupActionCorrelation"/>
    public float WarmupActionCorrelation { get; set; }

    /// <inheritdoc cref="ReinforcementTrainerOptions.UpdatesPerStep"/>
    public int UpdatesPerStep { get; set; } = TrainerDefaults.UpdatesPerStep;

    /// <inheritdoc cref="ReinforcementTrainerOptions.TotalSteps"/>
    public long TotalSteps { get; set; } = TrainerDefaults.TotalSteps;

    /// <inheritdoc cref="ReinforcementTrainerOptions.RewardScale"/>
    public float RewardScale { get; set; } = TrainerDefaults.RewardScale;

    /// <inheritdoc cref="ReinforcementTrainerOptions.Seed"/>
    public int? Seed { get; set; }

    /// <inheritdoc cref="TrainingRunSettings.Threads"/>
    public int Threads { get; set; } = TrainerDefaults.Threads;

    /// <inheritdoc cref="TrainingRunSettings.Backend"/>
    public TrainingBackend Backend { get; set; } = TrainingBackend.Managed;

    /// <inheritdoc cref="TrainingRunSettings.Device"/>
    public string Device { get; set; } = "cpu";

    /// <inheritdoc cref="TrainingRunSettings.FallbackToCpu"/>
    public bool FallbackToCpu { get; set; }

    /// <inheritdoc cref="SkillTrainerOptions.DiscriminatorSyncInterval"/>
    public int DiscriminatorSyncInterval { get; set; } = TrainerDefaults.DiscriminatorSyncInterval;

    /// <inheritdoc cref="SkillTrainerOptions.ShareExperience"/>
    public bool ShareExperience { get; set; }

    /// <inheritdoc cref="SkillTrainerOptions.OutcomeWeight"/>
    public float OutcomeWeight { get; set; } = TrainerDefaults.OutcomeWeight;

    /// <inheritdoc cref="SkillTrainerOptions.OutcomeBandwidth"/>
    public float OutcomeBandwidth { get; set; } = TrainerDefaults.OutcomeBandwidth;

    /// <inheritdoc cref="SkillTrainerOptions.OutcomePseudoCount"/>
    public float OutcomePseudoCount { get; set; } = TrainerDefaults.OutcomePseudoCount;

    /// <inheritdoc cref="SkillTrainerOptions.OutcomeScore"/>
    public OutcomeScore OutcomeScore { get; set; } = TrainerDefaults.OutcomeScore;

    /// <inheritdoc cref="SkillTrainerOptions.OutcomePayment"/>
    public OutcomePayment OutcomePayment { get; set; }

    // Run folders, checkpoints and stores written before OutcomePayment held three exclusive flags instead; reading one
    // of them set gives the payment the run trained with. Never written.
    [JsonInclude, JsonPropertyName("OutcomeUndiscounted"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    private bool LegacyOutcomeUndiscounted { get => false; set => SetLegacyPayment(value, OutcomePayment.Undiscounted); }

    [JsonInclude, JsonPropertyName("OutcomeSpread"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    private bool LegacyOutcomeSpread { get => false; set => SetLegacyPayment(value, OutcomePayment.Spread); }

    [JsonInclude, JsonPropertyName("OutcomeShaping"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    private bool LegacyOutcomeShaping { get => false; set => SetLegacyPayment(value, OutcomePayment.Shaped); }

    private void SetLegacyPayment(bool set, OutcomePayment payment)
    {
        if (set)
        {
            OutcomePayment = payment;
        }
    }

    /// <inheritdoc cref="SkillTrainerOptions.OutcomeFadeStart"/>
    public long OutcomeFadeStart { get; set; }

    /// <inheritdoc cref="SkillTrainerOptions.OutcomeFadeEnd"/>
    public long OutcomeFadeEnd { get; set; }

    /// <inheritdoc cref="SkillTrainerOptions.OutcomeWeightMargin"/>
    public float OutcomeWeightMargin { get; set; }

    /// <inheritdoc cref="SkillTrainerOptions.OutcomeLossWeight"/>
    public float? OutcomeLossWeight { get; set; }

    /// <summary>u at environment step <paramref name="step"/>: <see cref="OutcomeWeight"/> until
    /// <see cref="OutcomeFadeStart"/>, then falling in a straight line to 0 at <see cref="OutcomeFadeEnd"/>, and 0 after
    /// it; <see cref="OutcomeWeight"/> throughout when <see cref="OutcomeFadeStart"/> is 0.</summary>
    /// <param name="step">Environment steps taken, warm-up included.</param>
    public float OutcomeWeightAt(long step) => OutcomeWeightAt(step, OutcomeWeight);

    /// <summary>As <see cref="OutcomeWeightAt(long)"/>, from <paramref name="weight"/> instead of
    /// <see cref="OutcomeWeight"/> (the weight <see cref="OutcomeWeightFor"/> gives for the environment).</summary>
    /// <param name="step">Environment steps taken, warm-up included.</param>
    /// <param name="weight">u before any fade.</param>
    public float OutcomeWeightAt(long step, float weight)
    {
        if (OutcomeFadeStart <= 0 || step <= OutcomeFadeStart)
        {
            return weight;
        }

        if (step >= OutcomeFadeEnd)
        {
            return 0f;
        }

        return (float)(weight * ((double)(OutcomeFadeEnd - step) / (OutcomeFadeEnd - OutcomeFadeStart)));
    }

    /// <summary>The outcome weight u training uses in <paramref name="environment"/>: <see cref="OutcomeWeight"/>, or
    /// with <see cref="OutcomeWeightMargin"/> m, the larger of it and m x (the largest difference between the goals'
    /// best returns) / log 2 (<see cref="Environments.IGoalEnvironment.BestReturnTo"/>).</summary>
    /// <param name="environment">One environment of the run.</param>
    /// <exception cref="ArgumentException">A margin is set and the environment cannot say what its goals are worth.</exception>
    public float OutcomeWeightFor(Environments.IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (OutcomeWeightMargin == 0f || OutcomeWeight == 0f)
        {
            return OutcomeWeight;
        }

        float spread = GoalReturnSpread(environment);
        return MathF.Max(OutcomeWeight, OutcomeWeightMargin * spread / MathF.Log(2f));
    }

    /// <summary>The largest difference between <paramref name="environment"/>'s goals' best returns.</summary>
    private float GoalReturnSpread(Environments.IEnvironment environment)
    {
        float[] returns = environment is Environments.IGoalEnvironment goals
            ? [.. Enumerable.Range(0, goals.GoalCount).Select(goals.BestReturnTo)]
            : [];
        if (returns.Length < 2 || returns.Any(r => !float.IsFinite(r)))
        {
            throw new ArgumentException(
                $"OutcomeWeightMargin sets u from what the goals' best returns differ by, which environment '{environment.Name}' does not report " +
                "(an IGoalEnvironment whose BestReturnTo is finite, such as MultiGoal): set OutcomeWeight yourself and OutcomeWeightMargin=0.");
        }

        return returns.Max() - returns.Min();
    }

    /// <inheritdoc cref="TrainingRunSettings.CheckpointInterval"/>
    public long CheckpointInterval { get; set; } = TrainerDefaults.CheckpointInterval;

    /// <inheritdoc cref="TrainingRunSettings.CheckpointsToKeep"/>
    public int CheckpointsToKeep { get; set; } = TrainerDefaults.CheckpointsToKeep;

    /// <inheritdoc cref="TrainingRunSettings.MetricsInterval"/>
    public long MetricsInterval { get; set; } = TrainerDefaults.MetricsInterval;

    /// <inheritdoc cref="ReinforcementTrainerOptions.Environment"/>
    public string? Environment { get; set; }

    /// <inheritdoc cref="ReinforcementTrainerOptions.EnvironmentOptions"/>
    public Dictionary<string, string>? EnvironmentOptions { get; set; }

    /// <inheritdoc cref="TrainingRunSettings.CheckpointDirectory"/>
    public string? CheckpointDirectory { get; set; }

    /// <summary>The settings in use that are extensions, not in the paper (the state-discrimination term w, shared
    /// experience, the outcome term u), each as "Name value"; empty for the paper's methods.</summary>
    public IReadOnlyList<string> ExtensionsInUse() => [.. ExtensionSettings().Select(e => e.InUse)];

    /// <summary>
    /// Everything in use that departs from the paper: the method's extensions (<see cref="ExtensionsInUse"/>); two
    /// departures of the task and its data that are not the method's but change what it learns from: time limits that
    /// end the backup (<see cref="BootstrapTimeLimits"/> false, with the time left in MultiGoal's observation when its
    /// <c>time-feature</c> option is on) and warm-up actions correlated in time (<see cref="WarmupActionCorrelation"/>);
    /// and two changes of the methods' own terms: MEDE's log q(z|s,a) weighing other than the paper's
    /// (<see cref="DiscriminatorWeight"/> not 1) and DIAYN's reward with -log p(z) (<see cref="DiaynSubtractLogPrior"/>;
    /// the paper's baseline is r + log q(z|s)).
    /// Each comes with the <c>mede train</c> arguments that turn it off; all of them together give the paper's method
    /// and task. Empty for the paper's settings.
    /// </summary>
    public IReadOnlyList<PaperDeparture> DeparturesFromPaper()
    {
        var departures = ExtensionSettings().Select(e => new PaperDeparture(e.InUse, "--set " + e.Off)).ToList();
        if (!BootstrapTimeLimits)
        {
            bool timeFeature = EnvironmentOptions is not null
                && EnvironmentOptions.FirstOrDefault(o => string.Equals(o.Key, TaskPresets.MultiGoalTimeFeatureKey, StringComparison.OrdinalIgnoreCase)).Value is string on
                && bool.TryParse(on, out bool value) && value;
            departures.Add(timeFeature
                ? new PaperDeparture("the time left in the observation (time-feature, time limits end the backup)", $"--set {nameof(BootstrapTimeLimits)}=true --env-option {TaskPresets.MultiGoalTimeFeatureKey}=false")
                : new PaperDeparture("time limits end the backup (BootstrapTimeLimits false)", $"--set {nameof(BootstrapTimeLimits)}=true"));
        }

        if (WarmupActionCorrelation > 0f)
        {
            departures.Add(new PaperDeparture(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"warm-up actions correlated in time (WarmupActionCorrelation {WarmupActionCorrelation})"),
                $"--set {nameof(WarmupActionCorrelation)}=0"));
        }

        if (Algorithm == ReinforcementAlgorithm.Mede && DiscriminatorWeight != TrainerDefaults.DiscriminatorWeight)
        {
            departures.Add(new PaperDeparture(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{nameof(DiscriminatorWeight)} {DiscriminatorWeight:G3}"),
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"--set {nameof(DiscriminatorWeight)}={TrainerDefaults.DiscriminatorWeight}")));
        }

        if (Algorithm == ReinforcementAlgorithm.Diayn && DiaynSubtractLogPrior)
        {
            departures.Add(new PaperDeparture("-log p(z) in DIAYN's reward (DiaynSubtractLogPrior)", $"--set {nameof(DiaynSubtractLogPrior)}=false"));
        }

        return departures;
    }

    // Every extension once: how it is named while on, and the setting that turns it off.
    private IEnumerable<(string InUse, string Off)> ExtensionSettings()
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (StateDiscriminatorWeight != 0f)
        {
            yield return (string.Create(invariant, $"StateDiscriminatorWeight {StateDiscriminatorWeight}"), $"{nameof(StateDiscriminatorWeight)}=0");
        }

        if (ShareExperience)
        {
            yield return ("ShareExperience", $"{nameof(ShareExperience)}=false");
        }

        if (OutcomeWeight != 0f)
        {
            string pseudoCount = OutcomePseudoCount != TrainerDefaults.OutcomePseudoCount ? string.Create(invariant, $", pseudo-count {OutcomePseudoCount}") : string.Empty;
            string score = (OutcomeScore.Describe() is string name ? ", " + name : string.Empty) + (OutcomePayment.Describe() is string payment ? ", " + payment : string.Empty)
                + (OutcomeWeightMargin > 0f ? string.Create(invariant, $", at least {OutcomeWeightMargin} x the goals' return spread / log 2") : string.Empty)
                + (OutcomeLossWeight is float loss ? string.Create(invariant, $", losses weighing {loss}") : string.Empty)
                + (OutcomeFadeStart > 0 ? string.Create(invariant, $", fading to 0 from step {OutcomeFadeStart:N0} to {OutcomeFadeEnd:N0}") : string.Empty);
            yield return (string.Create(invariant, $"OutcomeWeight {OutcomeWeight} (bandwidth {OutcomeBandwidth}{pseudoCount}{score})"), $"{nameof(OutcomeWeight)}=0");
        }
    }

    /// <summary>Checks the settings that depend on the environment trained in (training calls it; a caller may call it
    /// before it makes anything that a refusal would leave behind, such as a run folder).</summary>
    /// <param name="environment">One environment of the run.</param>
    /// <exception cref="ArgumentException">A setting the environment rules out; the message names both and the way out.</exception>
    public void ValidateFor(Environments.IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.ObservesRemainingTime && BootstrapTimeLimits)
        {
            // At the time limit the observed time left is 0: bootstrapping there would read a value no target trained.
            throw new ArgumentException(
                $"Environment '{environment.Name}' observes the time it has left, so its time limit ends the episode for good: " +
                "set BootstrapTimeLimits=false (--set BootstrapTimeLimits=false), or turn the environment's time feature off (MultiGoal: --env-option time-feature=false).");
        }

        if (OutcomeWeightMargin > 0f && OutcomeWeight > 0f)
        {
            _ = GoalReturnSpread(environment);
        }

        if (OutcomePayment == OutcomePayment.Undiscounted && OutcomeWeight > 0f && !environment.ObservesRemainingTime)
        {
            // The undiscounted score depends on the step of the end: without the time in the state it is not Markov.
            throw new ArgumentException(
                $"OutcomePayment Undiscounted pays the outcome term by the step an episode ends at, which environment '{environment.Name}' does not observe: " +
                "give it the time left (MultiGoal: --env-option time-feature=true), or set OutcomePayment=AtEnd.");
        }
    }

    /// <summary>Checks every setting and throws an <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        Require(Enum.IsDefined(Algorithm), nameof(Algorithm), Algorithm, "is not one of " + string.Join(", ", Enum.GetNames<ReinforcementAlgorithm>()));
        Require(Enum.IsDefined(NetworkMode), nameof(NetworkMode), NetworkMode, "is not one of " + string.Join(", ", Enum.GetNames<NetworkMode>()));
        Require(TargetEntropy is null || float.IsFinite(TargetEntropy.Value), nameof(TargetEntropy), TargetEntropy ?? 0f, "must be finite");
        Require(NumberOfAgents >= 1, nameof(NumberOfAgents), NumberOfAgents, "must be at least 1");
        Require(Algorithm != ReinforcementAlgorithm.Sac || NumberOfAgents == 1, nameof(NumberOfAgents), NumberOfAgents, "must be 1 for SAC");
        Require(Algorithm == ReinforcementAlgorithm.Sac || NumberOfAgents >= 2, nameof(NumberOfAgents), NumberOfAgents, "must be at least 2 for MEDE and DIAYN (a discriminator needs two classes)");
        Require(HiddenLayerSizes is { Length: > 0 } && HiddenLayerSizes.All(h => h > 0), nameof(HiddenLayerSizes), Show(HiddenLayerSizes), "must be positive widths");
        Require(DiscriminatorHiddenLayerSizes is { Length: > 0 } && DiscriminatorHiddenLayerSizes.All(h => h > 0), nameof(DiscriminatorHiddenLayerSizes), Show(DiscriminatorHiddenLayerSizes), "must be positive widths");
        Require(EntropyCoefficient > 0f && float.IsFinite(EntropyCoefficient), nameof(EntropyCoefficient), EntropyCoefficient, "must be positive");
        Require(DiscriminatorWeight >= 0f && float.IsFinite(DiscriminatorWeight), nameof(DiscriminatorWeight), DiscriminatorWeight, "must be non-negative");
        Require(StateDiscriminatorWeight >= 0f && float.IsFinite(StateDiscriminatorWeight), nameof(StateDiscriminatorWeight), StateDiscriminatorWeight, "must be non-negative");
        Require(StateDiscriminatorWeight == 0f || Algorithm == ReinforcementAlgorithm.Mede, nameof(StateDiscriminatorWeight), StateDiscriminatorWeight, "applies to MEDE only (it extends MEDE's soft value)");
        Require(DiscountFactor is >= 0f and < 1f, nameof(DiscountFactor), DiscountFactor, "must lie in [0, 1)");
        Require(TargetSmoothingCoefficient is > 0f and <= 1f, nameof(TargetSmoothingCoefficient), TargetSmoothingCoefficient, "must lie in (0, 1]");
        Require(LearningRate > 0f && float.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "must be positive");
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be at least 1");
        Require(ReplayBufferSize >= 1, nameof(ReplayBufferSize), ReplayBufferSize, "must be at least 1");
        Require(WarmupSteps >= 0, nameof(WarmupSteps), WarmupSteps, "must be non-negative");
        Require(WarmupActionCorrelation >= 0f && WarmupActionCorrelation < 1f, nameof(WarmupActionCorrelation), WarmupActionCorrelation, "must lie in [0, 1)");
        Require(UpdatesPerStep >= 0, nameof(UpdatesPerStep), UpdatesPerStep, "must be non-negative");
        Require(TotalSteps >= 0, nameof(TotalSteps), TotalSteps, "must be non-negative");
        Require(float.IsFinite(RewardScale), nameof(RewardScale), RewardScale, "must be finite");
        Require(Threads >= 1, nameof(Threads), Threads, "must be at least 1");
        Require(Device is not null && System.Text.RegularExpressions.Regex.IsMatch(Device, "^(cpu|cuda(:[0-9]+)?)$"), nameof(Device), Device ?? "null", "must be cpu, cuda or cuda:N");
        Require(Backend == TrainingBackend.TorchSharp || Device == "cpu", nameof(Device), Device ?? "null", "needs Backend = TorchSharp (the managed engine runs on the CPU only)");
        Require(!ShareExperience || (Algorithm != ReinforcementAlgorithm.Sac && NetworkMode == NetworkMode.Separate), nameof(ShareExperience), ShareExperience, "needs MEDE or DIAYN with separate networks (NetworkMode = Separate): it relabels each agent's batch, and in shared mode the discriminators learn from that same batch");
        Require(OutcomeWeight >= 0f && float.IsFinite(OutcomeWeight), nameof(OutcomeWeight), OutcomeWeight, "must be non-negative");
        Require(OutcomeWeight == 0f || Algorithm != ReinforcementAlgorithm.Sac, nameof(OutcomeWeight), OutcomeWeight, "applies to MEDE and DIAYN only (it compares where the agents' episodes end)");
        Require(OutcomeBandwidth > 0f && float.IsFinite(OutcomeBandwidth), nameof(OutcomeBandwidth), OutcomeBandwidth, "must be positive");
        Require(OutcomePseudoCount > 0f && float.IsFinite(OutcomePseudoCount), nameof(OutcomePseudoCount), OutcomePseudoCount, "must be positive");
        Require(Enum.IsDefined(OutcomeScore), nameof(OutcomeScore), OutcomeScore, "is not one of " + string.Join(", ", Enum.GetNames<OutcomeScore>()));
        Require(Enum.IsDefined(OutcomePayment), nameof(OutcomePayment), OutcomePayment, "is not one of " + string.Join(", ", Enum.GetNames<OutcomePayment>()));
        Require(OutcomePayment == OutcomePayment.AtEnd || OutcomeWeight == 0f || OutcomeScore != OutcomeScore.Price, nameof(OutcomePayment), OutcomePayment, "needs an OutcomeScore paid at the end (Information or PositiveInformation), not the Price paid on every step");
        Require(OutcomeWeightMargin >= 0f && float.IsFinite(OutcomeWeightMargin), nameof(OutcomeWeightMargin), OutcomeWeightMargin, "must be non-negative (0: u is OutcomeWeight)");
        Require(OutcomeWeightMargin == 0f || OutcomeWeight == 0f || OutcomeScore != OutcomeScore.Price, nameof(OutcomeWeightMargin), OutcomeWeightMargin, "sets u from log 2, the information an end of one's own adds over one shared by two: it needs OutcomeScore Information or PositiveInformation");
        Require(OutcomeLossWeight is null || (OutcomeLossWeight >= 0f && float.IsFinite(OutcomeLossWeight.Value)), nameof(OutcomeLossWeight), OutcomeLossWeight ?? 0f, "must be non-negative and finite (null: losses weigh u)");
        Require(OutcomeLossWeight is null || OutcomeWeight == 0f || OutcomeScore == OutcomeScore.Information, nameof(OutcomeLossWeight), OutcomeLossWeight ?? 0f, "weighs the negative part of the Information score: it needs OutcomeScore Information (PositiveInformation has no losses, and the Price is all loss); with another score set OutcomeLossWeight=null");
        Require(OutcomeFadeStart >= 0, nameof(OutcomeFadeStart), OutcomeFadeStart, "must be non-negative (0: no fade)");
        Require(OutcomeFadeStart == 0 ? OutcomeFadeEnd == 0 : OutcomeFadeEnd >= OutcomeFadeStart, nameof(OutcomeFadeEnd), OutcomeFadeEnd,
            OutcomeFadeStart == 0 ? "needs OutcomeFadeStart (the step the fade starts at, > 0)" : $"must be at least OutcomeFadeStart ({OutcomeFadeStart})");
        Require(DiscriminatorSyncInterval >= 1, nameof(DiscriminatorSyncInterval), DiscriminatorSyncInterval, "must be at least 1");
        Require(CheckpointInterval >= 0, nameof(CheckpointInterval), CheckpointInterval, "must be non-negative");
        Require(CheckpointsToKeep >= 1, nameof(CheckpointsToKeep), CheckpointsToKeep, "must be at least 1");
        Require(MetricsInterval >= 1, nameof(MetricsInterval), MetricsInterval, "must be at least 1");

        void Require(bool ok, string name, object value, string rule)
        {
            if (!ok)
            {
                throw new ArgumentException($"{OwnerOf(name)}.{name} = {value} {rule}.", name);
            }
        }

        static string Show(int[]? sizes) => sizes is null ? "null" : "[" + string.Join(", ", sizes) + "]";
    }

    /// <summary>The configuration of a trainer with <paramref name="options"/>, run as <paramref name="run"/> says.</summary>
    /// <param name="options">The algorithm's options: <see cref="MedeTrainer.Options"/>, <see cref="DiaynTrainer.Options"/>
    /// or <see cref="SacTrainer.Options"/>.</param>
    /// <param name="run">The run settings, or null for the defaults (its recorder is not part of a configuration).</param>
    public static TrainingConfiguration From(ReinforcementTrainerOptions options, TrainingRunSettings? run = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = new TrainingConfiguration();
        options.WriteTo(configuration);
        configuration.Apply(run ?? new TrainingRunSettings());
        return configuration;
    }

    /// <summary>The run settings of this configuration, with <paramref name="recorder"/>.</summary>
    internal TrainingRunSettings ToRunSettings(ITrainingRecorder? recorder) => new()
    {
        Threads = Threads,
        Backend = Backend,
        Device = Device,
        FallbackToCpu = FallbackToCpu,
        CheckpointDirectory = CheckpointDirectory,
        CheckpointInterval = CheckpointInterval,
        CheckpointsToKeep = CheckpointsToKeep,
        MetricsInterval = MetricsInterval,
        Recorder = recorder,
    };

    /// <summary>Takes every run setting of <paramref name="run"/> except its recorder.</summary>
    internal void Apply(TrainingRunSettings run)
    {
        Threads = run.Threads;
        Backend = run.Backend;
        Device = run.Device;
        FallbackToCpu = run.FallbackToCpu;
        CheckpointDirectory = run.CheckpointDirectory;
        CheckpointInterval = run.CheckpointInterval;
        CheckpointsToKeep = run.CheckpointsToKeep;
        MetricsInterval = run.MetricsInterval;
    }

    /// <summary>The public type a property belongs to, for messages: the run settings, or the algorithm's options.</summary>
    private string OwnerOf(string property) => property switch
    {
        nameof(Threads) or nameof(Backend) or nameof(Device) or nameof(FallbackToCpu) or nameof(CheckpointDirectory)
            or nameof(CheckpointInterval) or nameof(CheckpointsToKeep) or nameof(MetricsInterval) => nameof(TrainingRunSettings),
        _ => OptionsTypeName,
    };

    /// <summary>The public options type of <see cref="Algorithm"/>, for messages.</summary>
    internal string OptionsTypeName => Algorithm switch
    {
        ReinforcementAlgorithm.Diayn => "DiaynTrainer.Options",
        ReinforcementAlgorithm.Sac => "SacTrainer.Options",
        _ => "MedeTrainer.Options",
    };

    /// <summary>A deep copy.</summary>
    public TrainingConfiguration Clone()
    {
        var copy = (TrainingConfiguration)MemberwiseClone();
        copy.HiddenLayerSizes = (int[])HiddenLayerSizes.Clone();
        copy.DiscriminatorHiddenLayerSizes = (int[])DiscriminatorHiddenLayerSizes.Clone();
        copy.EnvironmentOptions = EnvironmentOptions is null ? null : new Dictionary<string, string>(EnvironmentOptions);
        return copy;
    }
}
