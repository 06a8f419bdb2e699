using System.Diagnostics;
using System.Runtime;

namespace Mede.ML.Cli.Bench;

/// <summary>
/// Runs a benchmark's step until the process is in its steady state, so that the measured window times the code a
/// long training run executes, not the JIT getting there.
/// </summary>
/// <remarks>
/// .NET compiles a method first without optimisation, counts its calls, then recompiles the hot ones in the background
/// with the profile it gathered (tiered compilation with dynamic PGO); until that settles, the update runs partly
/// unoptimised, and the runtime briefly suspends every thread to install the new code, which on two cores stalls a
/// hand-over between them for milliseconds. Measured on this project's update: a fixed warm-up of 20 updates left
/// 2-second runs at 141 updates/s and 12-second runs at 199. So the warm-up lasts until no method has been compiled
/// for <see cref="QuietSeconds"/> (at least <see cref="MinimumSteps"/> steps, at most <see cref="MaximumSeconds"/>).
/// </remarks>
internal static class Warmup
{
    /// <summary>Steps always run, whatever the JIT does.</summary>
    public const int MinimumSteps = 20;

    /// <summary>How long the JIT must have compiled nothing before the warm-up ends.</summary>
    public const double QuietSeconds = 0.5;

    /// <summary>The warm-up's limit, reached only if something keeps compiling.</summary>
    public const double MaximumSeconds = 10.0;

    /// <summary>Runs <paramref name="step"/> until the JIT has been quiet for <see cref="QuietSeconds"/>; returns the
    /// number of steps run.</summary>
    public static int Run(Action step)
    {
        long start = Stopwatch.GetTimestamp();
        long quietSince = start;
        long compiled = JitInfo.GetCompiledMethodCount();
        int steps = 0;
        while (true)
        {
            step();
            steps++;
            long now = Stopwatch.GetTimestamp();
            long count = JitInfo.GetCompiledMethodCount();
            if (count != compiled)
            {
                compiled = count;
                quietSince = now;
            }

            bool quiet = Stopwatch.GetElapsedTime(quietSince, now).TotalSeconds >= QuietSeconds;
            if ((steps >= MinimumSteps && quiet) || Stopwatch.GetElapsedTime(start, now).TotalSeconds >= MaximumSeconds)
            {
                return steps;
            }
        }
    }
}
