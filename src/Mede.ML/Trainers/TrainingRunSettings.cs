using Mede.ML.Algorithms;
using Mede.ML.Training;

namespace Mede.ML;

/// <summary>
/// How a training run is executed and kept, apart from what it learns: threads, the tensor backend and device,
/// checkpoints, metric intervals and the recorder. None of these change the algorithm; the hyperparameters are in
/// the trainers' <c>Options</c> (<see cref="MedeTrainer.Options"/>, <see cref="DiaynTrainer.Options"/>,
/// <see cref="SacTrainer.Options"/>).
/// </summary>
/// <example>
/// <code>
/// var run = new TrainingRunSettings { CheckpointDirectory = "runs/mede-1/checkpoints", Threads = 2 };
/// MedeTrainer trainer = ml.Reinforcement().Trainers.Mede(new MedeTrainer.Options { NumberOfAgents = 4 }, run);
/// </code>
/// </example>
public sealed class TrainingRunSettings
{
    /// <summary>Threads for separate-mode agents (each agent learns on its own thread, bounded by this) and, in
    /// shared mode, for the matrix products. Results are the same for any thread count.</summary>
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

    /// <summary>Where <see cref="ReinforcementTrainerBase.Fit(Microsoft.ML.IDataView)"/> writes checkpoints (every
    /// <see cref="CheckpointInterval"/> steps, at the end, and when cancelled); null writes none.</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>Environment steps between checkpoints (and always one at the end); 0 writes only the final one.</summary>
    public long CheckpointInterval { get; set; } = TrainerDefaults.CheckpointInterval;

    /// <summary>Checkpoints kept; older ones are deleted after a newer one is complete.</summary>
    public int CheckpointsToKeep { get; set; } = TrainerDefaults.CheckpointsToKeep;

    /// <summary>Environment steps between metric records.</summary>
    public long MetricsInterval { get; set; } = TrainerDefaults.MetricsInterval;

    /// <summary>Where training reports metrics and finished episodes, or null: <see cref="CsvTrainingRecorder"/>, the
    /// run store's recorder (Mede.ML.Analysis), or any <see cref="ITrainingRecorder"/>.</summary>
    public ITrainingRecorder? Recorder { get; set; }

    /// <summary>A shallow copy (the recorder is shared).</summary>
    public TrainingRunSettings Clone() => (TrainingRunSettings)MemberwiseClone();
}
