using BenchmarkDotNet.Attributes;
using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Layers;
using Mede.ML.Neural.Kernels;
using Mede.ML.Neural.Optim;

namespace Mede.ML.Benchmarks;

/// <summary>A SAC-sized critic step: input 15 (observation 11 + one-hot 4), 2x256 ReLU, output 1, batch 256,
/// forward + backward + Adam. Allocations must read 0 B.</summary>
[MemoryDiagnoser]
public class MlpTrainingStepBenchmarks
{
    private Sequential _network = null!;
    private Adam _adam = null!;
    private Tensor _input = null!, _target = null!;

    [Params(GemmBackend.Managed, GemmBackend.OpenBlas)]
    public GemmBackend Backend { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Gemm.Backend = Backend;
        Gemm.Threads = 1;
        var g = new Generator(1);
        _network = Mlp.Create([15, 256, 256, 1], Activation.ReLU, g);
        _adam = new Adam(_network.Parameters());
        _input = Tensor.Zeros(256, 15);
        _target = Tensor.Zeros(256, 1);
        g.FillNormal(_input.Data);
        g.FillNormal(_target.Data);
    }

    [Benchmark]
    public void TrainingStep()
    {
        using TapeScope scope = Tape.Scope();
        _adam.ZeroGrad();
        Functional.MseLoss(_network.Forward(_input), _target).Backward();
        _adam.Step();
    }
}
