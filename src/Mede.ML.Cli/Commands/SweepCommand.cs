using System.CommandLine;
using System.Globalization;
using Mede.ML.Cli.Runs;
using Mede.ML.Cli.Sweeps;

namespace Mede.ML.Cli.Commands;

/// <summary>
/// <c>mede sweep</c>: many runs, environments x algorithms x agents x seeds, each a <c>mede train</c> into its own
/// run folder under <c>--out</c>. Locally <c>--parallel N</c> processes at once (the same command continues a killed
/// sweep); <c>--emit slurm|kubernetes</c> writes a job array for a cluster instead; <c>--cell I</c> runs cell I
/// alone (what each array task runs); <c>--list</c> shows the cells and where each stands.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var file = new Option<string?>("--file") { Description = "A sweep file: lines 'env hopper walker2d', 'algo sac mede', 'agents 4', 'seeds 0-2', 'steps 300000', 'set Name=value', ..." };
        var env = new Option<string[]>("--env") { Description = "Environments (comma-separated or repeated)", AllowMultipleArgumentsPerToken = true };
        var algo = new Option<string[]>("--algo") { Description = "Algorithms: mede, diayn, sac", AllowMultipleArgumentsPerToken = true };
        var agents = new Option<string[]>("--agents") { Description = "Numbers of agents (SAC always has 1); default 4", AllowMultipleArgumentsPerToken = true };
        var seeds = new Option<string[]>("--seeds") { Description = "Seeds, e.g. 0-2 or 0,1,2; default 0", AllowMultipleArgumentsPerToken = true };
        var steps = new Option<string?>("--steps") { Description = "Environment steps per run (default: the task's preset)" };
        var sets = new Option<string[]>("--set") { Description = "Trainer option Name=value for every run (repeatable)" };
        var envOptions = new Option<string[]>("--env-option") { Description = "Environment option key=value for every run (repeatable), e.g. preset=two-goals" };
        var recordEvery = new Option<string?>("--record-every") { Description = "mede train --record-every for every run (0 keeps run.db small)" };
        var evaluation = new Option<string?>("--eval-episodes") { Description = "Evaluation episodes per agent at the end of each run (default 20)" };
        var threads = new Option<string?>("--threads") { Description = "Threads of each run (and CPUs per array task)" };
        var network = new Option<string?>("--network") { Description = "shared or separate for every run" };
        var output = new Option<string>("--out") { Description = "The sweep folder: sweep.json, runs/<cell>/, logs/", Required = true };
        var parallel = new Option<int?>("--parallel") { Description = "Runs at once: local processes (default 1), or array tasks at once with --emit (default: no limit)" };
        var emit = new Option<string?>("--emit") { Description = "Write a cluster job instead of running: slurm (job-array script) or kubernetes (Indexed Job manifest)" };
        var cell = new Option<int?>("--cell") { Description = "Run only cell I (start or resume it); what each array task runs" };
        var list = new Option<bool>("--list") { Description = "List the cells with their index and state, and run nothing" };
        var reported = new Option<string?>("--reported") { Description = "A report folder (mede report --out) whose run digests count as finished cells: train only what it lacks" };
        var medeCommand = new Option<string?>("--mede-command") { Description = "How to start mede in child processes and emitted jobs (default: this mede)" };
        var image = new Option<string>("--image") { Description = "Container image that runs mede (--emit kubernetes)", DefaultValueFactory = _ => "mede:latest" };
        var claim = new Option<string>("--claim") { Description = "PersistentVolumeClaim mounted at --out (--emit kubernetes)", DefaultValueFactory = _ => "mede-sweep" };
        var slurmOptions = new Option<string[]>("--slurm-option") { Description = "Extra #SBATCH line (repeatable), e.g. --slurm-option=--time=48:00:00" };

        var command = new Command("sweep", "Run many mede train runs (environments x algorithms x agents x seeds), locally or as a cluster job array.")
        {
            file, env, algo, agents, seeds, steps, sets, envOptions, recordEvery, evaluation, threads, network, output, parallel, emit, cell, list,
            reported, medeCommand, image, claim, slurmOptions,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(() =>
        {
            SweepDefinition given = new();
            if (result.GetValue(file) is string path)
            {
                given = SweepDefinition.ParseFile(path);
            }

            var flags = new SweepDefinition();
            flags = Axis(flags, "env", "--env", result.GetValue(env));
            flags = Axis(flags, "algo", "--algo", result.GetValue(algo));
            flags = Axis(flags, "agents", "--agents", result.GetValue(agents));
            flags = Axis(flags, "seeds", "--seeds", result.GetValue(seeds));
            flags = Setting(flags, "steps", "--steps", result.GetValue(steps));
            flags = Setting(flags, "record-every", "--record-every", result.GetValue(recordEvery));
            flags = Setting(flags, "eval-episodes", "--eval-episodes", result.GetValue(evaluation));
            flags = Setting(flags, "threads", "--threads", result.GetValue(threads));
            flags = Setting(flags, "network", "--network", result.GetValue(network));
            foreach (string set in result.GetValue(sets) ?? [])
            {
                flags = flags.With("set", [set], "--set");
            }

            foreach (string option in result.GetValue(envOptions) ?? [])
            {
                flags = flags.With("env-option", [option], "--env-option");
            }

            string root = result.GetValue(output)!;
            SweepFolder sweep = SweepFolder.Open(root, given.Over(flags));
            IReadOnlyList<string> mede = result.GetValue(medeCommand) is string custom ? MedeExecutable.Parse(custom) : MedeExecutable.Current();
            int parallelRuns = result.GetValue(parallel) ?? (result.GetValue(emit) is null ? 1 : 0);
            if (result.GetValue(parallel) is < 1 and int bad)
            {
                throw new UsageException($"--parallel {bad}: give at least 1.");
            }

            string? report = result.GetValue(reported);
            if (report is not null)
            {
                sweep.UseReport(report);
            }

            if (result.GetValue(list))
            {
                foreach (SweepCell c in sweep.Cells)
                {
                    SweepCellState state = sweep.State(c);
                    string where = state switch
                    {
                        SweepCellState.Running when RunFolderLock.Holder(sweep.CellFolder(c)) is string holder => $" ({holder})",
                        SweepCellState.Reported => $" ({sweep.Reported!.Digest(c)})",
                        _ when sweep.Reported?.Mismatch(c) is string why => $" (the report's {c.Name} does not count: {why})",
                        _ => string.Empty,
                    };
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{c.Index,4}  {c.Name,-40} {c.TotalSteps,12:N0} steps  {state.ToString().ToLowerInvariant()}{where}"));
                }

                return 0;
            }

            if (result.GetValue(cell) is int index)
            {
                return RunCell(sweep, sweep.Cell(index));
            }

            int cpus = sweep.Definition.Threads ?? 2;
            switch (result.GetValue(emit)?.ToLowerInvariant())
            {
                case null:
                    return new LocalSweepRunner(sweep, mede, parallelRuns, Console.Out).Run(cancellationToken);
                case "kubernetes" or "k8s" when report is not null:
                    throw new UsageException("--reported with --emit kubernetes: an Indexed Job runs every index from 0; use --emit slurm (its array lists the cells the report lacks), or leave --reported out.");
                case "slurm":
                    return Write(sweep, SweepScripts.SlurmFile, SweepScripts.Slurm(sweep, mede, parallelRuns, cpus, result.GetValue(slurmOptions) ?? []));
                case "kubernetes" or "k8s":
                    return Write(sweep, SweepScripts.KubernetesFile, SweepScripts.Kubernetes(sweep, mede, parallelRuns, cpus, result.GetValue(image)!, result.GetValue(claim)!));
                case string other:
                    throw new UsageException($"--emit {other}: unknown; use slurm or kubernetes.");
            }
        }));
        return command;
    }

    /// <summary>Starts or resumes one cell in this process, as its array task does; a finished cell is left alone.</summary>
    private static int RunCell(SweepFolder sweep, SweepCell cell)
    {
        IReadOnlyList<string>? arguments = sweep.NextArguments(cell);
        if (arguments is null)
        {
            Console.Out.WriteLine(sweep.Reported?.Digest(cell) is string digest && sweep.State(cell) == SweepCellState.Reported
                ? $"cell {cell.Index} ({cell.Name}) is in the report: {digest}"
                : $"cell {cell.Index} ({cell.Name}) is finished: {sweep.CellFolder(cell)}");
            return 0;
        }

        Console.Out.WriteLine($"cell {cell.Index} ({cell.Name}): mede {string.Join(' ', arguments)}");
        var root = new RootCommand("mede");
        root.Subcommands.Add(TrainCommand.Create());
        return root.Parse([.. arguments]).Invoke();
    }

    private static int Write(SweepFolder sweep, string fileName, string text)
    {
        // Slurm writes each task's output into logs/, which it does not create itself.
        Directory.CreateDirectory(sweep.LogsFolder);
        string path = Path.Combine(sweep.Root, fileName);
        File.WriteAllText(path, text);
        Console.Out.WriteLine($"wrote {path}: {sweep.Cells.Count} cells, index i runs cell i (mede sweep --out {sweep.Root} --list shows them)");
        return 0;
    }

    private static SweepDefinition Axis(SweepDefinition definition, string key, string flag, string[]? values)
    {
        string[] words = (values ?? []).SelectMany(SweepDefinition.Values).ToArray();
        return words.Length == 0 ? definition : definition.With(key, words, flag);
    }

    private static SweepDefinition Setting(SweepDefinition definition, string key, string flag, string? value) =>
        value is null ? definition : definition.With(key, [value], flag);
}
