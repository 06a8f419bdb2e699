namespace Mede.ML.Training;

/// <summary>The last file written into a checkpoint: its presence marks the checkpoint complete.</summary>
/// <param name="Format">The checkpoint format version.</param>
/// <param name="Step">The environment step the checkpoint holds.</param>
/// <param name="Library">The Mede.ML version that wrote it.</param>
/// <param name="Options">The run's options.</param>
/// <param name="Files">Every other file of the checkpoint with its size in bytes.</param>
/// <param name="Checksums">Every other file of the checkpoint with the SHA-256 of its bytes (lower-case hex); null in
/// checkpoints written before checksums were kept, which are then checked by size only.</param>
/// <param name="Run">The identity of the run that wrote the checkpoint (<see cref="TrainingSession.RunIdentity"/>), or
/// null when the run had none: a run refuses to continue from another run's checkpoint.</param>
public sealed record CheckpointManifest(
    int Format,
    long Step,
    string Library,
    TrainingConfiguration Options,
    IReadOnlyDictionary<string, long> Files,
    IReadOnlyDictionary<string, string>? Checksums = null,
    string? Run = null);
