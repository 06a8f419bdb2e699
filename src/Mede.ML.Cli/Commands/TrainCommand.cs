using System.CommandLine;
using System.Globalization;
using Mede.ML.Algorithms;
using Mede.ML.Analysis.Store;
using Mede.ML.Cli.Runs;
using Mede.ML.Environments;
using Mede.ML.Evaluation;
using Mede.ML.Training;
using Spectre.Console;

namespace Mede.ML.Cli.Commands;

/// <summary><c>mede train</c>: a thin layer over <see cref="TrainingSession"/> with a live display.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var env = new Option<string>("--env") { Description = "Environment: " + string.Join(", ", EnvironmentRegistry.Names), DefaultValueFactory = _ => "multigoal" };
        var algo = new Option<ReinforcementAlgorithm>("--algo") { Description = "mede, diayn or sac", DefaultValueFactory = _ => ReinforcementAlgorithm.Mede };
        var agents = new Option<int?>("--agents") { Description = "Number of agents |Z| (default 4; 1 for SAC)" };
        var steps = new Option<long?>("--steps") { Description = "Environment steps, all agents together" };
        var seed = new Option<int?>("--seed") { Description = "Seed of every random stream" };
        var threads = new Option<int?>("--threads") { Description = "Threads (separate-mode agents; GEMM split in shared mode)" };
        var network = new Option<NetworkMode?>("--network") { Description = "shared or separate" };
        var envOptions = new Option<string[]>("--env-option") { Description = "Environment option key=value (repeatable), e.g. preset=two-goals" };
        var sets = new Option<string[]>("--set") { Description = "Trainer option Name=value (repeatable), e.g. CheckpointInterval=500" };
        var output = new Option<string?>("--out") { Description = "Run folder (default runs/<env>-<algo>-<time>)" };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder from its last checkpoint" };
        var episodes = new Option<int>("--eval-episodes") { Description = "Evaluation episodes per agent at the end", DefaultValueFactory = _ => 20 };
        var backend = new Option<TrainingBackend?>("--backend") { Description = "managed (default: Mede.ML's CPU engine) or torchsharp (libtorch)" };
        var device = new Option<string?>("--device") { Description = "torchsharp only: cpu (default), cuda or cuda:N" };
        var fallback = new Option<bool>("--fallback-to-cpu") { Description = "torchsharp only: train on the CPU when the CUDA device is missing (and say so) instead of failing" };
        var recordEvery = new Option<int?>("--record-every")
        {
            Description = $"Keep every N-th training episode of each agent step by step in run.db (0: none; default {RunSpecification.DefaultRecordEvery}, or the run's own when resuming)",
        };

        var command = new Command("train", "Train MEDE, DIAYN or SAC agents and evaluate them.")
        {
            env, algo, agents, steps, seed, threads, network, envOptions, sets, output, resume, episodes, recordEvery, backend, device, fallback,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(() =>
        {
            string? resumeFolder = result.GetValue(resume);
            if (result.GetValue(recordEvery) is < 0 and int negative)
            {
                throw new UsageException($"--record-every {negative}: must be 0 (none) or more.");
            }

            RunSpecification spec;
            string folder;
            if (resumeFolder is not null)
            {
                folder = resumeFolder;
                spec = RunSpecification.Load(folder);
                if (result.GetValue(steps) is long more)
                {
                    spec = spec with { Options = WithSteps(spec.Options, more) };
                }
            }
            else
            {
                string name = result.GetValue(env)!;
                if (!EnvironmentRegistry.Contains(name))
                {
                    throw new UsageException($"--env {name}: unknown environment. Known: {string.Join(", ", EnvironmentRegistry.Names)}.");
                }

                MedeTrainer.Options options = TaskPresets.For(name);
                options.Algorithm = result.GetValue(algo);
                options.NumberOfAgents = result.GetValue(agents) ?? (options.Algorithm == ReinforcementAlgorithm.Sac ? 1 : MedeTrainer.Defaults.NumberOfAgents);
                options.TotalSteps = result.GetValue(steps) ?? options.TotalSteps;
                options.Seed = result.GetValue(seed) ?? options.Seed;
                options.Threads = result.GetValue(threads) ?? options.Threads;
                options.NetworkMode = result.GetValue(network) ?? options.NetworkMode;
                options.Backend = result.GetValue(backend) ?? options.Backend;
                options.Device = result.GetValue(device) ?? options.Device;
                options.FallbackToCpu = result.GetValue(fallback) || options.FallbackToCpu;
                OptionsBinder.Apply(options, result.GetValue(sets) ?? []);
                try
                {
                    options.Validate();
                }
                catch (ArgumentException e)
                {
                    throw new UsageException(e.Message);
                }

                BackendCheck.ThrowIfUnavailable(options);
                var environmentOptions = OptionsBinder.ParsePairs(result.GetValue(envOptions) ?? [], "--env-option");
                spec = new RunSpecification(name, environmentOptions, options, DateTimeOffset.UtcNow, TrainingSession.LibraryVersion);
                using (spec.EnvironmentFactory()())
                {
                    // Creating one environment validates the environment options before a folder is made.
                }

                folder = result.GetValue(output)
                    ?? Path.Combine("runs", $"{name}-{options.Algorithm.ToString().ToLowerInvariant()}-{DateTime.Now:yyyyMMdd-HHmmss}");
                if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    throw new UsageException($"--out {folder}: the folder exists and is not empty; choose another or use --resume {folder}.");
                }

                spec = spec with { RecordEvery = result.GetValue(recordEvery) ?? RunSpecification.DefaultRecordEvery };
                Directory.CreateDirectory(folder);
                spec.Save(folder);
            }

            int every = result.GetValue(recordEvery) ?? spec.RecordEvery ?? RunSpecification.DefaultRecordEvery;
            if (spec.RecordEvery != every)
            {
                // Kept in run.json, so that a later --resume samples episodes as this run does.
                (RunSpecification.Load(folder) with { RecordEvery = every }).Save(folder);
            }

            return Train(spec, folder, resumeFolder is not null, result.GetValue(episodes), every, cancellationToken);
        }));
        return command;
    }

    private static MedeTrainer.Options WithSteps(MedeTrainer.Options options, long steps)
    {
        MedeTrainer.Options copy = options.Clone();
        copy.TotalSteps = steps;
        return copy;
    }

    private static int Train(RunSpecification spec, string folder, bool resuming, int evaluationEpisodes, int recordEvery, CancellationToken cancellationToken)
    {
        // A thin layer over the pipeline: the run folder's description becomes trainer options, MedeTrainer trains
        // (or resumes), and the fitted MedeTransformer is evaluated through the catalog. Metrics and episodes go to
        // the CSV files and to the run store (run.db); a resumed run rewinds both to its checkpoint.
        Func<IEnvironment> factory = spec.EnvironmentFactory();
        string checkpoints = RunSpecification.CheckpointFolder(folder);
        MedeTrainer.Options options = spec.TrainerOptions();
        options.CheckpointDirectory = checkpoints;
        var ml = new MLContext(); // no context seed: the run's own Seed option stands
        MedeTrainer trainer = ml.Reinforcement().Trainers.Mede(options);

        using var log = new RunLog(folder);
        string? checkpoint = null;
        long startStep = 0;
        if (resuming)
        {
            checkpoint = RunSpecification.LatestCheckpoint(folder)
                ?? throw new UsageException($"--resume {folder}: no complete checkpoint in {checkpoints}.");
            startStep = TrainingSession.ReadManifest(checkpoint).Step;
            log.Write($"resumed from {checkpoint} at step {startStep}");
        }
        else
        {
            log.Write($"started {spec.Environment} {options.Algorithm} with {options.NumberOfAgents} agents, {options.TotalSteps} steps, seed {options.Seed}");
        }

        using var csv = new CsvTrainingRecorder(folder);
        using RunStore? store = RunStoreOutput.TryOpen(() => RunStore.OpenOrCreate(folder, options), log);
        RunStoreRecorder? storeRecorder = store?.CreateRecorder(recordEvery);
        if (storeRecorder is not null)
        {
            storeRecorder.Failed += e => RunStoreOutput.Warn(e, log);
        }

        ITrainingRecorder recorder = storeRecorder is null ? csv : new CompositeTrainingRecorder(csv, storeRecorder);
        trainer.Recorder = new PhysicsFailureLog(recorder, log);
        AnsiConsole.MarkupLine($"[bold]mede train[/] {spec.Environment} · {options.Algorithm} · {options.NumberOfAgents} agents · {options.NetworkMode} networks · {options.TotalSteps:N0} steps · run folder [blue]{Markup.Escape(folder)}[/]");
        MedeTransformer model;
        long lastStep = startStep;
        try
        {
            model = RunWithProgress(options.TotalSteps, startStep, step => lastStep = step, progress => checkpoint is null
                ? trainer.Fit(ml.Reinforcement().Data.FromEnvironment(factory), progress, cancellationToken)
                : trainer.Resume(checkpoint, progress, cancellationToken));
        }
        catch (OperationCanceledException)
        {
            log.Write($"cancelled near step {lastStep}; checkpoint written");
            AnsiConsole.MarkupLine($"[yellow]Stopped near step {lastStep:N0}; resume with[/] mede train --resume {Markup.Escape(folder)}");
            return 130;
        }
        catch (Exception e) when (e is TrainingDivergedException or PhysicsFailureException)
        {
            // The rows that led up to the divergence (or to the run of physics failures) are what one wants to look
            // at: keep them in the store too.
            storeRecorder?.Flush();
            log.Write(e.Message);
            throw;
        }
        catch (IOException e)
        {
            // A full disk or a vanished folder: the checkpoint being written is discarded whole, the last one stays.
            string message = $"{e.Message} Training stopped near step {lastStep:N0}; the last complete checkpoint is kept. Free space, then continue with: mede train --resume {folder}";
            Guard(() => log.Write(message));
            throw new IOException(message, e);
        }

        log.Write($"finished at step {options.TotalSteps}");
        EvaluationRecorder? evaluation = null;
        if (storeRecorder is { Failure: null })
        {
            RunStoreOutput.Guard(() => store!.MarkFinished(options.TotalSteps), log);
            evaluation = RunStoreOutput.TryOpen(() => store!.BeginEvaluation(options.TotalSteps, evaluationEpisodes, deterministic: false), log);
        }

        EvaluationReport report = ml.Reinforcement().Evaluate(model, factory, evaluationEpisodes, recorder: evaluation);
        RunStoreOutput.Complete(evaluation, log);
        File.WriteAllText(Path.Combine(folder, "evaluation.json"), EvaluationOutput.Json(report));
        AnsiConsole.Write(EvaluationOutput.Table(report));
        AnsiConsole.MarkupLine($"Run folder: [blue]{Markup.Escape(Path.GetFullPath(folder))}[/]");
        return 0;
    }

    private static void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (IOException)
        {
            // The log is on the same full disk; the message still reaches the console.
        }
    }

    private static MedeTransformer RunWithProgress(long totalSteps, long startStep, Action<long> seen, Func<IProgress<TrainingProgress>, MedeTransformer> train)
    {
        MedeTransformer? model = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: Math.Max(1, totalSteps));
                task.Value = startStep;
                var progress = new SynchronousProgress<TrainingProgress>(p =>
                {
                    seen(p.Step);
                    task.Value = p.Step;
                    string returns = string.Join(" ", p.RecentReturns.Select(r => double.IsNaN(r) ? "-" : r.ToString("F1", CultureInfo.InvariantCulture)));
                    string discriminability = double.IsNaN(p.LogQStateAction)
                        ? string.Empty
                        : $" · log q(z|s,a) {p.LogQStateAction:F2} · log q(z|s) {p.LogQState:F2}";
                    task.Description = Markup.Escape($"{p.Step:N0} steps · {p.StepsPerSecond:F0}/s · return [{returns}]{discriminability}");
                });
                model = train(progress);
                task.Value = totalSteps;
            });
        return model!;
    }
}
