using System.Text.Json;
using System.Text.Json.Serialization;
using Mede.ML.Environments;
using Mede.ML.Training;

namespace Mede.ML.Cli.Runs;

/// <summary>What a run folder's <c>run.json</c> holds: enough to rebuild its environment and trainer, and how the run
/// records into its store (<see cref="RecordEvery"/>, kept so that a resumed run samples as the original did). Its
/// <see cref="TrainingConfiguration.TotalSteps"/> is the run's current target (a <c>--resume --steps N</c> moves it), and
/// <see cref="Id"/> the identity its checkpoints carry.</summary>
internal sealed record RunSpecification(
    string Environment,
    Dictionary<string, string> EnvironmentOptions,
    TrainingConfiguration Options,
    DateTimeOffset Created,
    string Library,
    int? RecordEvery = null,
    string? Id = null)
{
    /// <summary>The default of <c>--record-every</c>: every tenth training episode of each agent step by step.</summary>
    public const int DefaultRecordEvery = 10;

    public const string FileName = "run.json";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The trainer options <c>mede train</c> starts a run with, before its execution settings and its
    /// <c>--set</c>s: the task's preset (<see cref="TaskPresets"/>) for the algorithm, with the agents (SAC: 1; others:
    /// the default), steps, seed (0 unless given: the CLI's runs are always seeded) and network mode given.</summary>
    public static TrainingConfiguration StartOptions(string environment, Algorithms.ReinforcementAlgorithm algorithm, int? agents, long? steps, int? seed, Algorithms.NetworkMode? network)
    {
        TrainingConfiguration options = TaskPresets.For(environment, algorithm);
        options.Algorithm = algorithm;
        options.NumberOfAgents = agents ?? (algorithm == Algorithms.ReinforcementAlgorithm.Sac ? 1 : TrainerDefaults.NumberOfAgents);
        options.TotalSteps = steps ?? options.TotalSteps;
        options.Seed = seed ?? options.Seed ?? 0;
        options.NetworkMode = network ?? options.NetworkMode;
        return options;
    }

    /// <summary>A run's environment options: the preset's (in <paramref name="options"/>; MEDE's MultiGoal preset observes
    /// the time left) with the user's <c>key=value</c> pairs over them.</summary>
    /// <exception cref="UsageException">A pair is not key=value.</exception>
    public static Dictionary<string, string> EnvironmentOptionsOf(TrainingConfiguration options, IEnumerable<string> given)
    {
        var merged = new Dictionary<string, string>(options.EnvironmentOptions ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in OptionsBinder.ParsePairs(given, "--env-option"))
        {
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>A new run identity: unique, and readable in a message.</summary>
    public static string NewId() => $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..12]}";

    public Func<IEnvironment> EnvironmentFactory() => EnvironmentRegistry.Factory(Environment, EnvironmentOptions);

    /// <summary>A copy of the trainer options that names the run's environment and its options (what the run store
    /// keeps, and what rebuilds the environment from the options alone).</summary>
    public TrainingConfiguration TrainerOptions()
    {
        TrainingConfiguration options = Options.Clone();
        options.Environment = Environment;
        options.EnvironmentOptions = new Dictionary<string, string>(EnvironmentOptions);
        return options;
    }

    public void Save(string folder)
    {
        string path = Path.Combine(folder, FileName);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, s_json));
        File.Move(temporary, path, overwrite: true);
    }

    public static RunSpecification Load(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new UsageException($"{folder} is not a run folder: {FileName} is missing.");
        }

        RunSpecification? spec;
        try
        {
            spec = JsonSerializer.Deserialize<RunSpecification>(File.ReadAllText(path), s_json);
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path} is not a valid run description: {e.Message}");
        }

        // A hand-edited or truncated run.json can parse and still lack what a run needs.
        string? missing = spec is null ? "everything"
            : string.IsNullOrWhiteSpace(spec.Environment) ? nameof(Environment)
            : spec.Options is null ? nameof(Options)
            : spec.Options.HiddenLayerSizes is null ? "Options.HiddenLayerSizes"
            : spec.Options.DiscriminatorHiddenLayerSizes is null ? "Options.DiscriminatorHiddenLayerSizes"
            : null;
        if (missing is not null)
        {
            throw new UsageException($"{path} is not a valid run description: '{missing}' is missing. Restore it from a copy; mede train writes it when a run starts.");
        }

        if (!EnvironmentRegistry.Contains(spec!.Environment))
        {
            throw new UsageException($"{path}: the environment '{spec.Environment}' is not known to this mede. Known: {string.Join(", ", EnvironmentRegistry.Names)}.");
        }

        try
        {
            spec!.Options!.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{path}: {CommandRunner.Describe(e)}");
        }

        return spec with { EnvironmentOptions = spec.EnvironmentOptions ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) };
    }

    public static string CheckpointFolder(string runFolder) => Path.Combine(runFolder, "checkpoints");

    /// <summary>The newest intact checkpoint of a run (see <see cref="RunCheckpoints.Latest"/>), or null.</summary>
    public static string? LatestCheckpoint(string runFolder) => RunCheckpoints.Latest(runFolder, warn: message => Console.Error.WriteLine("warning: " + message))?.Folder;
}
