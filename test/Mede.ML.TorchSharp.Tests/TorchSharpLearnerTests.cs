using Mede.ML.Algorithms;
using Mede.ML.Neural;
using Mede.ML.Testing;
using ManagedTensor = Mede.ML.Neural.Tensor;
using Mede.ML.Training;

namespace Mede.ML.TorchSharp.Tests;

/// <summary>
/// The two backends check each other: from the same weights, batch and noise, the TorchSharp update gives the managed
/// update's losses, gradients and updated weights to float32 rounding, and a model trained by either acts the same in
/// the other.
/// </summary>
/// <remarks>
/// <para>Tolerances (|torch - managed| &lt;= absolute + relative |managed|), and why:</para>
/// <list type="bullet">
/// <item>Losses and metrics: 1e-5 + 1e-4 relative. Both compute in float32 with different summation orders (libtorch's
/// oneMKL GEMM against the managed blocked GEMM, tree against sequential means), so each reduction over 64 rows and 64
/// hidden units differs by a few ulps (~1e-7 relative each); a few chained layers stay well under 1e-5.</item>
/// <item>Gradients: 1e-7 + 1e-3 relative (measured worst excess over the relative part: 6e-9). A gradient element is a
/// batch sum of products whose terms cancel, so its error is set by the size of the terms (a few ulps of them), not of
/// the sum: small elements carry a large relative error but a tiny absolute one.</item>
/// <item>Weights after Adam steps: 1e-8 absolute + 1e-4 relative (measured worst excess: 7e-10). Adam divides the gradient by its own root mean square,
/// so one step moves each weight by at most lr = 3e-4 whatever the gradient's error; the step differs only where a
/// gradient differs relative to its size, which the relative gradient tolerance bounds. (An element whose gradient is
/// below the float32 noise floor, ~1e-9, could flip sign and move 2 lr apart; the tests measure none.)</item>
/// <item>Deterministic actions of a shared model: 1e-5 absolute: three float32 layers and a tanh.</item>
/// </list>
/// </remarks>
[TestClass]
public sealed class TorchSharpLearnerTests
{
    private const double LossAbsolute = 1e-5, LossRelative = 1e-4;
    private const double GradientAbsolute = 1e-7, GradientRelative = 1e-3;
    private const double WeightAbsolute = 1e-8, WeightRelative = 1e-4;
    private const double ActionAbsolute = 1e-5;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(1, 1, 1)]
    [DataRow(2, 1, 2, DisplayName = "one network, two threads: libtorch gets both")]
    [DataRow(2, 4, 1, DisplayName = "four agents on two threads: one libtorch thread each")]
    [DataRow(4, 2, 2)]
    [DataRow(8, 4, 2)]
    [DataRow(3, 4, 1)]
    public void IntraOpThreads_SplitsTheRunsThreadsAmongTheSetsThatUpdateAtOnce(int threads, int sets, int expected) =>
        Assert.AreEqual(expected, TorchSharpLearner.IntraOpThreads(threads, sets));

    [TestMethod]
    [DoNotParallelize]
    public void Constructor_OnTheCpu_SetsLibtorchsThreadsFromTheRun()
    {
        int before = global::TorchSharp.torch.get_num_threads();
        try
        {
            TrainingConfiguration separate = BackendComparison.OptionsFor(ReinforcementAlgorithm.Mede, NetworkMode.Separate);
            separate.Threads = 2;
            using (new BackendComparison(separate))
            {
                Assert.AreEqual(1, global::TorchSharp.torch.get_num_threads(), "separate agents updating two at a time");
            }

            TrainingConfiguration shared = BackendComparison.OptionsFor(ReinforcementAlgorithm.Mede, NetworkMode.Shared);
            shared.Threads = 2;
            using (new BackendComparison(shared))
            {
                Assert.AreEqual(2, global::TorchSharp.torch.get_num_threads(), "one network with two threads");
            }
        }
        finally
        {
            global::TorchSharp.torch.set_num_threads(before);
        }
    }

    [TestMethod]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Shared)]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Separate)]
    [DataRow(ReinforcementAlgorithm.Sac, NetworkMode.Shared)]
    public void Constructor_SameStreams_StartsFromTheManagedWeightsUnderTheSameNames(ReinforcementAlgorithm algorithm, NetworkMode mode)
    {
        using var pair = new BackendComparison(BackendComparison.OptionsFor(algorithm, mode));
        var managed = pair.Managed.Weights(forCheckpoint: true).ToList();
        var torch = pair.Torch.Weights(forCheckpoint: true).ToList();
        CollectionAssert.AreEqual(managed.Select(w => w.Name).ToList(), torch.Select(w => w.Name).ToList());
        CollectionAssert.AreEqual(managed.Select(w => w.Name).ToList(), pair.Torch.Module.named_parameters().Select(p => p.name).OrderBy(n => managed.FindIndex(m => m.Name == n)).ToList());
        for (int i = 0; i < managed.Count; i++)
        {
            CollectionAssert.AreEqual(managed[i].Value.ToArray(), torch[i].Value.ToArray(), managed[i].Name);
        }
    }

    [TestMethod]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Shared, true, false, 0f, true, DisplayName = "MEDE shared")]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Shared, false, false, 0f, true, DisplayName = "MEDE shared, ablation (no discriminator gradient)")]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Separate, true, false, 0f, true, DisplayName = "MEDE separate")]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Shared, true, false, 1.5f, true, DisplayName = "MEDE shared, state-discrimination extension")]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Separate, true, false, 1.5f, true, DisplayName = "MEDE separate, state-discrimination extension")]
    [DataRow(ReinforcementAlgorithm.Diayn, NetworkMode.Shared, true, false, 0f, true, DisplayName = "DIAYN shared")]
    [DataRow(ReinforcementAlgorithm.Diayn, NetworkMode.Separate, true, false, 0f, true, DisplayName = "DIAYN separate")]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Separate, true, false, 0f, false, DisplayName = "MEDE separate, time limits end the backup")]
    [DataRow(ReinforcementAlgorithm.Sac, NetworkMode.Shared, true, true, 0f, true, DisplayName = "SAC, automatic entropy tuning")]
    public void Update_SameWeightsBatchAndNoise_GivesTheManagedLossesGradientsAndWeights(ReinforcementAlgorithm algorithm, NetworkMode mode, bool discriminatorGradient, bool automaticEntropy, float stateWeight, bool bootstrapTimeLimits)
    {
        TrainingConfiguration options = BackendComparison.OptionsFor(algorithm, mode);
        options.StateDiscriminatorWeight = stateWeight;
        options.BootstrapTimeLimits = bootstrapTimeLimits;
        options.DiscriminatorGradientToPolicy = discriminatorGradient;
        options.AutomaticEntropyTuning = automaticEntropy;
        options.DiaynSubtractLogPrior = true;
        using var pair = new BackendComparison(options);
        double worstGradient = 0, worstWeight = 0;
        for (int update = 0; update < 4; update++)
        {
            for (int set = 0; set < pair.Managed.NetworkSets; set++)
            {
                var batch = pair.NextBatch();
                UpdateMetrics expected = pair.Managed.Update(set, batch, update);
                UpdateMetrics actual = pair.Torch.Update(set, batch, update);
                AssertMetricsClose(expected, actual, $"update {update}, set {set}");
            }

            if (pair.Managed.TrainsDiscriminatorsApart)
            {
                var batch = pair.NextBatch();
                Discriminability expected = pair.Managed.UpdateDiscriminators(batch, update);
                Discriminability actual = pair.Torch.UpdateDiscriminators(batch, update);
                Tolerance.AssertClose(expected.LogQStateAction, actual.LogQStateAction, LossAbsolute, LossRelative, $"update {update}: log q(z|s,a)");
                Tolerance.AssertClose(expected.LogQState, actual.LogQState, LossAbsolute, LossRelative, $"update {update}: log q(z|s)");
                pair.Managed.SyncDiscriminators();
                pair.Torch.SyncDiscriminators();
            }

            // Each parameter's gradient is the one its own loss left in this update (critics: the Bellman error; policy:
            // the policy loss; discriminators: the cross-entropy).
            IReadOnlyDictionary<string, float[]> torchGradients = pair.Torch.Gradients();
            int compared = 0;
            foreach (var (name, value) in pair.Managed.Weights(forCheckpoint: true))
            {
                if (torchGradients.TryGetValue(name, out float[]? gradient) && value.Grad.Length == gradient.Length)
                {
                    Tolerance.AssertClose(value.Grad, gradient, GradientAbsolute, GradientRelative, $"update {update}: gradient of {name}");
                    worstGradient = Math.Max(worstGradient, Tolerance.WorstExcess(value.Grad, gradient, GradientRelative, out _));
                    compared++;
                }
            }

            Assert.IsGreaterThan(0, compared, "no gradient was compared");
            var torchWeights = pair.Torch.Weights(forCheckpoint: true).ToDictionary(w => w.Name, w => w.Value.ToArray());
            foreach (var (name, value) in pair.Managed.Weights(forCheckpoint: true))
            {
                Tolerance.AssertClose(value.Data, torchWeights[name], WeightAbsolute, WeightRelative, $"update {update}: weight {name}");
                worstWeight = Math.Max(worstWeight, Tolerance.WorstExcess(value.Data, torchWeights[name], WeightRelative, out _));
            }
        }

        TestContext.WriteLine($"worst gradient excess over {GradientRelative:E0} relative: {worstGradient:E2}; worst weight excess over {WeightRelative:E0} relative: {worstWeight:E2}");
    }

    [TestMethod]
    [DataRow(NetworkMode.Shared)]
    [DataRow(NetworkMode.Separate)]
    public void Act_SameWeightsAndNoise_GivesTheManagedActions(NetworkMode mode)
    {
        using var pair = new BackendComparison(BackendComparison.OptionsFor(ReinforcementAlgorithm.Mede, mode));
        var random = new Generator(11);
        int k = pair.Options.NumberOfAgents;
        var observations = new float[k * BackendComparison.Observations];
        int[] agents = [.. Enumerable.Range(0, k)];
        foreach (bool deterministic in new[] { true, false, false })
        {
            random.FillNormal(observations);
            var expected = new float[k * BackendComparison.Actions];
            var actual = new float[k * BackendComparison.Actions];
            pair.Managed.Act(observations, agents, deterministic, expected);
            pair.Torch.Act(observations, agents, deterministic, actual);
            Tolerance.AssertClose(expected, actual, ActionAbsolute, 0, deterministic ? "deterministic actions" : "sampled actions (same noise)");
        }
    }

    [TestMethod]
    [DataRow(true, DisplayName = "trained by TorchSharp, acts in the managed engine")]
    [DataRow(false, DisplayName = "trained by the managed engine, acts in TorchSharp")]
    public void Weights_TrainedByOneBackend_ActTheSameDeterministicallyInTheOther(bool torchTrains)
    {
        using var trained = new BackendComparison(BackendComparison.OptionsFor(ReinforcementAlgorithm.Mede, NetworkMode.Shared));
        ILearner trainer = torchTrains ? trained.Torch : trained.Managed;
        for (int i = 0; i < 30; i++)
        {
            trainer.Update(0, trained.NextBatch(), i);
        }

        // A second pair with other initial weights: the trained weights must replace them entirely.
        using var other = new BackendComparison(trained.Options, seed: 99);
        ILearner reader = torchTrains ? other.Managed : other.Torch;
        reader.LoadWeights(trainer.Weights(forCheckpoint: true).ToDictionary(w => w.Name, w => w.Value), "trained weights");
        var random = new Generator(5);
        var observations = new float[64 * BackendComparison.Observations];
        random.FillNormal(observations);
        int[] agents = [.. Enumerable.Range(0, 64).Select(r => r % trained.Options.NumberOfAgents)];
        var expected = new float[64 * BackendComparison.Actions];
        var actual = new float[64 * BackendComparison.Actions];
        trainer.Act(observations, agents, deterministic: true, expected);
        reader.Act(observations, agents, deterministic: true, actual);
        Tolerance.AssertClose(expected, actual, ActionAbsolute, 0, "deterministic actions");
        Assert.IsGreaterThan(1e-3, expected.Zip(new float[expected.Length]).Max(p => Math.Abs(p.First - p.Second)), "the actions are all zero");
    }

    [TestMethod]
    public void OptimizerState_MovedBetweenBackends_ContinuesWithTheSameUpdate()
    {
        using var pair = new BackendComparison(BackendComparison.OptionsFor(ReinforcementAlgorithm.Mede, NetworkMode.Shared));
        for (int i = 0; i < 5; i++)
        {
            pair.Torch.Update(0, pair.NextBatch(), i);
        }

        // A managed learner continues from the TorchSharp learner's checkpoint state: weights, Adam moments, noise.
        var weights = pair.Torch.Weights(forCheckpoint: true).ToDictionary(w => w.Name, w => ManagedTensor.FromArray(w.Value.ToArray(), w.Value.Rows, w.Value.Columns));
        var state = pair.Torch.OptimizerState().ToDictionary(w => w.Name, w => w.Value);
        using var random = new MemoryStream();
        pair.Torch.SaveRandomState(new BinaryWriter(random));
        pair.Managed.LoadWeights(weights, "torch weights");
        pair.Managed.LoadOptimizerState(state, "torch optimiser state");
        random.Position = 0;
        pair.Managed.LoadRandomState(new BinaryReader(random));
        CollectionAssert.AreEquivalent(pair.Managed.OptimizerState().Select(s => s.Name).ToList(), state.Keys.ToList());

        var batch = pair.NextBatch();
        UpdateMetrics expected = pair.Managed.Update(0, batch, 5);
        UpdateMetrics actual = pair.Torch.Update(0, batch, 5);
        AssertMetricsClose(expected, actual, "the update after the move");
        var torchWeights = pair.Torch.Weights(forCheckpoint: true).ToDictionary(w => w.Name, w => w.Value.ToArray());
        foreach (var (name, value) in pair.Managed.Weights(forCheckpoint: true))
        {
            Tolerance.AssertClose(value.Data, torchWeights[name], WeightAbsolute, WeightRelative, $"weight {name}");
        }
    }

    [TestMethod]
    public void Constructor_CudaWhereThereIsNone_FailsAtOnceSayingSo()
    {
        TrainingConfiguration options = BackendComparison.OptionsFor(ReinforcementAlgorithm.Sac, NetworkMode.Shared);
        // The first device index this machine lacks (cuda here; cuda:N with N GPUs), so the test never skips.
        var (device, absent) = MissingCudaDevice.Get();
        options.Device = device;
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => new TorchSharpLearner(options, 3, 1, new Generator(1), new Generator(2)));
        StringAssert.Contains(e.Message, absent);
        StringAssert.Contains(e.Message, "--device cpu");
    }

    [TestMethod]
    public void Constructor_CudaWhereThereIsNoneWithFallback_TrainsOnTheCpuAndSaysSo()
    {
        TrainingConfiguration options = BackendComparison.OptionsFor(ReinforcementAlgorithm.Sac, NetworkMode.Shared);
        options.Device = MissingCudaDevice.Get().Device;
        options.FallbackToCpu = true;

        using var learner = new TorchSharpLearner(options, 3, 1, new Generator(1), new Generator(2));
        Assert.AreEqual(global::TorchSharp.DeviceType.CPU, learner.Device.type);
        StringAssert.Contains(learner.DeviceNote, "training on the CPU instead");
    }

    private static void AssertMetricsClose(UpdateMetrics expected, UpdateMetrics actual, string where)
    {
        Tolerance.AssertClose(expected.CriticLoss, actual.CriticLoss, LossAbsolute, LossRelative, $"{where}: critic loss");
        Tolerance.AssertClose(expected.PolicyLoss, actual.PolicyLoss, LossAbsolute, LossRelative, $"{where}: policy loss");
        Tolerance.AssertClose(expected.Alpha, actual.Alpha, LossAbsolute, LossRelative, $"{where}: alpha");
        Tolerance.AssertClose(expected.Entropy, actual.Entropy, LossAbsolute, LossRelative, $"{where}: entropy");
        Tolerance.AssertClose(expected.MeanQ, actual.MeanQ, LossAbsolute, LossRelative, $"{where}: mean Q");
        Assert.AreEqual(expected.EntropyByAgent.Length, actual.EntropyByAgent.Length, $"{where}: agents with an entropy");
        for (int z = 0; z < expected.EntropyByAgent.Length; z++)
        {
            float e = expected.EntropyByAgent.Span[z], a = actual.EntropyByAgent.Span[z];
            Assert.AreEqual(float.IsNaN(e), float.IsNaN(a), $"{where}: agent {z}'s entropy measured by one backend only");
            if (!float.IsNaN(e))
            {
                Tolerance.AssertClose(e, a, LossAbsolute, LossRelative, $"{where}: agent {z}'s entropy");
            }
        }

        Assert.AreEqual(expected.Discriminability is null, actual.Discriminability is null, $"{where}: discriminability reported by one backend only");
        if (expected.Discriminability is Discriminability d)
        {
            Tolerance.AssertClose(d.LogQStateAction, actual.Discriminability!.Value.LogQStateAction, LossAbsolute, LossRelative, $"{where}: log q(z|s,a)");
            Tolerance.AssertClose(d.LogQState, actual.Discriminability!.Value.LogQState, LossAbsolute, LossRelative, $"{where}: log q(z|s)");
        }
    }
}
