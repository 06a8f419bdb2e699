using Mede.ML.Algorithms;
using Mede.ML.Neural;
using Mede.ML.Replay;
using Mede.ML.Training;

namespace Mede.ML.TorchSharp.Tests;

/// <summary>
/// A managed <see cref="SoftActorCritic"/> and a <see cref="TorchSharpLearner"/> built from the same options and random
/// streams (so the same initial weights and noise), and a replay batch, for the cross-backend tests.
/// </summary>
internal sealed class BackendComparison : IDisposable
{
    public const int Observations = 5, Actions = 2;

    public BackendComparison(TrainingConfiguration options, ulong seed = 7)
    {
        Options = options;
        Managed = new SoftActorCritic(options, Observations, Actions, new Generator(seed), new Generator(seed + 1));
        Torch = new TorchSharpLearner(options, Observations, Actions, new Generator(seed), new Generator(seed + 1));
        Buffer = new ReplayBuffer(1_000, Observations, Actions);
        var g = new Generator(seed + 2);
        var s = new float[Observations];
        var a = new float[Actions];
        var next = new float[Observations];
        for (int i = 0; i < 500; i++)
        {
            g.FillNormal(s);
            g.FillUniform(a, -0.95f, 0.95f);
            g.FillNormal(next);
            Buffer.Add(s, a, g.NextNormal(), next, terminated: i % 17 == 0, truncated: i % 23 == 0, agent: i % options.NumberOfAgents);
        }

        Batch = new ReplayBatch(options.BatchSize, Observations, Actions, options.BootstrapTimeLimits);
        BatchRandom = new Generator(seed + 3);
    }

    public TrainingConfiguration Options { get; }

    public SoftActorCritic Managed { get; }

    public TorchSharpLearner Torch { get; }

    public ReplayBuffer Buffer { get; }

    public ReplayBatch Batch { get; }

    public Generator BatchRandom { get; }

    /// <summary>Fills <see cref="Batch"/> with a fresh sample.</summary>
    public ReplayBatch NextBatch()
    {
        Buffer.Sample(Batch, BatchRandom);
        return Batch;
    }

    public static TrainingConfiguration OptionsFor(ReinforcementAlgorithm algorithm, NetworkMode mode, int agents = 3) => new()
    {
        Algorithm = algorithm,
        NumberOfAgents = algorithm == ReinforcementAlgorithm.Sac ? 1 : agents,
        NetworkMode = mode,
        HiddenLayerSizes = [64, 64],
        DiscriminatorHiddenLayerSizes = [64, 64],
        BatchSize = 64,
        EntropyCoefficient = 0.3f,
        DiscriminatorWeight = 0.8f,
        RewardScale = 2f,
        Backend = TrainingBackend.TorchSharp,
    };

    public void Dispose() => Torch.Dispose();
}
