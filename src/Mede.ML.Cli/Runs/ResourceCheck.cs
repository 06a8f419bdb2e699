using Mede.ML.Environments;
using Mede.ML.Training;

namespace Mede.ML.Cli.Runs;

/// <summary>Says before training what a run will take on disk when that is a lot (many agents, wide networks, a
/// long run with a big replay buffer): each checkpoint holds every network, its optimiser state and the replay
/// buffers, and the newest <see cref="TrainingConfiguration.CheckpointsToKeep"/> are kept.</summary>
internal static class ResourceCheck
{
    /// <summary>Checkpoints above this size are announced (bytes).</summary>
    public const long WarnBytes = 1L << 30;

    public static void Warn(RunSpecification spec)
    {
        int observation, action;
        using (IEnvironment environment = spec.EnvironmentFactory()())
        {
            observation = environment.ObservationSpace.Dimension;
            action = environment.ActionSpace.Dimension;
        }

        var (networks, replay) = CheckpointBytes(spec.Options, observation, action);
        long total = networks + replay;
        if (total >= WarnBytes)
        {
            Console.Error.WriteLine(
                $"warning: each checkpoint of this run will take about {Gigabytes(total)} (networks and optimiser state {Gigabytes(networks)}, replay buffers up to {Gigabytes(replay)}), " +
                $"and {spec.Options.CheckpointsToKeep} are kept, with as much memory while it trains. Lower --agents, the layer sizes or ReplayBufferSize if that is more than the machine has.");
        }
    }

    /// <summary>An estimate of one checkpoint's size: parameters (with Polyak targets) and Adam's two moments of every
    /// network, and the replay rows the run can hold at its end.</summary>
    public static (long Networks, long Replay) CheckpointBytes(TrainingConfiguration options, int observation, int action)
    {
        int agents = options.NumberOfAgents;
        bool shared = options.NetworkMode == Algorithms.NetworkMode.Shared;
        int learners = shared ? 1 : agents;
        int condition = shared && agents > 1 ? agents : 0;
        long policy = Mlp(observation + condition, options.HiddenLayerSizes, 2 * action);
        long critic = Mlp(observation + action + condition, options.HiddenLayerSizes, 1);
        long learner = (policy + 4 * critic) + 2 * (policy + 2 * critic); // twin critics and targets; Adam's m and v
        long discriminators = agents > 1
            ? (Mlp(observation + action, options.DiscriminatorHiddenLayerSizes, agents) + Mlp(observation, options.DiscriminatorHiddenLayerSizes, agents)) * (3 + (shared ? 0 : agents))
            : 0;
        long rows = Math.Min(options.TotalSteps, (long)options.ReplayBufferSize * learners);
        long rowBytes = (2L * observation + action + 3) * sizeof(float);
        return ((learners * learner + discriminators) * sizeof(float), rows * rowBytes);
    }

    private static long Mlp(int input, int[] hidden, int output)
    {
        long count = 0;
        int previous = input;
        foreach (int width in hidden.Append(output))
        {
            count += (previous + 1L) * width;
            previous = width;
        }

        return count;
    }

    private static string Gigabytes(long bytes) => $"{bytes / (double)(1L << 30):F1} GB";
}
