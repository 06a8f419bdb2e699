using Mede.ML.Algorithms;

using Mede.ML.Training;
using Tensor = TorchSharp.torch.Tensor;

namespace Mede.ML.TorchSharp.Tests;

/// <summary>Every tensor an update, an action or an export makes is released: the live tensor count and the process's
/// memory stay flat over many updates (the full 10,000-update run is <c>mede bench memory</c>).</summary>
[TestClass]
[DoNotParallelize]
public sealed class NoLeakTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Update_SixHundredUpdates_LiveTensorCountAndMemoryStayFlat()
    {
        TrainingConfiguration options = BackendComparison.OptionsFor(ReinforcementAlgorithm.Mede, NetworkMode.Separate);
        using var pair = new BackendComparison(options);
        var observations = new float[options.NumberOfAgents * BackendComparison.Observations];
        var actions = new float[options.NumberOfAgents * BackendComparison.Actions];
        int[] agents = [.. Enumerable.Range(0, options.NumberOfAgents)];
        void Round(int i)
        {
            for (int set = 0; set < pair.Torch.NetworkSets; set++)
            {
                pair.Torch.Update(set, pair.NextBatch(), i);
            }

            pair.Torch.UpdateDiscriminators(pair.NextBatch(), i);
            pair.Torch.SyncDiscriminators();
            pair.Torch.Act(observations, agents, deterministic: i % 2 == 0, actions);
        }

        for (int i = 0; i < 50; i++)
        {
            Round(i);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        long tensors = Tensor.TotalCount;
        long memory = Environment.WorkingSet;
        for (int i = 0; i < 200; i++)
        {
            Round(i);
            if (i % 50 == 0)
            {
                _ = pair.Torch.Weights(forCheckpoint: true).Count();
                _ = pair.Torch.OptimizerState().Count();
            }
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        long grown = Environment.WorkingSet - memory;
        TestContext.WriteLine($"live tensors {tensors} -> {Tensor.TotalCount}; working set grew {grown / 1e6:F1} MB over 200 rounds (600 set updates, 200 discriminator steps)");
        Assert.AreEqual(tensors, Tensor.TotalCount, "live tensors after 200 more rounds");
        Assert.IsLessThan(32_000_000L, grown, $"the working set grew by {grown / 1e6:F1} MB");
    }
}
