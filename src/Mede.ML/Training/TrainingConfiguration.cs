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
    /// <summary>|Z|, the number of agents (latent skills z, drawn uniformly). SAC uses 1.</summary>
    public int NumberOfAgents { get; set; } = TrainerDefaults.NumberOfAgents;

    /// <summary>The objective: MEDE (default), DIAYN or SAC.</summary>
    public ReinforcementAlgorithm Algorithm { get; set; } = ReinforcementAlgorithm.Mede;

    /// <summary>One shared network with a one-hot z input (default), or separate networks per agent.</summary>
    public NetworkMode NetworkMode { get; set; } = NetworkMode.Shared;

    /// <summary>Hidden layer widths of the policy and critics (ReLU): 2x128 for MultiGoal, 2x300 for Hopper
    /// and Walker, 2x128 per agent for Multi-direction Ant.</summary>
    public int[] HiddenLayerSizes { get; set; } = TrainerDefaults.HiddenLayerSizes();

    /// <summary>Hidden layer widths of the discriminator q(z|s,a) (and q(z|s)): 2x256 in the paper.</summary>
    public int[] DiscriminatorHiddenLayerSizes { get; set; } = TrainerDefaults.DiscriminatorHiddenLayerSizes();

    /// <summary>alpha, the entropy temperature: 0.3 (MultiGoal, Hopper, Walker), 1 (Ant). It scales both the
    /// entropy and the discriminator term (Eq. 5). The starting value when <see cref="AutomaticEntropyTuning"/>.</summary>
    public float EntropyCoefficient { get; set; } = TrainerDefaults.EntropyCoefficient;

    /// <summary>Learn alpha toward <see cref="TargetEntropy"/> (SAC v2) instead of keeping it fixed. An extra,
    /// not the paper's setting.</summary>
    public bool AutomaticEntropyTuning { get; set; }

    /// <summary>The entropy target of automatic tuning; null means -|A| (SAC v2).</summary>
    public float? TargetEntropy { get; set; }

    /// <summary>beta, the weight of log q(z|s,a) inside the MEDE objective (1 in the paper). Values below 1
    /// temper the discriminator and keep agents' policies stochastic (see the Theory module).</summary>
    public float DiscriminatorWeight { get; set; } = TrainerDefaults.DiscriminatorWeight;

    /// <summary>Let the gradient of beta * log q(z|s,a) flow through the action into the policy (default, the
    /// method's point). False is the ablation: the discriminator then reaches the policy only through the
    /// soft value.</summary>
    public bool DiscriminatorGradientToPolicy { get; set; } = true;

    /// <summary>DIAYN only: add -log p(z) = log K to the pseudo-reward, as in the DIAYN paper.</summary>
    public bool DiaynSubtractLogPrior { get; set; }

    /// <summary>gamma, the discount factor.</summary>
    public float DiscountFactor { get; set; } = TrainerDefaults.DiscountFactor;

    /// <summary>tau, the Polyak coefficient of the target critics.</summary>
    public float TargetSmoothingCoefficient { get; set; } = TrainerDefaults.TargetSmoothingCoefficient;

    /// <summary>Adam's learning rate for every network.</summary>
    public float LearningRate { get; set; } = TrainerDefaults.LearningRate;

    /// <summary>Transitions per gradient step (256 in the paper).</summary>
    public int BatchSize { get; set; } = TrainerDefaults.BatchSize;

    /// <summary>Capacity of the replay buffer (per agent in separate mode).</summary>
    public int ReplayBufferSize { get; set; } = TrainerDefaults.ReplayBufferSize;

    /// <summary>Environment steps (all agents together) with uniform random actions before learning starts.</summary>
    public int WarmupSteps { get; set; } = TrainerDefaults.WarmupSteps;

    /// <summary>Gradient steps per environment step (1 in the paper).</summary>
    public int UpdatesPerStep { get; set; } = TrainerDefaults.UpdatesPerStep;

    /// <summary>Environment steps to train for, all agents together.</summary>
    public long TotalSteps { get; set; } = TrainerDefaults.TotalSteps;

    /// <summary>Multiplies the environment reward (5 for Ant in the paper, 1 elsewhere).</summary>
    public float RewardScale { get; set; } = TrainerDefaults.RewardScale;

    /// <summary>The seed of every random stream of the run; null (the default) draws it from the
    /// <c>MLContext</c>'s random stream when the trainer is made, as ML.NET's trainers do.</summary>
    public int? Seed { get; set; }

    /// <summary>Threads for separate-mode agents (each agent learns on its own thread, bounded by this).
    /// With 1 the run is deterministic.</summary>
    public int Threads { get; set; } = TrainerDefaults.Threads;

    /// <summary>The tensor library that trains the networks: <see cref="TrainingBackend.Managed"/> (default, Mede.ML's own
    /// CPU engine) or <see cref="TrainingBackend.TorchSharp"/> (libtorch, needs the Mede.ML.TorchSharp package). Both
    /// compute the same update and name the weights alike, so checkpoints and models move between them.</summary>
    public TrainingBackend Backend { get; set; } = TrainingBackend.Managed;

    /// <summary>The device of the TorchSharp backend: <c>cpu</c> (default), <c>cuda</c> or <c>cuda:N</c> (as ML.NET's
    /// <c>MLContext.GpuDeviceId</c>). The managed backend runs on the CPU only.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>When the requested CUDA device is missing, train on the CPU (and say so) instead of failing at once
    /// (as ML.NET's <c>MLContext.FallbackToCpu</c>).</summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>Environment steps between discriminator syncs in separate mode.</summary>
    public int DiscriminatorSyncInterval { get; set; } = TrainerDefaults.DiscriminatorSyncInterval;

    /// <summary>Environment steps between checkpoints (and always one at the end); 0 writes only the final one.</summary>
    public long CheckpointInterval { get; set; } = TrainerDefaults.CheckpointInterval;

    /// <summary>Checkpoints kept in the run folder; older ones are deleted after a newer one is complete.</summary>
    public int CheckpointsToKeep { get; set; } = TrainerDefaults.CheckpointsToKeep;

    /// <summary>Environment steps between metric records.</summary>
    public long MetricsInterval { get; set; } = TrainerDefaults.MetricsInterval;

    /// <summary>The registered name of the environment (<c>EnvironmentRegistry</c>, e.g. <c>multigoal</c>) that
    /// <see cref="ReinforcementTrainerBase.Fit(Microsoft.ML.IDataView)"/> continues online in after pre-filling the replay buffer from
    /// recorded trajectories; null when the data view passed to Fit is itself an environment adapter.</summary>
    public string? Environment { get; set; }

    /// <summary>The <c>key=value</c> options of <see cref="Environment"/> (as the CLI's <c>--env-option</c>); null for its defaults.</summary>
    public Dictionary<string, string>? EnvironmentOptions { get; set; }

    /// <summary>Where <see cref="ReinforcementTrainerBase.Fit(Microsoft.ML.IDataView)"/> writes checkpoints (every
    /// <see cref="CheckpointInterval"/> steps, at the end, and when cancelled); null writes none.</summary>
    public string? CheckpointDirectory { get; set; }

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
        Require(DiscountFactor is >= 0f and < 1f, nameof(DiscountFactor), DiscountFactor, "must lie in [0, 1)");
        Require(TargetSmoothingCoefficient is > 0f and <= 1f, nameof(TargetSmoothingCoefficient), TargetSmoothingCoefficient, "must lie in (0, 1]");
        Require(LearningRate > 0f && float.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "must be positive");
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be at least 1");
        Require(ReplayBufferSize >= 1, nameof(ReplayBufferSize), ReplayBufferSize, "must be at least 1");
        Require(WarmupSteps >= 0, nameof(WarmupSteps), WarmupSteps, "must be non-negative");
        Require(UpdatesPerStep >= 0, nameof(UpdatesPerStep), UpdatesPerStep, "must be non-negative");
        Require(TotalSteps >= 0, nameof(TotalSteps), TotalSteps, "must be non-negative");
        Require(float.IsFinite(RewardScale), nameof(RewardScale), RewardScale, "must be finite");
        Require(Threads >= 1, nameof(Threads), Threads, "must be at least 1");
        Require(Device is not null && System.Text.RegularExpressions.Regex.IsMatch(Device, "^(cpu|cuda(:[0-9]+)?)$"), nameof(Device), Device ?? "null", "must be cpu, cuda or cuda:N");
        Require(Backend == TrainingBackend.TorchSharp || Device == "cpu", nameof(Device), Device ?? "null", "needs Backend = TorchSharp (the managed engine runs on the CPU only)");
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
