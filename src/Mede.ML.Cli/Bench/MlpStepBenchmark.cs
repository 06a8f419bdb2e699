using System.Diagnostics;
using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Kernels;
using Mede.ML.Neural.Layers;
using Mede.ML.Neural.Optim;

namespace Mede.ML.Cli.Bench;

/// <summary>The SAC-sized MLP training step of the neural core's benchmark: input 15, 2x256 ReLU, output 1,
/// batch 256, forward + backward + Adam.</summary>
internal static class MlpStepBenchmark
{
    public sealed record Result(string Backend, double StepsPerSecond, double AchievedGflops, double AllocatedBytesPerStep);

    public static Result Run(GemmBackend backend, double seconds = 2.0)
    {
        GemmBackend previous = Gemm.Backend;
        int previousThreads = Gemm.Threads;
        try
        {
            Gemm.Backend = backend;
            Gemm.Threads = 1;
            var g = new Generator(1);
            Sequential network = Mlp.Create([15, 256, 256, 1], Activation.ReLU, g);
            var adam = new Adam(network.Parameters());
            Tensor input = Tensor.Zeros(256, 15), target = Tensor.Zeros(256, 1);
            g.FillNormal(input.Data);
            g.FillNormal(target.Data);
            void Step()
            {
                using TapeScope scope = Tape.Scope();
                adam.ZeroGrad();
                Functional.MseLoss(network.Forward(input), target).Backward();
                adam.Step();
            }

            Warmup.Run(Step);

            long bytes = GC.GetAllocatedBytesForCurrentThread();
            long flops = Gemm.FlopsOnThisThread;
            int steps = 0;
            long start = Stopwatch.GetTimestamp(); // no Stopwatch object inside the window whose allocations are counted
            while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds)
            {
                Step();
                steps++;
            }

            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return new Result(backend.ToString().ToLowerInvariant(), steps / elapsed, (Gemm.FlopsOnThisThread - flops) / elapsed / 1e9,
                (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)steps);
        }
        finally
        {
            Gemm.Backend = previous;
            Gemm.Threads = previousThreads;
        }
    }
}
