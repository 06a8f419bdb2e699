using System.Diagnostics;
using Mede.ML.Algorithms;
using Mede.ML.Neural;
using Mede.ML.Replay;
using Mede.ML.Training;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Mede.ML.Cli.Bench;

/// <summary>
/// One case of <c>mede bench memory</c>: many gradient steps of a TorchSharp learner on random replay data, with the
/// live torch tensor count, the process's working set and the managed heap sampled along the way. A round updates every
/// network set once; in separate mode it also takes one discriminator step, syncs the agents' copies, and acts once
/// for every agent, as training does. The count is of network-set updates (separate mode with K agents takes K per round).
/// </summary>
internal static class MemoryBenchmark
{
    /// <summary>The working set may grow by at most this much from the first sample to the last for the run to count as
    /// flat (the same bound as NoLeakTests); one leaked 256 x 256 float tensor per update goes past it within 125 updates.</summary>
    public const long FlatWorkingSetBytes = 32_000_000;

    public sealed record Sample(long Update, long LiveTensors, long WorkingSetBytes, long GcHeapBytes);

    public sealed record Growth(long LiveTensors, long WorkingSetBytes, long GcHeapBytes);

    public sealed record Result(string Backend, string Algo, string Mode, long Updates, long DiscriminatorSteps, int Obs, int Act, int Agents,
        int Hidden, int Batch, int Threads, double Seconds, IReadOnlyList<Sample> Samples, Sample Start, Sample End, Growth Growth, bool Flat);

    public static Result Run(ReinforcementAlgorithm algorithm, NetworkMode mode, long updates, int obs, int act, int agents, int hidden, int batch, int threads)
    {
        var options = new TrainingConfiguration
        {
            Algorithm = algorithm,
            NumberOfAgents = algorithm == ReinforcementAlgorithm.Sac ? 1 : agents,
            NetworkMode = mode,
            HiddenLayerSizes = [hidden, hidden],
            DiscriminatorHiddenLayerSizes = [hidden, hidden],
            BatchSize = batch,
            Backend = TrainingBackend.TorchSharp,
        };
        int k = options.NumberOfAgents;
        var g = new Generator(1);
        ILearner learner = LearnerFactory.Create(options, obs, act, g, g);
        try
        {
            global::TorchSharp.torch.set_num_threads(threads);
            ReplayBuffer buffer = BenchReplay.Random(obs, act, k, g);

            var replayBatch = new ReplayBatch(batch, obs, act);
            var observations = new float[k * obs];
            var actions = new float[k * act];
            int[] agentIds = [.. Enumerable.Range(0, k)];
            long done = 0, discriminatorSteps = 0;
            void Round()
            {
                for (int set = 0; set < learner.NetworkSets; set++)
                {
                    buffer.Sample(replayBatch, g);
                    learner.Update(set, replayBatch, done);
                    done++;
                }

                if (learner.TrainsDiscriminatorsApart)
                {
                    buffer.Sample(replayBatch, g);
                    learner.UpdateDiscriminators(replayBatch, done);
                    learner.SyncDiscriminators();
                    discriminatorSteps++;
                }

                g.FillNormal(observations);
                learner.Act(observations, agentIds, deterministic: false, actions);
            }

            // Warm-up: the allocator's and libtorch's caches fill in the first updates; the samples start after them.
            long warmup = Math.Max(2L * learner.NetworkSets, Math.Min(updates / 10, 500));
            while (done < warmup)
            {
                Round();
            }

            done = 0;
            discriminatorSteps = 0;
            var samples = new List<Sample> { Measure(0) };
            long every = Math.Max(1, updates / 10);
            var clock = Stopwatch.StartNew();
            while (done < updates)
            {
                Round();
                if (done / every != (done - learner.NetworkSets) / every || done >= updates)
                {
                    samples.Add(Measure(done));
                }
            }

            double seconds = clock.Elapsed.TotalSeconds;
            Sample start = samples[0], end = samples[^1];
            var growth = new Growth(end.LiveTensors - start.LiveTensors, end.WorkingSetBytes - start.WorkingSetBytes, end.GcHeapBytes - start.GcHeapBytes);
            bool flat = growth.LiveTensors == 0 && growth.WorkingSetBytes < FlatWorkingSetBytes;
            return new Result("torchsharp", algorithm.ToString().ToLowerInvariant(), mode.ToString().ToLowerInvariant(), done, discriminatorSteps, obs, act, k,
                hidden, batch, threads, seconds, samples, start, end, growth, flat);
        }
        finally
        {
            (learner as IDisposable)?.Dispose();
        }
    }

    /// <summary>After a full collection (so a tensor only a finalizer would free is not counted as live).</summary>
    private static Sample Measure(long update)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long heap = GC.GetTotalMemory(forceFullCollection: true);
        using Process self = Process.GetCurrentProcess();
        return new Sample(update, TorchTensor.TotalCount, self.WorkingSet64, heap);
    }
}
