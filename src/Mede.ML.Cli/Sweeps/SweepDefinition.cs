using System.Globalization;
using Mede.ML.Algorithms;
using Mede.ML.Cli.Runs;
using Mede.ML.Environments;
using Mede.ML.Training;

namespace Mede.ML.Cli.Sweeps;

/// <summary>
/// A sweep: the product environments x algorithms x agents x seeds, every cell trained with the same
/// <c>--set</c> overrides, step budget and recording settings. Given on the command line or in a small text file
/// (<see cref="ParseFile"/>); <see cref="Cells"/> expands it in a fixed order, so cell i is the same cell on every
/// machine.
/// </summary>
/// <remarks>SAC is single-agent: its cells take 1 agent whatever the agents axis says, and appear once.</remarks>
internal sealed record SweepDefinition
{
    /// <summary>The keys a sweep file may use, each on its own line followed by its values.</summary>
    public static readonly IReadOnlyList<string> FileKeys =
        ["env", "algo", "agents", "seeds", "steps", "set", "env-option", "record-every", "eval-episodes", "threads", "network"];

    public List<string> Environments { get; init; } = [];

    public List<ReinforcementAlgorithm> Algorithms { get; init; } = [];

    public List<int> Agents { get; init; } = [];

    public List<int> Seeds { get; init; } = [];

    /// <summary>Environment steps per run; null for the task's preset.</summary>
    public long? Steps { get; init; }

    /// <summary>Trainer overrides <c>Name=value</c>, as <c>mede train --set</c>, for every cell.</summary>
    public List<string> Sets { get; init; } = [];

    /// <summary>Environment options <c>key=value</c>, as <c>mede train --env-option</c>, for every cell (a MultiGoal
    /// layout, for example <c>goals=5,0;-5,0;0,5</c>).</summary>
    public List<string> EnvironmentOptions { get; init; } = [];

    /// <summary><c>mede train --record-every</c>; null for its default.</summary>
    public int? RecordEvery { get; init; }

    /// <summary>Evaluation episodes per agent at the end of each run.</summary>
    public int? EvaluationEpisodes { get; init; }

    /// <summary><c>mede train --threads</c> of each run; null for the task's preset.</summary>
    public int? Threads { get; init; }

    /// <summary><c>mede train --network</c>; null for the task's preset.</summary>
    public NetworkMode? Network { get; init; }

    /// <summary>True when no axis and no setting is given (the command then continues the sweep in its folder).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty =>
        Environments.Count == 0 && Algorithms.Count == 0 && Agents.Count == 0 && Seeds.Count == 0 && Steps is null && Sets.Count == 0 && EnvironmentOptions.Count == 0
        && RecordEvery is null && EvaluationEpisodes is null && Threads is null && Network is null;

