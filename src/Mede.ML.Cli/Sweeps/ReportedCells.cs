using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Mede.ML.Algorithms;
using Mede.ML.Analysis.Reports;
using Mede.ML.Analysis.Store;
using Mede.ML.Cli.Runs;
using Mede.ML.Training;

namespace Mede.ML.Cli.Sweeps;

/// <summary>
/// The cells of a sweep that a report already holds (<c>mede sweep ... --reported DIR</c>): a cell counts as done when
/// the report's <c>data/&lt;cell&gt;</c> digest is of a finished, evaluated run of the same experiment: the same task,
/// algorithm, agents, seed, steps, environment options and every trainer option the cell's <c>mede train</c> would set
/// (the task's preset and the sweep's <c>--set</c>s). How it was run (threads, backend, device, checkpoint and metrics
/// intervals) does not count. So the cells of one sweep can be trained on several machines or days, each reporting into
/// the same report, and a machine trains only what the report lacks.
/// </summary>
internal sealed class ReportedCells
{
    /// <summary>Options that say how a run was executed, not what it trained.</summary>
    private static readonly string[] s_mechanics =
    [
        nameof(TrainingConfiguration.Threads), nameof(TrainingConfiguration.Backend), nameof(TrainingConfiguration.Device),
        nameof(TrainingConfiguration.FallbackToCpu), nameof(TrainingConfiguration.CheckpointInterval), nameof(TrainingConfiguration.CheckpointsToKeep),
        nameof(TrainingConfiguration.MetricsInterval), nameof(TrainingConfiguration.CheckpointDirectory),
        nameof(TrainingConfiguration.Environment), nameof(TrainingConfiguration.EnvironmentOptions),
    ];

    private static readonly JsonSerializerOptions s_json = new() { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<string, string> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _different = new(StringComparer.Ordinal);

    /// <summary>Reads the digests of <paramref name="reportFolder"/> that carry the names of <paramref name="sweep"/>'s
    /// cells.</summary>
    /// <exception cref="UsageException">The folder is not a report folder (no <c>report.md</c> and <c>data</c>), or a
    /// digest of a cell cannot be read (the message names it).</exception>
    public ReportedCells(SweepDefinition sweep, IReadOnlyList<SweepCell> cells, string reportFolder)
    {
        Folder = reportFolder;
        string data = Path.Combine(reportFolder, RunReport.DataFolder);
        if (!Directory.Exists(data))
        {
            throw new UsageException($"--reported {reportFolder}: not a report folder with run digests (no {data}); mede report --out writes one.");
        }

        foreach (SweepCell cell in cells)
        {
            string digest = Path.Combine(data, cell.Name);
            if (!RunDigest.IsDigest(digest))
            {
                continue;
            }

            try
            {
                using RunStore store = RunStore.Open(digest);
                string? difference = store.Run.EndedAt.Length == 0 || store.LatestEvaluation() is null
                    ? "the run had not finished and been evaluated"
                    : Difference(Expected(sweep, cell), store.TrainerOptions(), store.Run.Environment);
                (difference is null ? _done : _different)[cell.Name] = difference ?? digest;
            }
            catch (RunStoreException e)
            {
                throw new UsageException($"--reported {reportFolder}: {e.Message}");
            }
        }
    }

    /// <summary>The report folder.</summary>
    public string Folder { get; }

    /// <summary>The digest that stands for <paramref name="cell"/>, or null when the report does not hold it.</summary>
    public string? Digest(SweepCell cell) => _done.GetValueOrDefault(cell.Name);

    /// <summary>Why the report's digest of <paramref name="cell"/>'s name does not count for it (another setting, an
    /// unfinished run), or null when it has none or it counts.</summary>
    public string? Mismatch(SweepCell cell) => _different.GetValueOrDefault(cell.Name);

    /// <summary>The options <c>mede train</c> gives the cell's run, as the sweep starts it.</summary>
    internal static TrainingConfiguration Expected(SweepDefinition sweep, SweepCell cell)
    {
        TrainingConfiguration options = RunSpecification.StartOptions(cell.Environment, cell.Algorithm, cell.Agents, cell.TotalSteps, cell.Seed, sweep.Network);
        OptionsBinder.Apply(options, sweep.Sets);
        Dictionary<string, string> environment = RunSpecification.EnvironmentOptionsOf(options, sweep.EnvironmentOptions);
        options.Environment = cell.Environment;
        options.EnvironmentOptions = environment;
        return options;
    }

    /// <summary>The first way <paramref name="actual"/> is another experiment than <paramref name="expected"/>, or null.</summary>
    internal static string? Difference(TrainingConfiguration expected, TrainingConfiguration actual, string actualEnvironment)
    {
        if (!string.Equals(expected.Environment, actualEnvironment, StringComparison.OrdinalIgnoreCase))
        {
            return $"the task is {actualEnvironment}, not {expected.Environment}";
        }

        var want = new Dictionary<string, string>(expected.EnvironmentOptions ?? [], StringComparer.OrdinalIgnoreCase);
        var have = new Dictionary<string, string>(actual.EnvironmentOptions ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (string key in want.Keys.Union(have.Keys, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            if (want.GetValueOrDefault(key) != have.GetValueOrDefault(key))
            {
                return $"the environment option {key} is {have.GetValueOrDefault(key) ?? "unset"}, not {want.GetValueOrDefault(key) ?? "unset"}";
            }
        }

        JsonObject a = Comparable(expected), b = Comparable(actual);
        foreach (string name in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            string wanted = a[name]?.ToJsonString() ?? "null", got = b[name]?.ToJsonString() ?? "null";
            if (wanted != got)
            {
                return $"{name} is {got}, not {wanted}";
            }
        }

        return null;
    }

    private static JsonObject Comparable(TrainingConfiguration options)
    {
        var json = (JsonObject)JsonSerializer.SerializeToNode(options, s_json)!;
        foreach (string name in s_mechanics)
        {
            json.Remove(name);
        }

        return json;
    }
}
