namespace Mede.ML.Environments.MuJoCo;

/// <summary>One throughput comparison: environment steps per second through Mede.ML against a raw <c>mj_step</c>
/// loop over the same model, in the same process run.</summary>
/// <param name="Environment">The environment's name.</param>
/// <param name="Threads">Threads used, each with its own environment (or simulation).</param>
/// <param name="StepsPerSecond">Environment steps per second, summed over threads.</param>
/// <param name="RawStepsPerSecond">The raw loop's rate in environment-step equivalents (mj_step calls per second
/// divided by the frame skip), summed over threads: the physical limit.</param>
public sealed record MuJoCoThroughputResult(string Environment, int Threads, double StepsPerSecond, double RawStepsPerSecond)
{
    /// <summary>Environment rate over raw rate (1 means no overhead).</summary>
    public double Ratio => RawStepsPerSecond > 0 ? StepsPerSecond / RawStepsPerSecond : double.NaN;
}
