using BenchmarkDotNet.Attributes;
using Mede.ML.Neural;
using Mede.ML.Neural.Kernels;

namespace Mede.ML.Benchmarks;

/// <summary>GEMM at 256^3 and 1024^3 for both backends and 1 or 2 threads. GFLOP/s = 2 n^3 / mean time.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];

    [Params(256, 1024)]
    public int Size { get; set; }

    [Params(GemmBackend.Managed, GemmBackend.OpenBlas)]
    public GemmBackend Backend { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(1);
        _a = new float[Size * Size];
        _b = new float[Size * Size];
        _c = new float[Size * Size];
        g.FillUniform(_a, -1f, 1f);
        g.FillUniform(_b, -1f, 1f);
        Gemm.Backend = Backend;
        Gemm.Threads = Threads;
    }

    [Benchmark]
    public void Multiply() => Gemm.Multiply(false, false, Size, Size, Size, 1f, _a, Size, _b, Size, 0f, _c, Size);
}
