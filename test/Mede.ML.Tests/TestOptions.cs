using Mede.ML.Algorithms;
using Mede.ML.Training;

namespace Mede.ML.Tests;

/// <summary>Small, fast option sets for unit tests.</summary>
internal static class TestOptions
{
    public static TrainingConfiguration Tiny(ReinforcementAlgorithm algorithm = ReinforcementAlgorithm.Mede, NetworkMode mode = NetworkMode.Shared, int agents = 2) => new()
    {
        Algorithm = algorithm,
        NumberOfAgents = algorithm == ReinforcementAlgorithm.Sac ? 1 : agents,
        NetworkMode = mode,
        HiddenLayerSizes = [16, 16],
        DiscriminatorHiddenLayerSizes = [16, 16],
        BatchSize = 32,
        ReplayBufferSize = 10_000,
        WarmupSteps = 40,
        TotalSteps = 200,
        CheckpointInterval = 0,
        MetricsInterval = 50,
        Seed = 3,
    };
}