    /// <summary>Reads a sweep file: one <c>key value...</c> per line (values separated by spaces or commas, those of
    /// <c>set</c> by spaces only; seeds also as ranges like <c>0-4</c>; <c>set</c> may repeat), <c>#</c> starts a comment. Errors name the file and line.</summary>
    public static SweepDefinition ParseFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--file {path}: no such sweep file.");
        }

        var definition = new SweepDefinition();
        string[] lines = File.ReadAllLines(path);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            string where = $"{path}:{i + 1}";
            string line = lines[i];
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            line = (hash >= 0 ? line[..hash] : line).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string[] words = line.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string key = words[0].ToLowerInvariant();
            // Trainer values may hold commas themselves (HiddenLayerSizes=256,256): a set line splits on spaces only.
            string[] values = words.Length < 2 ? []
                : key is "set" or "env-option" ? words[1].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                : Values(words[1]);
            if (!FileKeys.Contains(key))
            {
                throw new UsageException($"{where}: unknown key '{words[0]}'. A sweep file line is 'key value...' with key one of: {string.Join(", ", FileKeys)}.");
            }

            if (values.Length == 0)
            {
                throw new UsageException($"{where}: '{key}' has no value.");
            }

            if (key is not ("set" or "env-option") && !seen.Add(key))
            {
                throw new UsageException($"{where}: '{key}' is given twice; put all its values on one line.");
            }

            definition = definition.With(key, values, where);
        }

        return definition;
    }

    /// <summary>Splits a command-line or file value list on spaces and commas.</summary>
    public static string[] Values(string text) =>
        text.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>This definition with one key set from its values; <paramref name="where"/> names the source in errors
    /// (a file line or a flag).</summary>
    public SweepDefinition With(string key, IReadOnlyList<string> values, string where) => key switch
    {
        "env" => this with { Environments = [.. values.Select(v => Environment(v, where))] },
        "algo" => this with { Algorithms = [.. values.Select(v => ParseEnum<ReinforcementAlgorithm>(v, where))] },
        "agents" => this with { Agents = [.. values.Select(v => Integer(v, where, minimum: 1))] },
        "seeds" => this with { Seeds = [.. values.SelectMany(v => SeedRange(v, where))] },
        "steps" => this with { Steps = Single(values, where, v => Long(v, where)) },
        "set" => this with { Sets = [.. Sets, .. values.Select(v => Assignment(v, where))] },
        "env-option" => this with { EnvironmentOptions = [.. EnvironmentOptions, .. values.Select(v => Assignment(v, where, "an environment option, as mede train --env-option takes"))] },
        "record-every" => this with { RecordEvery = Single(values, where, v => Integer(v, where, minimum: 0)) },
        "eval-episodes" => this with { EvaluationEpisodes = Single(values, where, v => Integer(v, where, minimum: 1)) },
        "threads" => this with { Threads = Single(values, where, v => Integer(v, where, minimum: 1)) },
        "network" => this with { Network = Single(values, where, v => ParseEnum<NetworkMode>(v, where)) },
        _ => throw new UsageException($"{where}: unknown key '{key}'."),
    };

    /// <summary>This definition with every axis and setting that <paramref name="overrides"/> gives replaced by it
    /// (the command line over a file); <c>--set</c> values are added.</summary>
    public SweepDefinition Over(SweepDefinition overrides) => new()
    {
        Environments = overrides.Environments.Count > 0 ? overrides.Environments : Environments,
        Algorithms = overrides.Algorithms.Count > 0 ? overrides.Algorithms : Algorithms,
        Agents = overrides.Agents.Count > 0 ? overrides.Agents : Agents,
        Seeds = overrides.Seeds.Count > 0 ? overrides.Seeds : Seeds,
        Steps = overrides.Steps ?? Steps,
        Sets = [.. Sets, .. overrides.Sets],
        EnvironmentOptions = [.. EnvironmentOptions, .. overrides.EnvironmentOptions],
        RecordEvery = overrides.RecordEvery ?? RecordEvery,
        EvaluationEpisodes = overrides.EvaluationEpisodes ?? EvaluationEpisodes,
        Threads = overrides.Threads ?? Threads,
        Network = overrides.Network ?? Network,
    };

    /// <summary>Expands the sweep: environments outermost, then algorithms, agents and seeds (fastest). Every cell's
    /// trainer options are built and validated here, so a bad <c>--set</c> fails before anything runs.</summary>
    /// <exception cref="UsageException">An axis is empty, or a cell's options are invalid (the message names it).</exception>
    public IReadOnlyList<SweepCell> Cells()
    {
        if (Environments.Count == 0 || Algorithms.Count == 0)
        {
            throw new UsageException(
                "A sweep needs at least one environment and one algorithm (--env hopper,walker2d --algo sac,mede, or 'env' and 'algo' lines in --file).");
        }

        foreach (string environment in Environments.Distinct())
        {
            CheckEnvironmentOptions(environment);
        }

        IReadOnlyList<int> agents = Agents.Count > 0 ? Agents : [TrainerDefaults.NumberOfAgents];
        IReadOnlyList<int> seeds = Seeds.Count > 0 ? Seeds : [0];
        var cells = new List<SweepCell>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string environment in Environments.Distinct())
        {
            foreach (ReinforcementAlgorithm algorithm in Algorithms.Distinct())
            {
                IEnumerable<int> counts = algorithm == ReinforcementAlgorithm.Sac ? [1] : agents.Distinct();
                foreach (int k in counts)
                {
                    foreach (int seed in seeds.Distinct())
                    {
                        var cell = new SweepCell(cells.Count, environment, algorithm, k, seed, TotalSteps(environment, algorithm, k, seed));
                        if (names.Add(cell.Name))
                        {
                            cells.Add(cell);
                        }
                    }
                }
            }
        }

        return cells;
    }

    /// <summary>The <c>mede train</c> arguments that start <paramref name="cell"/> afresh into <paramref name="folder"/>.</summary>
    public IReadOnlyList<string> TrainArguments(SweepCell cell, string folder)
    {
        var arguments = new List<string>
        {
            "train", "--env", cell.Environment, "--algo", cell.Algorithm.ToString().ToLowerInvariant(),
            "--agents", Invariant(cell.Agents), "--seed", Invariant(cell.Seed), "--out", folder,
        };
        if (Steps is long steps)
        {
            arguments.AddRange(["--steps", Invariant(steps)]);
        }

        foreach (string set in Sets)
        {
            arguments.AddRange(["--set", set]);
        }

        foreach (string option in EnvironmentOptions)
        {
            arguments.AddRange(["--env-option", option]);
        }

        AddCommon(arguments);
        if (Threads is int threads)
        {
            arguments.AddRange(["--threads", Invariant(threads)]);
        }

        if (Network is NetworkMode network)
        {
            arguments.AddRange(["--network", network.ToString().ToLowerInvariant()]);
        }

        return arguments;
    }

    /// <summary>The <c>mede train</c> arguments that continue <paramref name="folder"/> from its last checkpoint.</summary>
    public IReadOnlyList<string> ResumeArguments(string folder)
    {
        var arguments = new List<string> { "train", "--resume", folder };
        AddCommon(arguments);
        return arguments;
    }

    private void AddCommon(List<string> arguments)
    {
        if (RecordEvery is int every)
        {
            arguments.AddRange(["--record-every", Invariant(every)]);
        }

        if (EvaluationEpisodes is int episodes)
        {
            arguments.AddRange(["--eval-episodes", Invariant(episodes)]);
        }
    }

    private long TotalSteps(string environment, ReinforcementAlgorithm algorithm, int agents, int seed)
    {
        // The same construction as mede train's: the task preset, then the sweep's overrides.
        TrainingConfiguration options = TaskPresets.For(environment, algorithm);
        options.Algorithm = algorithm;
        options.NumberOfAgents = agents;
        options.Seed = seed;
        options.TotalSteps = Steps ?? options.TotalSteps;
        options.Threads = Threads ?? options.Threads;
        options.NetworkMode = Network ?? options.NetworkMode;
        try
        {
            OptionsBinder.Apply(options, Sets);
            options.Validate();
        }
        catch (Exception e) when (e is ArgumentException or UsageException)
        {
            throw new UsageException($"Sweep cell {environment} {algorithm} {agents} agents seed {seed}: {e.Message}");
        }

        return options.TotalSteps;
    }

    /// <summary>Builds <paramref name="environment"/> once with the sweep's environment options, so a bad option fails
    /// before anything runs (a task whose native library is missing is checked when its cells run).</summary>
    private void CheckEnvironmentOptions(string environment)
    {
        if (EnvironmentOptions.Count == 0)
        {
            return;
        }

        try
        {
            var options = OptionsBinder.ParsePairs(EnvironmentOptions, "env-option");
            using IEnvironment created = EnvironmentRegistry.Create(environment, options);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new UsageException($"Sweep environment {environment}, env-option {string.Join(" ", EnvironmentOptions)}: {e.Message}");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or Mede.ML.Environments.MuJoCo.MuJoCoException)
        {
            // The options of a native task are checked by its own runs.
        }
    }

    private static string Environment(string name, string where)
    {
        if (!EnvironmentRegistry.Contains(name))
        {
            throw new UsageException($"{where}: unknown environment '{name}'. Known: {string.Join(", ", EnvironmentRegistry.Names)}.");
        }

        return name.Trim().ToLowerInvariant();
    }

    private static T ParseEnum<T>(string value, string where)
        where T : struct, Enum
    {
        if (Enum.TryParse(value, ignoreCase: true, out T parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }

        throw new UsageException($"{where}: '{value}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
    }

    private static int Integer(string value, string where, int minimum)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) && parsed >= minimum)
        {
            return parsed;
        }

        throw new UsageException($"{where}: '{value}' is not an integer of at least {minimum}.");
    }

    private static long Long(string value, string where)
    {
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) && parsed >= 1)
        {
            return parsed;
        }

        throw new UsageException($"{where}: '{value}' is not a positive number of steps.");
    }

    private static IEnumerable<int> SeedRange(string value, string where)
    {
        int dash = value.IndexOf('-', 1);
        if (dash < 0)
        {
            return [Integer(value, where, minimum: 0)];
        }

        int first = Integer(value[..dash], where, minimum: 0), last = Integer(value[(dash + 1)..], where, minimum: 0);
        if (last < first)
        {
            throw new UsageException($"{where}: the seed range '{value}' is empty; write it low-high, e.g. 0-4.");
        }

        return Enumerable.Range(first, last - first + 1);
    }

    private static string Assignment(string value, string where, string what = "a trainer option, as mede train --set takes")
    {
        int equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == value.Length - 1)
        {
            throw new UsageException($"{where}: '{value}' is not Name=value ({what}).");
        }

        return value;
    }

    private static TValue Single<TValue>(IReadOnlyList<string> values, string where, Func<string, TValue> parse)
    {
        if (values.Count != 1)
        {
            throw new UsageException($"{where}: expected one value, got {values.Count} ({string.Join(" ", values)}).");
        }

        return parse(values[0]);
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
