using Mede.ML.Algorithms;

namespace Mede.ML.Training;

/// <summary>The paper's settings per task (Appendix B), applied before user overrides.</summary>
public static class TaskPresets
{
    /// <summary>Options for <paramref name="environment"/> with the paper's network sizes, temperature and reward
    /// scale: MultiGoal 2x128, alpha 0.3; Hopper and Walker 2x300, alpha 0.3; Multi-direction Ant separate networks
    /// 2x128 per agent, alpha 1, reward scale 5. Unknown tasks get the MultiGoal defaults.</summary>
    public static MedeTrainer.Options For(string environment)
    {
        var options = new MedeTrainer.Options();
        switch (environment)
        {
            case "hopper" or "walker2d":
                options.HiddenLayerSizes = [300, 300];
                options.EntropyCoefficient = 0.3f;
                options.TotalSteps = 1_000_000;
                options.WarmupSteps = 10_000;
                break;
            case "multidirection-ant" or "ant":
                options.NetworkMode = NetworkMode.Separate;
                options.HiddenLayerSizes = [128, 128];
                options.EntropyCoefficient = 1f;
                options.RewardScale = 5f;
                options.TotalSteps = 1_000_000;
                options.WarmupSteps = 10_000;
                break;
            case "pendulum":
                options.HiddenLayerSizes = [64, 64];
                options.TotalSteps = 10_000;
                break;
        }

        return options;
    }
}
