using System.CommandLine;
using System.Globalization;
using Mede.ML.Algorithms;
using Mede.ML.Analysis.Store;
using Mede.ML.Cli.Runs;
using Mede.ML.Environments;
using Mede.ML.Evaluation;
using Mede.ML.Training;
using Microsoft.ML;
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

            // Checked now, not after a whole training run.
            int evaluationEpisodes = result.GetValue(episodes);
            if (evaluationEpisodes < 1)
            {
                throw new UsageException($"--eval-episodes {evaluationEpisodes}: must be at least 1 (the run ends with an evaluation of every agent).");
            }

            if (resumeFolder is not null)
            {
                // A resumed run is the run in its folder: options that would change it cannot apply.
                string[] ignored = new Option[] { env, algo, agents, seed, threads, network, envOptions, sets, output, backend, device, fallback }
                    .Where(o => result.GetResult(o) is { Implicit: false })
                    .Select(o => o.Name)
                    .ToArray();
                if (ignored.Length > 0)
                {
                    throw new UsageException(
                        $"--resume {resumeFolder} continues that run as it was started; {string.Join(", ", ignored)} cannot change it. " +
                        "Only --steps, --eval-episodes and --record-every apply to a resumed run; to train with other options, start a new run with --out.");
                }

                if (string.IsNullOrWhiteSpace(resumeFolder) || !Directory.Exists(resumeFolder))
                {
                    throw new UsageException($"--resume '{resumeFolder}': no such run folder.");
                }

                using RunFolderLock gate = RunFolderLock.Acquire(resumeFolder, $"mede train --resume {resumeFolder}");
                return Resume(resumeFolder, result.GetValue(steps), result.GetValue(recordEvery), evaluationEpisodes, cancellationToken);
            }

            string name = result.GetValue(env)!;
            if (!EnvironmentRegistry.Contains(name))
            {
                throw new UsageException($"--env {name}: unknown environment. Known: {string.Join(", ", EnvironmentRegistry.Names)}.");
            }

            if (!Enum.IsDefined(result.GetValue(algo)) || result.GetValue(network) is NetworkMode mode && !Enum.IsDefined(mode))
            {
                throw new UsageException($"--algo takes mede, diayn or sac, and --network shared or separate (by name).");
            }

            TrainingConfiguration options = RunSpecification.StartOptions(name, result.GetValue(algo), result.GetValue(agents), result.GetValue(steps), result.GetValue(seed), result.GetValue(network));
            options.Threads = result.GetValue(threads) ?? options.Threads;
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
                throw new UsageException(CommandRunner.Describe(e));
            }

            BackendCheck.ThrowIfUnavailable(options);
            Dictionary<string, string> environmentOptions = RunSpecification.EnvironmentOptionsOf(options, result.GetValue(envOptions) ?? []);

            var spec = new RunSpecification(name, environmentOptions, options, DateTimeOffset.UtcNow, TrainingSession.LibraryVersion,
                result.GetValue(recordEvery) ?? RunSpecification.DefaultRecordEvery, RunSpecification.NewId());
            using (IEnvironment environment = spec.EnvironmentFactory()())
            {
                // Creating one environment validates the environment options before a folder is made, and so does
                // checking the settings that depend on it.
                try
                {
                    options.ValidateFor(environment);
                }
                catch (ArgumentException e)
                {
                    throw new UsageException(e.Message);
                }
            }

            ResourceCheck.Warn(spec);
            string? given = result.GetValue(output);
            if (given is not null && string.IsNullOrWhiteSpace(given))
            {
                throw new UsageException("--out '': give the run folder a name, or leave --out out for runs/<env>-<algo>-<time>.");
            }

            string folder = given ?? Path.Combine("runs", $"{name}-{options.Algorithm.ToString().ToLowerInvariant()}-{DateTime.Now:yyyyMMdd-HHmmss}");
            if (File.Exists(folder))
            {
                throw new UsageException($"--out {folder}: a file of that name exists; choose another folder.");
            }

            RefuseIfUsed(folder);
            Directory.CreateDirectory(folder);
            using RunFolderLock folderLock = RunFolderLock.Acquire(folder, $"mede train --out {folder}");
            RefuseIfUsed(folder); // another mede may have started there between the first look and the lock
            spec.Save(folder);
            return Train(spec, folder, checkpoint: null, evaluationEpisodes, spec.RecordEvery ?? RunSpecification.DefaultRecordEvery, cancellationToken);
        }));
        return command;
    }

    private static void RefuseIfUsed(string folder)
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any(e => !RunFolderLock.IsLockFile(e)))
        {
            throw new UsageException($"--out {folder}: the folder exists and is not empty; choose another or use --resume {folder}.");
        }
    }

    private static int Resume(string folder, long? steps, int? recordEvery, int evaluationEpisodes, CancellationToken cancellationToken)
    {
        RunSpecification spec = RunSpecification.Load(folder);
        var warnings = new List<string>();
        (string Folder, CheckpointManifest Manifest) checkpoint = RunCheckpoints.Latest(folder, warnings.Add, setAside: true)
            ?? throw new UsageException($"--resume {folder}: no complete checkpoint in {RunSpecification.CheckpointFolder(folder)} (one is written every CheckpointInterval steps, when stopped with Ctrl-C, and at the end); start the run again with --out.");
        foreach (string warning in warnings)
        {
            Console.Error.WriteLine("warning: " + warning);
        }

        RunCheckpoints.CheckBelongs(spec, folder, checkpoint.Folder, checkpoint.Manifest);
        long at = checkpoint.Manifest.Step;
        long target = steps ?? spec.Options.TotalSteps;
        if (target < at)
        {
            throw new UsageException(steps is null
                ? $"--resume {folder}: the run's checkpoint is at step {at:N0}, past its target of {target:N0} in run.json; give --steps {at} or more."
                : $"--steps {target}: the run is at step {at:N0} already; give --steps {at} or more (its target so far is {spec.Options.TotalSteps:N0}).");
        }

        // The target, the run's identity and how it records are kept in run.json, so a later --resume remembers them.
        TrainingConfiguration options = spec.Options.Clone();
        options.TotalSteps = target;
        RunSpecification updated = spec with
        {
            Options = options,
            Id = spec.Id ?? checkpoint.Manifest.Run ?? RunSpecification.NewId(),
            RecordEvery = recordEvery ?? spec.RecordEvery ?? RunSpecification.DefaultRecordEvery,
        };
        if (updated.Id != spec.Id || updated.RecordEvery != spec.RecordEvery || target != spec.Options.TotalSteps)
        {
            updated.Save(folder);
        }

        using (var log = new RunLog(folder))
        {
            foreach (string warning in warnings)
            {
                log.Write("warning: " + warning);
            }
        }

        return Train(updated, folder, checkpoint.Folder, evaluationEpisodes, updated.RecordEvery!.Value, cancellationToken);
    }

    private static int Train(RunSpecification spec, string folder, string? checkpoint, int evaluationEpisodes, int recordEvery, CancellationToken cancellationToken)
    {
        // A thin layer over the pipeline: the run folder's description becomes trainer options, the trainer trains
        // (or resumes), and the fitted MedeTransformer is evaluated through the catalog. Metrics and episodes go to
        // the CSV files and to the run store (run.db); a resumed run rewinds both to its checkpoint.
        Func<IEnvironment> factory = spec.EnvironmentFactory();
        string checkpoints = RunSpecification.CheckpointFolder(folder);
        TrainingConfiguration options = spec.TrainerOptions();
        options.CheckpointDirectory = checkpoints;
        // Seeded by the run: training keeps its own (explicit) Seed, and the end-of-run evaluation draws its seed from
        // this context, so the evaluation table is reproducible from --seed too.
        var ml = new MLContext(seed: options.Seed);

        using var log = new RunLog(folder);
        long startStep = 0;
        if (checkpoint is not null)
        {
            startStep = TrainingSession.ReadManifest(checkpoint).Step;
            log.Write($"resumed from {checkpoint} at step {startStep}, target {options.TotalSteps} steps");
        }
        else
        {
            log.Write($"started {spec.Environment} {options.Algorithm} with {options.NumberOfAgents} agents, {options.TotalSteps} steps, seed {options.Seed}, run {spec.Id}");
        }

        using var csv = new CsvTrainingRecorder(folder);
        using RunStore? store = RunStoreOutput.TryOpen(() => RunStore.OpenOrCreate(folder, options), log);
        RunStoreRecorder? storeRecorder = store is null ? null : RunStoreOutput.TryOpen(() => store.CreateRecorder(recordEvery), log);
        if (storeRecorder is not null)
        {
            storeRecorder.Failed += e => RunStoreOutput.Warn(e, log);
        }

        // The CSV files and the store keep one position each in a checkpoint; without the store a stand-in keeps its
        // place, so the CSV files rewind to their own lengths whether or not run.db could be opened.
        var recorder = new PhysicsFailureLog(new CompositeTrainingRecorder(csv, (ITrainingRecorder?)storeRecorder ?? new AbsentRecorder()), log);
        ReinforcementTrainerBase trainer = ml.Reinforcement().Trainers.Create(options, recorder);
        trainer.RunIdentity = spec.Id;
        AnsiConsole.MarkupLine($"[bold]mede train[/] {spec.Environment} · {options.Algorithm} · {options.NumberOfAgents} agents · {options.NetworkMode} networks · {options.TotalSteps:N0} steps · run folder [blue]{Markup.Escape(folder)}[/]");
        IReadOnlyList<PaperDeparture> departures = options.DeparturesFromPaper();
        if (departures.Count > 0)
        {
            // Named wherever they are on: these runs are not the paper's method.
            string line = "extensions, not in the paper: " + string.Join(", ", departures.Select(d => d.InUse)) + "; the paper's method: " + string.Join(" ", departures.Select(d => d.PaperArguments));
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(line)}[/]");
            log.Write(line);
        }

        if (options.OutcomeWeightMargin > 0f && options.OutcomeWeight > 0f)
        {
            // u follows the layout: say which it is and why.
            // Checked before the run folder was made: the environment reports its goals' best returns.
            using IEnvironment probe = factory();
            var goals = (IGoalEnvironment)probe;
            string returns = string.Join(", ", Enumerable.Range(0, goals.GoalCount).Select(g => goals.BestReturnTo(g).ToString("0.0", CultureInfo.InvariantCulture)));
            string line = string.Create(CultureInfo.InvariantCulture, $"outcome weight u {options.OutcomeWeightFor(probe):0.#}: the larger of OutcomeWeight {options.OutcomeWeight} and {options.OutcomeWeightMargin} x the spread of the goals' best returns ({returns}) / log 2{(options.OutcomeLossWeight is float loss ? $"; losses weigh {loss} (OutcomeLossWeight)" : string.Empty)}");
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(line)}[/]");
            log.Write(line);
        }

        MedeTransformer model;
        long lastStep = startStep;
        TrainingTiming? timing = null;
        using (var signal = new StopSignal(cancellationToken))
        {
            try
            {
                model = RunWithProgress(options.TotalSteps, startStep, p => (lastStep, timing) = (p.Step, p.Timing ?? timing), progress => checkpoint is null
                    ? trainer.Fit(ml.Reinforcement().Data.FromEnvironment(factory), progress, signal.Token)
                    : trainer.Resume(checkpoint, progress, signal.Token));
            }
            catch (OperationCanceledException)
            {
                // The session wrote a checkpoint of the step it stopped at (which flushed both recorders) before it threw.
                storeRecorder?.Flush();
                csv.Flush();
                string? written = RunCheckpoints.Latest(folder, _ => { })?.Folder;
                string why = signal.Received ?? "cancelled";
                log.Write(written is null
                    ? $"stopped by {why} near step {lastStep}; no checkpoint could be written"
                    : $"stopped by {why} at step {TrainingSession.ReadManifest(written).Step}; checkpoint {written} written; resume with: mede train --resume {folder}");
                AnsiConsole.MarkupLine(written is null
                    ? $"[yellow]Stopped near step {lastStep:N0}; no checkpoint could be written.[/]"
                    : $"[yellow]Stopped at step {TrainingSession.ReadManifest(written).Step:N0}; checkpoint written. Resume with[/] mede train --resume {Markup.Escape(folder)}");
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
                string? kept = RunCheckpoints.Latest(folder, _ => { })?.Folder;
                lastStep = e.Data[TrainingSession.StepDataKey] is long reached ? reached : lastStep;
                string message = kept is null
                    ? $"{e.Message} Training stopped near step {lastStep:N0} before any checkpoint was complete, so there is nothing to resume: free space, then start the run again in a new folder (or delete {folder})."
                    : $"{e.Message} Training stopped near step {lastStep:N0}; the last complete checkpoint, {kept} (step {TrainingSession.ReadManifest(kept).Step:N0}), is kept. Free space, then continue with: mede train --resume {folder}";
                Guard(() => log.Write(message));
                throw new IOException(message, e);
            }
            finally
            {
                // From here a signal ends the process as usual: the checkpoint of the finished run is written.
                signal.Graceful = false;
            }
        }

        log.Write($"finished at step {options.TotalSteps}");
        if (timing is not null)
        {
            // How close the run came to the update rate alone (mede bench updates): the rest is the loop's overhead.
            log.Write($"timing: {timing}");
        }
        EvaluationRecorder? evaluation = null;
        if (storeRecorder is { Failure: null })
        {
            RunStoreOutput.Guard(() => store!.MarkFinished(options.TotalSteps), log);
            evaluation = RunStoreOutput.TryOpen(() => store!.BeginEvaluation(options.TotalSteps, evaluationEpisodes, deterministic: false), log);
        }

        EvaluationReport report = ml.Reinforcement().Evaluate(model, factory, evaluationEpisodes, recorder: evaluation);
        RunStoreOutput.Complete(evaluation, log);

        // The same episodes with each policy's mode, tanh(mean): the returns the paper's Table 1 reports (the stochastic
        // evaluation above gives each agent's entropy and the overlap of their states).
        EvaluationRecorder? modes = storeRecorder is { Failure: null }
            ? RunStoreOutput.TryOpen(() => store!.BeginEvaluation(options.TotalSteps, evaluationEpisodes, deterministic: true), log)
            : null;
        EvaluationReport deterministic = ml.Reinforcement().Evaluate(model, factory, evaluationEpisodes, deterministic: true, recorder: modes);
        RunStoreOutput.Complete(modes, log);
        log.Write(string.Create(CultureInfo.InvariantCulture,
            $"evaluated {evaluationEpisodes} episodes per agent: stochastic mean returns {string.Join(", ", report.Agents.Select(a => a.MeanReturn.ToString("F1", CultureInfo.InvariantCulture)))}; deterministic {string.Join(", ", deterministic.Agents.Select(a => a.MeanReturn.ToString("F1", CultureInfo.InvariantCulture)))}"));
        EvaluationOutput.Save(folder, report);
        AnsiConsole.Write(EvaluationOutput.Table(report));
        AnsiConsole.MarkupLine($"deterministic policies (tanh of the mean), mean return per agent: {string.Join(", ", deterministic.Agents.Select(a => a.MeanReturn.ToString("F2", CultureInfo.InvariantCulture)))}");
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

    private static MedeTransformer RunWithProgress(long totalSteps, long startStep, Action<TrainingProgress> seen, Func<IProgress<TrainingProgress>, MedeTransformer> train)
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
                    seen(p);
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
