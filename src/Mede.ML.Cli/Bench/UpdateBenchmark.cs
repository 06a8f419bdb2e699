using System.Diagnostics;
using Mede.ML.Algorithms;
using Mede.ML.Neural;
using Mede.ML.Neural.Kernels;
using Mede.ML.Replay;

namespace Mede.ML.Cli.Bench;

/// <summary>One case of <c>mede bench updates</c>: the full gradient step of a shared-mode learner (critics,
/// policy, temperature, both discriminators, targets), on random replay data.</summary>
internal static class UpdateBenchmark
{
    public sealed record Result(string Algo, int Obs, int Act, int Agents, int Hidden, int Batch, int Threads,
        double UpdatesPerSecond, double AllocatedBytesPerUpdate, double AchievedGflops, double GemmPeakGflops);

    public static Result Run(ReinforcementAlgorithm algorithm, int obs, int act, int agents, int hidden, int batch, int threads, double gemmPeak, double seconds = 2.0)
    {
        var options = new MedeTrainer.Options
        {
            Algorithm = algorithm,
            NumberOfAgents = algorithm == ReinforcementAlgorithm.Sac ? 1 : agents,
            HiddenLayerSizes = [hidden, hidden],
            BatchSize = batch,
        };
        int k = options.NumberOfAgents;
        var g = new Generator(1);
        var learner = new SoftActorCritic(options, obs, act, g, g);
        var buffer = new ReplayBuffer(10_000, obs, act);
        var o = new float[obs];
        var a = new float[act];
        var next = new float[obs];
        for (int i = 0; i < 10_000; i++)
        {
            g.FillNormal(o);
            g.FillUniform(a, -1f, 1f);
            g.FillNormal(next);
            buffer.Add(o, a, g.NextNormal(), next, i % 100 == 99, false, i % k);
        }

        var replayBatch = new ReplayBatch(batch, obs, act);
        int previousThreads = Gemm.Threads;
        Gemm.Threads = threads;
        try
        {
            void Update()
            {
                buffer.Sample(replayBatch, g);
                learner.Update(0, replayBatch, 0);
            }

            for (int i = 0; i < 20; i++)
            {
                Update();
            }

            long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            long flopsBefore = Gemm.FlopsOnThisThread;
            int updates = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                Update();
                updates++;
            }

            double elapsed = clock.Elapsed.TotalSeconds;
            double bytes = (GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / (double)updates;
            double gflops = (Gemm.FlopsOnThisThread - flopsBefore) / elapsed / 1e9;
            return new Result(algorithm.ToString().ToLowerInvariant(), obs, act, k, hidden, batch, threads, updates / elapsed, bytes, gflops, gemmPeak);
        }
        finally
        {
            Gemm.Threads = previousThreads;
        }
    }
}
