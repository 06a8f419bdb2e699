using System.Text.Json;
using System.Text.Json.Serialization;
using Mede.ML.Environments;
using Mede.ML.Training;

namespace Mede.ML.Cli.Runs;

/// <summary>What a run folder's <c>run.json</c> holds: enough to rebuild its environment and trainer, and how the run
/// records into its store (<see cref="RecordEvery"/>, kept so that a resumed run samples as the original did).</summary>
internal sealed record RunSpecification(
    string Environment,
    Dictionary<string, string> EnvironmentOptions,
    MedeTrainer.Options Options,
    DateTimeOffset Created,
    string Library,
    int? RecordEvery = null)
{
    /// <summary>The default of <c>--record-every</c>: every tenth training episode of each agent step by step.</summary>
    public const int DefaultRecordEvery = 10;

    public const string FileName = "run.json";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public Func<IEnvironment> EnvironmentFactory() => EnvironmentRegistry.Factory(Environment, EnvironmentOptions);

    /// <summary>A copy of the trainer options that names the run's environment and its options (what the run store
    /// keeps, and what rebuilds the environment from the options alone).</summary>
    public MedeTrainer.Options TrainerOptions()
    {
        MedeTrainer.Options options = Options.Clone();
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

        try
        {
            return JsonSerializer.Deserialize<RunSpecification>(File.ReadAllText(path), s_json)
                ?? throw new UsageException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path} is not a valid run description: {e.Message}");
        }
    }

    public static string CheckpointFolder(string runFolder) => Path.Combine(runFolder, "checkpoints");

    public static string? LatestCheckpoint(string runFolder) => TrainingSession.FindLatestCheckpoint(CheckpointFolder(runFolder));
}
