using Mede.ML.Neural;
using Mede.ML.Replay;

namespace Mede.ML.Cli.Bench;

/// <summary>The replay buffer the update benchmarks sample from: 10,000 random transitions (normal observations and
/// rewards, uniform actions, one episode end in a hundred), the agents taking turns.</summary>
internal static class BenchReplay
{
    public static ReplayBuffer Random(int observationSize, int actionSize, int agents, Generator g)
    {
        var buffer = new ReplayBuffer(10_000, observationSize, actionSize);
        var o = new float[observationSize];
        var a = new float[actionSize];
        var next = new float[observationSize];
        for (int i = 0; i < 10_000; i++)
        {
            g.FillNormal(o);
            g.FillUniform(a, -1f, 1f);
            g.FillNormal(next);
            buffer.Add(o, a, g.NextNormal(), next, i % 100 == 99, false, i % agents);
        }

        return buffer;
    }
}
