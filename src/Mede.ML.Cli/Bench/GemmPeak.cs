using System.Diagnostics;
using Mede.ML.Neural;
using Mede.ML.Neural.Kernels;

namespace Mede.ML.Cli.Bench;

/// <summary>Measures GEMM GFLOP/s for a square size, a backend and a thread count (best of several timed runs).</summary>
internal static class GemmPeak
{
    public static double Measure(int size, GemmBackend backend, int threads, double seconds = 0.6)
    {
        GemmBackend previousBackend = Gemm.Backend;
        int previousThreads = Gemm.Threads;
        try
        {
            Gemm.Backend = backend;
            Gemm.Threads = threads;
            var g = new Generator(1);
            var a = new float[size * size];
            var b = new float[size * size];
            var c = new float[size * size];
            g.FillUniform(a, -1f, 1f);
            g.FillUniform(b, -1f, 1f);
            for (int i = 0; i < 3; i++)
            {
                Gemm.Multiply(false, false, size, size, size, 1f, a, size, b, size, 0f, c, size);
            }

            double best = 0;
            var total = Stopwatch.StartNew();
            while (total.Elapsed.TotalSeconds < seconds)
            {
                int repetitions = Math.Max(1, (int)(2e8 / (2.0 * size * size * size)));
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < repetitions; i++)
                {
                    Gemm.Multiply(false, false, size, size, size, 1f, a, size, b, size, 0f, c, size);
                }

                best = Math.Max(best, 2.0 * size * size * size * repetitions / clock.Elapsed.TotalSeconds / 1e9);
            }

            return best;
        }
        finally
        {
            Gemm.Backend = previousBackend;
            Gemm.Threads = previousThreads;
        }
    }
}
