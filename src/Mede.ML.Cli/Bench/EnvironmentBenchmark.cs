using System.Diagnostics;
using Mede.ML.Environments;
using Mede.ML.Neural;

namespace Mede.ML.Cli.Bench;

/// <summary>Environment steps per second through <see cref="IEnvironment"/> with uniform random actions, one
/// environment per thread, episodes reset as they end.</summary>
internal static class EnvironmentBenchmark
{
    public static double StepsPerSecond(Func<IEnvironment> factory, int threads, double seconds = 2.0)
    {
        var counts = new long[threads];
        var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            using IEnvironment environment = factory();
            var g = new Generator((ulong)t + 1);
            var observation = new float[environment.ObservationSpace.Dimension];
            var unit = new float[environment.ActionSpace.Dimension];
            var action = new float[environment.ActionSpace.Dimension];
            environment.Reset((ulong)t, observation);
            start.SignalAndWait();
            var clock = Stopwatch.StartNew();
            long steps = 0;
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                for (int i = 0; i < 256; i++)
                {
                    g.FillUniform(unit, -1f, 1f);
                    environment.ActionSpace.FromUnitCube(unit, action);
                    if (environment.Step(action, observation).Done)
                    {
                        environment.Reset(null, observation);
                    }
                }

                steps += 256;
            }

            counts[t] = (long)(steps / clock.Elapsed.TotalSeconds);
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return counts.Sum();
    }
}
