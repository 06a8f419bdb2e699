using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mede.ML.Algorithms;
using Mede.ML.Cli.Bench;
using Mede.ML.Environments;
using Mede.ML.Neural.Kernels;
using Spectre.Console;

namespace Mede.ML.Cli.Commands;

/// <summary><c>mede bench gemm|mlp|updates|memory|env|store</c>: throughput figures, each stated against a reference measured in
/// the same run.</summary>
internal static class BenchCommand
{
    private static readonly JsonSerializerOptions s_snake = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var command = new Command("bench", "Measure GEMM, network-update, environment and run-store throughput.");
        command.Subcommands.Add(Gemm());
        command.Subcommands.Add(Mlp());
        command.Subcommands.Add(Updates());
        command.Subcommands.Add(Memory());
        command.Subcommands.Add(Environment());
        command.Subcommands.Add(Store());
        return command;
    }

    private static Command Store()
    {
        var transitions = new Option<long>("--transitions") { Description = "Transitions written per case", DefaultValueFactory = _ => 200_000 };
        var steps = new Option<long>("--training-steps") { Description = "MultiGoal training steps per case (0 skips the training comparison)", DefaultValueFactory = _ => 4_000 };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("store", "Run store writes per second against bare SQLite inserts, and training with and without recording.") { transitions, steps, json };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            RequirePositive(result, transitions);
            RequireInRange(result, 0, steps);
            long count = result.GetValue(transitions), trainingSteps = result.GetValue(steps);

            StoreBenchmark.Writes(2, 2, Math.Min(count, 20_000)); // warm-up: JIT and SQLite's first allocations
            var writes = new[] { (2, 2), (11, 3), (27, 8) }.Select(s => StoreBenchmark.Writes(s.Item1, s.Item2, count)).ToList();
            StoreBenchmark.TrainingResult? training = trainingSteps > 0 ? StoreBenchmark.Training(trainingSteps) : null;
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    writes = writes.Select(w => new
                    {
                        obs = w.Observation, act = w.Action, transitions = w.Transitions, recorder_per_second = Math.Round(w.RecorderPerSecond),
                        bare_per_second = Math.Round(w.BarePerSecond), ratio = Math.Round(w.Ratio, 3), bytes_per_transition = Math.Round(w.BytesPerTransition, 1),
                    }),
                    training = training is null ? null : new
                    {
                        steps = training.Steps, without_store_per_second = Math.Round(training.WithoutStorePerSecond),
                        with_store_per_second = Math.Round(training.WithStorePerSecond), ratio = Math.Round(training.Ratio, 3),
                    },
                }, s_snake));
                return 0;
            }

            var table = new Table().AddColumns("obs/act", "recorder transitions/s", "bare inserts/s", "ratio", "bytes per transition");
            foreach (var w in writes)
            {
                table.AddRow($"{w.Observation}/{w.Action}", $"{w.RecorderPerSecond:N0}", $"{w.BarePerSecond:N0}", $"{w.Ratio:P0}", $"{w.BytesPerTransition:F0}");
            }

            AnsiConsole.Write(table);
            if (training is not null)
            {
                AnsiConsole.MarkupLine($"MultiGoal MEDE training ({training.Steps:N0} steps, preset): {training.WithoutStorePerSecond:N0} steps/s without a store, {training.WithStorePerSecond:N0} recording every episode step by step ({training.Ratio:P1})");
            }

            return 0;
        }));
        return command;
    }

    private static Command Gemm()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("gemm", "GEMM GFLOP/s at 256^3 and 1024^3, managed and OpenBLAS, 1 and 2 threads.") { json };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            var rows = new List<GemmRow>();
            foreach (int size in new[] { 256, 1024 })
            {
                foreach (GemmBackend backend in new[] { GemmBackend.Managed, GemmBackend.OpenBlas })
                {
                    if (backend == GemmBackend.OpenBlas && !OpenBlas.IsAvailable)
                    {
                        continue;
                    }

                    foreach (int threads in new[] { 1, 2 })
                    {
                        double gflops = GemmPeak.Measure(size, backend, threads);
                        string kernel = backend == GemmBackend.OpenBlas ? "OpenBLAS " + OpenBlas.CoreName : "managed " + Neural.Kernels.Gemm.ManagedKernelName;
                        rows.Add(new GemmRow(size, backend.ToString().ToLowerInvariant(), kernel, threads, Math.Round(gflops, 2)));
                    }
                }
            }

            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { cases = rows }, s_snake));
                return 0;
            }

            var table = new Table().AddColumns("Size", "Backend", "Kernel", "Threads", "GFLOP/s");
            foreach (GemmRow row in rows)
            {
                table.AddRow($"{row.Size}^3", row.Backend, row.Kernel, row.Threads.ToString(CultureInfo.InvariantCulture), row.Gflops.ToString("F1", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Mlp()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds per case", DefaultValueFactory = _ => 3 };
        var command = new Command("mlp", "SAC-sized MLP training steps (15 -> 256 -> 256 -> 1, batch 256, forward + backward + Adam) against the OpenBLAS GEMM rate.") { seconds, json };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            RequirePositive(result, seconds);
            // The reference: OpenBLAS (or, without it, the managed kernel) at 256^3 on one thread, measured now.
            GemmBackend reference = OpenBlas.IsAvailable ? GemmBackend.OpenBlas : GemmBackend.Managed;
            double referenceGflops = GemmPeak.Measure(256, reference, 1);
            var cases = new[] { GemmBackend.Managed, GemmBackend.OpenBlas }
                .Where(b => b == GemmBackend.Managed || OpenBlas.IsAvailable)
                .Select(b => MlpStepBenchmark.Run(b, result.GetValue(seconds)))
                .ToList();
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { reference = reference.ToString().ToLowerInvariant(), reference_gflops = referenceGflops, cases }, s_snake));
                return 0;
            }

            var table = new Table().AddColumns("Backend", "Steps/s", "GFLOP/s", "Share of reference GEMM", "Bytes/step");
            foreach (var c in cases)
            {
                table.AddRow(c.Backend, c.StepsPerSecond.ToString("F0", CultureInfo.InvariantCulture), c.AchievedGflops.ToString("F1", CultureInfo.InvariantCulture),
                    (c.AchievedGflops / referenceGflops).ToString("P0", CultureInfo.InvariantCulture), c.AllocatedBytesPerStep.ToString("F0", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Reference: {reference} 256^3 GEMM on 1 thread = {referenceGflops:F1} GFLOP/s ({Markup.Escape(reference == GemmBackend.OpenBlas ? "OpenBLAS " + OpenBlas.CoreName : "managed")})");
            return 0;
        }));
        return command;
    }

    private static Command Updates()
    {
        var algo = new Option<ReinforcementAlgorithm[]>("--algo") { Description = "mede, diayn, sac (default: all three)" };
        var backends = new Option<TrainingBackend[]>("--backend") { Description = "managed, torchsharp (repeatable; default: managed)" };
        var reference = new Option<string?>("--pytorch-reference") { Description = "torch_sac_update.py: also time the PyTorch reference with /usr/bin/python3 in the same run (MEDE cases)" };
        var threads = new Option<int>("--threads") { Description = "GEMM threads (torchsharp: libtorch intra-op threads)", DefaultValueFactory = _ => 1 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden width of the policy and critics (2 layers)", DefaultValueFactory = _ => 256 };
        var obs = new Option<int>("--obs") { Description = "Observation size", DefaultValueFactory = _ => 11 };
        var act = new Option<int>("--act") { Description = "Action size", DefaultValueFactory = _ => 3 };
        var agents = new Option<int>("--agents") { Description = "K (shared mode)", DefaultValueFactory = _ => 4 };
        var batch = new Option<int>("--batch") { Description = "Batch size", DefaultValueFactory = _ => 256 };
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds per case", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("updates", "Gradient steps per second of the learners, with allocations and GFLOP/s against the GEMM peak.")
        {
            algo, backends, reference, threads, hidden, obs, act, agents, batch, seconds, json,
        };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            RequirePositive(result, threads, hidden, obs, act, agents, batch, seconds);
            ReinforcementAlgorithm[] algorithms = result.GetValue(algo) is { Length: > 0 } chosen ? chosen : Enum.GetValues<ReinforcementAlgorithm>();
            TrainingBackend[] chosenBackends = result.GetValue(backends) is { Length: > 0 } b ? b : [TrainingBackend.Managed];
            int t = result.GetValue(threads);
            // The peak: the active GEMM backend at 256^3 with the same thread count, measured now.
            double peak = GemmPeak.Measure(256, Neural.Kernels.Gemm.Backend, t);
            var cases = chosenBackends.SelectMany(backend => algorithms.Select(a => UpdateBenchmark.Run(backend, a, result.GetValue(obs), result.GetValue(act), result.GetValue(agents),
                result.GetValue(hidden), result.GetValue(batch), t, peak, result.GetValue(seconds)))).ToList();
            if (result.GetValue(reference) is string script && algorithms.Contains(ReinforcementAlgorithm.Mede))
            {
                cases.Add(UpdateBenchmark.PyTorchReference(script, result.GetValue(obs), result.GetValue(act), result.GetValue(agents), result.GetValue(hidden), result.GetValue(batch)));
            }

            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { cases }, s_snake));
                return 0;
            }

            double managedMede = cases.FirstOrDefault(c => c.Backend == "managed" && c.Algo == "mede")?.UpdatesPerSecond ?? double.NaN;
            var table = new Table().AddColumns("Backend", "Algorithm", "Updates/s", "vs managed", "Bytes/update", "GFLOP/s", "Share of GEMM peak");
            foreach (var c in cases)
            {
                double managed = cases.FirstOrDefault(m => m.Backend == "managed" && m.Algo == c.Algo)?.UpdatesPerSecond ?? managedMede;
                table.AddRow(c.Backend, c.Algo, c.UpdatesPerSecond.ToString("F1", CultureInfo.InvariantCulture),
                    double.IsNaN(managed) ? "-" : (c.UpdatesPerSecond / managed).ToString("F2", CultureInfo.InvariantCulture),
                    c.AllocatedBytesPerUpdate is double bytes ? bytes.ToString("F0", CultureInfo.InvariantCulture) : "-",
                    c.AchievedGflops.ToString("F1", CultureInfo.InvariantCulture), (c.AchievedGflops / c.GemmPeakGflops).ToString("P0", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"GEMM peak ({Markup.Escape(Neural.Kernels.Gemm.Backend.ToString())}, {t} thread(s), 256^3): {peak:F1} GFLOP/s; batch {result.GetValue(batch)}, 2x{result.GetValue(hidden)}, obs {result.GetValue(obs)}, act {result.GetValue(act)}, K {result.GetValue(agents)}; GFLOP/s of torchsharp and pytorch count the managed update's products");
            return 0;
        }));
        return command;
    }

    private static Command Memory()
    {
        var algo = new Option<ReinforcementAlgorithm>("--algo") { Description = "mede, diayn, sac", DefaultValueFactory = _ => ReinforcementAlgorithm.Mede };
        var modes = new Option<NetworkMode[]>("--mode") { Description = "shared, separate (repeatable; default: both)" };
        var updates = new Option<long>("--updates") { Description = "Network-set updates per case (separate mode: K per round, plus one discriminator step)", DefaultValueFactory = _ => 10_000 };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads", DefaultValueFactory = _ => 1 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden width of every network (2 layers)", DefaultValueFactory = _ => 256 };
        var obs = new Option<int>("--obs") { Description = "Observation size", DefaultValueFactory = _ => 11 };
        var act = new Option<int>("--act") { Description = "Action size", DefaultValueFactory = _ => 3 };
        var agents = new Option<int>("--agents") { Description = "K", DefaultValueFactory = _ => 4 };
        var batch = new Option<int>("--batch") { Description = "Batch size", DefaultValueFactory = _ => 256 };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("memory", "The TorchSharp learner's live tensors, working set and managed heap over many updates (flat, or a leak).")
        {
            algo, modes, updates, threads, hidden, obs, act, agents, batch, json,
        };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            RequirePositive(result, updates, threads, hidden, obs, act, agents, batch);
            NetworkMode[] chosen = result.GetValue(modes) is { Length: > 0 } m ? [.. m.Distinct()] : [NetworkMode.Shared, NetworkMode.Separate];
            ReinforcementAlgorithm algorithm = result.GetValue(algo);
            if (algorithm == ReinforcementAlgorithm.Sac)
            {
                chosen = [NetworkMode.Shared]; // one agent: the modes are the same network set
            }

            var cases = chosen.Select(mode => MemoryBenchmark.Run(algorithm, mode, result.GetValue(updates), result.GetValue(obs), result.GetValue(act),
                result.GetValue(agents), result.GetValue(hidden), result.GetValue(batch), result.GetValue(threads))).ToList();
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { flat_working_set_bytes = MemoryBenchmark.FlatWorkingSetBytes, cases }, s_snake));
                return 0;
            }

            var table = new Table().AddColumns("Mode", "Update", "Live tensors", "Working set (MB)", "Managed heap (MB)");
            foreach (var c in cases)
            {
                foreach (var s in c.Samples)
                {
                    table.AddRow(c.Mode, s.Update.ToString("N0", CultureInfo.InvariantCulture), s.LiveTensors.ToString(CultureInfo.InvariantCulture),
                        (s.WorkingSetBytes / 1e6).ToString("F1", CultureInfo.InvariantCulture), (s.GcHeapBytes / 1e6).ToString("F2", CultureInfo.InvariantCulture));
                }
            }

            AnsiConsole.Write(table);
            foreach (var c in cases)
            {
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Algo} {c.Mode}: {c.Updates:N0} updates and {c.DiscriminatorSteps:N0} discriminator steps in {c.Seconds:F0} s; live tensors {c.Start.LiveTensors} -> {c.End.LiveTensors}, working set {c.Growth.WorkingSetBytes / 1e6:+0.0;-0.0} MB, managed heap {c.Growth.GcHeapBytes / 1e6:+0.00;-0.00} MB: ") +
                    (c.Flat ? "[green]flat[/]" : $"[red]not flat[/] (flat: the same tensor count and under {MemoryBenchmark.FlatWorkingSetBytes / 1e6:F0} MB of working-set growth)"));
            }

            AnsiConsole.MarkupLine($"batch {result.GetValue(batch)}, 2x{result.GetValue(hidden)}, obs {result.GetValue(obs)}, act {result.GetValue(act)}, K {result.GetValue(agents)}, {result.GetValue(threads)} libtorch thread(s)");
            return 0;
        }));
        return command;
    }

    private static Command Environment()
    {
        var env = new Option<string>("--env") { Description = "Environment name", DefaultValueFactory = _ => "multigoal" };
        var threads = new Option<int>("--threads") { Description = "Environments, one per thread", DefaultValueFactory = _ => 1 };
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds", DefaultValueFactory = _ => 2 };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("env", "Environment steps per second with random actions.") { env, threads, seconds, json };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            string name = result.GetValue(env)!;
            if (!EnvironmentRegistry.Contains(name))
            {
                throw new UsageException($"--env {name}: unknown environment. Known: {string.Join(", ", EnvironmentRegistry.Names)}.");
            }

            RequirePositive(result, threads, seconds);
            int t = result.GetValue(threads);
            var factory = EnvironmentRegistry.Factory(name);
            using (IEnvironment probe = factory())
            {
                if (probe is Environments.MuJoCo.MuJoCoEnvironment)
                {
                    // Against the physical limit: a raw mj_step loop over the same model in this process, in
                    // interleaved rounds (medians), so machine noise hits both sides alike.
                    var measured = Environments.MuJoCo.MuJoCoThroughput.Measure(
                        () => (Environments.MuJoCo.MuJoCoEnvironment)factory(), TimeSpan.FromSeconds(result.GetValue(seconds)), t, rounds: 3);
                    if (result.GetValue(json))
                    {
                        Console.WriteLine(JsonSerializer.Serialize(new
                        {
                            env = name, threads = t, steps_per_second = Math.Round(measured.StepsPerSecond),
                            raw_steps_per_second = Math.Round(measured.RawStepsPerSecond), ratio = Math.Round(measured.Ratio, 3),
                        }, s_snake));
                    }
                    else
                    {
                        AnsiConsole.MarkupLine($"{name}: {measured.StepsPerSecond:N0} environment steps/s on {t} thread(s); raw mj_step loop {measured.RawStepsPerSecond:N0} (per environment step); ratio {measured.Ratio:P1}");
                    }

                    return 0;
                }
            }

            double rate = EnvironmentBenchmark.StepsPerSecond(factory, t, result.GetValue(seconds));
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { env = name, threads = t, steps_per_second = Math.Round(rate) }, s_snake));
            }
            else
            {
                AnsiConsole.MarkupLine($"{name}: {rate:N0} environment steps/s on {t} thread(s)");
            }

            return 0;
        }));
        return command;
    }

    private sealed record GemmRow(int Size, string Backend, string Kernel, int Threads, double Gflops);

    /// <summary>The largest value each numeric bench option takes: beyond it a case would run for hours, start more
    /// threads than any machine has cores, or allocate more memory than a benchmark should (a 2x8192 MLP with its
    /// optimiser state is about 1.6 GB).</summary>
    private static readonly Dictionary<string, double> s_largest = new(StringComparer.Ordinal)
    {
        ["--seconds"] = 3_600, ["--threads"] = 1_024, ["--hidden"] = 8_192, ["--obs"] = 4_096, ["--act"] = 1_024,
        ["--agents"] = 1_024, ["--batch"] = 65_536, ["--updates"] = 10_000_000, ["--transitions"] = 1_000_000_000, ["--training-steps"] = 100_000_000,
    };

    /// <summary>Refuses a count or duration that is not a positive finite number (or is larger than
    /// <see cref="s_largest"/> allows), naming the option and the value, before any measurement starts.</summary>
    private static void RequirePositive(ParseResult result, params Option[] options) => RequireInRange(result, 1, options);

    private static void RequireInRange(ParseResult result, long least, params Option[] options)
    {
        foreach (Option option in options)
        {
            object? value = result.GetResult(option)?.GetValueOrDefault<object?>();
            double? number = value switch
            {
                int i => i,
                long l => l,
                double d => d,
                _ => null,
            };
            if (number is not double n)
            {
                continue;
            }

            double largest = s_largest.GetValueOrDefault(option.Name, double.MaxValue);
            bool fractional = value is double;
            // As typed (1e300, not 1E+300), so the user finds it in the command line.
            string text = result.GetResult(option) is { Tokens.Count: > 0 } given ? given.Tokens[^1].Value : Convert.ToString(value, CultureInfo.InvariantCulture)!;
            if (!double.IsFinite(n) || (fractional ? n <= 0 : n < least))
            {
                throw new UsageException(fractional
                    ? $"{option.Name} {text}: must be a positive number of seconds."
                    : $"{option.Name} {text}: must be at least {least}.");
            }

            if (n > largest)
            {
                throw new UsageException($"{option.Name} {text}: must be at most {largest.ToString("N0", CultureInfo.InvariantCulture)}.");
            }
        }
    }
}
