using System.Diagnostics;
using Mede.ML.Algorithms;
using Mede.ML.Neural;
using Mede.ML.Neural.Kernels;
using Mede.ML.Replay;
using Mede.ML.Training;

namespace Mede.ML.Cli.Bench;

/// <summary>One case of <c>mede bench updates</c>: the full gradient step of a shared-mode learner (critics,
/// policy, temperature, both discriminators, targets), on random replay data.</summary>
internal static class UpdateBenchmark
{
    public sealed record Result(string Backend, string Algo, int Obs, int Act, int Agents, int Hidden, int Batch, int Threads,
        double UpdatesPerSecond, double? AllocatedBytesPerUpdate, double AchievedGflops, double GemmPeakGflops);

    public static Result Run(TrainingBackend backend, ReinforcementAlgorithm algorithm, int obs, int act, int agents, int hidden, int batch, int threads, double gemmPeak, double seconds = 2.0)
    {
        var options = new TrainingConfiguration
        {
            Algorithm = algorithm,
            NumberOfAgents = algorithm == ReinforcementAlgorithm.Sac ? 1 : agents,
            HiddenLayerSizes = [hidden, hidden],
            BatchSize = batch,
            Backend = backend,
        };
        int k = options.NumberOfAgents;
        var g = new Generator(1);
        ILearner learner = LearnerFactory.Create(options, obs, act, g, g);
        // The products of one update, counted by the managed GEMM (libtorch's are the same products).
        double flopsPerUpdate = backend == TrainingBackend.Managed ? 0 : ManagedFlopsPerUpdate(options, obs, act);
        if (backend == TrainingBackend.TorchSharp)
        {
            global::TorchSharp.torch.set_num_threads(threads);
        }

        ReplayBuffer buffer = BenchReplay.Random(obs, act, k, g);

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

            Warmup.Run(Update);

            // Timestamps, not a Stopwatch object: the measured window must allocate nothing of its own (a Stopwatch
            // made inside it counted 40 bytes, which a loaded machine's few updates turned into bytes per update).
            // Bytes and products of both threads: the update hands pieces of its work to the second core.
            long bytesBefore = SecondCore.AllocatedBytes + GC.GetAllocatedBytesForCurrentThread();
            long flopsBefore = Gemm.Flops;
            int updates = 0;
            long start = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds)
            {
                Update();
                updates++;
            }

            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            double bytes = (SecondCore.AllocatedBytes + GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / (double)updates;
            double gflops = backend == TrainingBackend.Managed ? (Gemm.Flops - flopsBefore) / elapsed / 1e9 : flopsPerUpdate * updates / elapsed / 1e9;
            (learner as IDisposable)?.Dispose();
            return new Result(backend.ToString().ToLowerInvariant(), algorithm.ToString().ToLowerInvariant(), obs, act, k, hidden, batch, threads, updates / elapsed, bytes, gflops, gemmPeak);
        }
        finally
        {
            Gemm.Threads = previousThreads;
        }
    }

    private static double ManagedFlopsPerUpdate(TrainingConfiguration options, int obs, int act)
    {
        TrainingConfiguration managed = options.Clone();
        managed.Backend = TrainingBackend.Managed;
        managed.Device = "cpu";
        var g = new Generator(2);
        var learner = new SoftActorCritic(managed, obs, act, g, g);
        var buffer = new ReplayBuffer(1_000, obs, act);
        var o = new float[obs];
        var a = new float[act];
        for (int i = 0; i < 1_000; i++)
        {
            g.FillNormal(o);
            g.FillUniform(a, -1f, 1f);
            buffer.Add(o, a, 0f, o, false, false, i % options.NumberOfAgents);
        }

        var replayBatch = new ReplayBatch(options.BatchSize, obs, act);
        buffer.Sample(replayBatch, g);
        learner.Update(0, replayBatch, 0);
        long before = Gemm.Flops;
        learner.Update(0, replayBatch, 0);
        return Gemm.Flops - before;
    }

    /// <summary>The PyTorch reference (../shared/bench/torch_sac_update.py) run with Debian's /usr/bin/python3 in its fastest
    /// two-core setting (one torch thread, OpenBLAS on two, both OpenBLAS variables unset), MEDE with the discriminator in the
    /// backup; its last line is updates_per_s=...</summary>
    public static Result PyTorchReference(string script, int obs, int act, int agents, int hidden, int batch)
    {
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"--pytorch-reference {script}: no such file.", script);
        }

        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { script, "--obs", $"{obs}", "--act", $"{act}", "--K", $"{agents}", "--hidden", $"{hidden}", "--batch", $"{batch}",
            "--threads", "1", "--blas-threads", "2", "--updates", "300", "--disc-in-backup", "1" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("OPENBLAS_CORETYPE");
        start.Environment.Remove("OPENBLAS_L2_SIZE");
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start /usr/bin/python3.");
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        string? line = output.Split('\n').LastOrDefault(l => l.StartsWith("updates_per_s=", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"The PyTorch reference failed (exit {process.ExitCode}); install Debian's python3-torch (sudo bash build/install-native.sh). {error.Trim()}");
        }

        double rate = double.Parse(line["updates_per_s=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        // The reference reports no allocation figure: null in the JSON (NaN cannot be written there).
        return new Result("pytorch", "mede", obs, act, agents, hidden, batch, 1, rate, null, 0, 1);
    }
}
