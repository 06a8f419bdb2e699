using BenchmarkDotNet.Attributes;
using Mede.ML.Algorithms;
using Mede.ML.Neural;
using Mede.ML.Neural.Kernels;
using Mede.ML.Replay;
using Mede.ML.Training;

namespace Mede.ML.Benchmarks;

/// <summary>One full shared-mode update of the managed learner at Hopper's dimensions (obs 11, act 3, K 4, 2x256
/// networks, batch 256): critics, policy, temperature, both discriminators, targets; the same case as
/// <c>mede bench updates</c>. With two GEMM threads the update runs its independent pieces on the second core
/// (SecondCore) and splits the products nothing runs beside. Allocations must
/// read 0 B (MemoryDiagnoser counts the whole process, the second core's thread included).</summary>
[MemoryDiagnoser]
public class UpdateBenchmarks
{
    private const int Obs = 11, Act = 3;
    private SoftActorCritic _learner = null!;
    private ReplayBuffer _buffer = null!;
    private ReplayBatch _batch = null!;
    private Generator _random = null!;

    [Params(ReinforcementAlgorithm.Mede, ReinforcementAlgorithm.Sac, ReinforcementAlgorithm.Diayn)]
    public ReinforcementAlgorithm Algorithm { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Gemm.Backend = GemmBackend.Managed;
        Gemm.Threads = Threads;
        var options = new TrainingConfiguration
        {
            Algorithm = Algorithm,
            NumberOfAgents = Algorithm == ReinforcementAlgorithm.Sac ? 1 : 4,
            HiddenLayerSizes = [256, 256],
            BatchSize = 256,
        };
        _random = new Generator(1);
        _learner = new SoftActorCritic(options, Obs, Act, _random, _random);
        _buffer = new ReplayBuffer(10_000, Obs, Act);
        var o = new float[Obs];
        var a = new float[Act];
        var next = new float[Obs];
        for (int i = 0; i < 10_000; i++)
        {
            _random.FillNormal(o);
            _random.FillUniform(a, -1f, 1f);
            _random.FillNormal(next);
            _buffer.Add(o, a, _random.NextNormal(), next, i % 100 == 99, false, i % options.NumberOfAgents);
        }

        _batch = new ReplayBatch(256, Obs, Act);
    }

    [GlobalCleanup]
    public void Cleanup() => Gemm.Threads = 1;

    [Benchmark]
    public UpdateMetrics Update()
    {
        _buffer.Sample(_batch, _random);
        return _learner.Update(0, _batch, 0);
    }
}
