namespace Mede.ML.Training;

/// <summary>The last file written into a checkpoint: its presence marks the checkpoint complete.</summary>
/// <param name="Format">The checkpoint format version.</param>
/// <param name="Step">The environment step the checkpoint holds.</param>
/// <param name="Library">The Mede.ML version that wrote it.</param>
/// <param name="Options">The run's options.</param>
/// <param name="Files">Every other file of the checkpoint with its size in bytes.</param>
public sealed record CheckpointManifest(int Format, long Step, string Library, MedeTrainer.Options Options, IReadOnlyDictionary<string, long> Files);
