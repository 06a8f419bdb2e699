using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mede.ML.Analysis.Store;

/// <summary>
/// A run in a few hundred kilobytes of text: what a report reads from its store (the run's description, its metrics,
/// its training and evaluation episodes, the overlap of its agents' evaluation states, its <c>evaluation.json</c>),
/// without the checkpoints, replay data and recorded steps that make a run folder large. A report keeps one per run
/// beside itself (<c>data/</c>), so results can be committed, moved off the machine that trained them, drawn again and
/// extended with runs trained elsewhere: <see cref="RunStore.Open"/> opens a digest folder as it opens a run folder.
/// </summary>
/// <remarks>
/// <para>A digest folder holds <c>digest.json</c> (the run row, its trainer options, its evaluations and the agents'
/// pairwise <see cref="Evaluation.BehaviourOverlap"/>), <c>metrics.csv</c> (<c>step,name,agent,value</c>; agent
/// empty for run-wide values) and <c>episodes.csv</c> (<c>evaluation,step,agent,episode,return,length,terminated,goal</c>;
/// evaluation empty for training episodes), numbers in the invariant culture at full precision.</para>
/// <para>What it leaves out: recorded steps (MultiGoal paths, the diversity map's states and Q contours need the run
/// folder) and checkpoints (the networks: <c>mede export</c> them).</para>
/// </remarks>
public static class RunDigest
{
    /// <summary>The file that marks a digest folder.</summary>
    public const string FileName = "digest.json";

    /// <summary>The format this version writes and reads.</summary>
    public const int Format = 1;

    private const string MetricsFile = "metrics.csv";
    private const string EpisodesFile = "episodes.csv";
    private const string MetricsHeader = "step,name,agent,value";
    private const string EpisodesHeader = "evaluation,step,agent,episode,return,length,terminated,goal";

    /// <summary>True when <paramref name="folder"/> is a digest folder (it holds <c>digest.json</c> and no
    /// <c>run.db</c>).</summary>
    public static bool IsDigest(string folder) =>
        File.Exists(Path.Combine(folder, FileName)) && !File.Exists(RunStore.PathIn(folder));

    /// <summary>Writes the digest of <paramref name="store"/> into <paramref name="folder"/>, whole or not at all: into
    /// a folder beside it, then moved into place (an earlier digest there is replaced).</summary>
    /// <param name="store">An open store (of a run folder or of a digest).</param>
    /// <param name="folder">The digest folder; its parent is created when missing.</param>
    /// <exception cref="IOException">The folder cannot be written; nothing half-written is left.</exception>
    public static void Write(RunStore store, string folder)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        AtomicFile.WriteFolder(folder, building => WriteFiles(store, building));
    }

    /// <summary>Reads a digest folder into a store held in memory (queries only).</summary>
    /// <exception cref="RunStoreException">A file is missing or malformed; the message names the file, and for CSV the
    /// row and column.</exception>
    internal static RunStore Read(string folder)
    {
        string digestPath = Path.Combine(folder, FileName);
        JsonObject digest = ParseDigest(digestPath);
        RunStore store = RunStore.InMemory(digestPath);
        try
        {
            store.Load(
                Run(digest, digestPath),
                Evaluations(digest, digestPath),
                ReadCsv(Path.Combine(folder, MetricsFile), MetricsHeader, Metric),
                ReadCsv(Path.Combine(folder, EpisodesFile), EpisodesHeader, Episode),
                Overlap(digest, digestPath));
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static void WriteFiles(RunStore store, string folder)
    {
        RunRow run = store.Run;
        var digest = new JsonObject
        {
            ["format"] = Format,
            ["run"] = new JsonObject
            {
                ["environment"] = run.Environment,
                ["algorithm"] = run.Algorithm,
                ["agents"] = run.Agents,
                ["seed"] = run.Seed,
                ["network"] = run.Network,
                ["total_steps"] = run.TotalSteps,
                ["code_version"] = run.CodeVersion,
                ["started_at"] = run.StartedAt,
                ["ended_at"] = run.EndedAt.Length == 0 ? null : run.EndedAt,
                ["last_step"] = run.LastStep < 0 ? null : run.LastStep,
                ["options"] = JsonNode.Parse(run.OptionsJson),
            },
            ["evaluations"] = new JsonArray([.. store.Evaluations().Select(e => (JsonNode)new JsonObject
            {
                ["id"] = e.Id,
                ["step"] = e.Step,
                ["episodes_per_agent"] = e.EpisodesPerAgent,
                ["deterministic"] = e.Deterministic,
                ["created_at"] = e.CreatedAt,
                ["complete"] = e.Complete,
            })]),
            ["overlap"] = store.Overlap() is { } overlap
                ? new JsonArray([.. Enumerable.Range(0, overlap.Agents).Select(i => (JsonNode)new JsonArray([.. Enumerable.Range(0, overlap.Agents).Select(j => (JsonNode)overlap[i, j])]))])
                : null,
        };
        File.WriteAllText(Path.Combine(folder, FileName), digest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

        var metrics = new StringBuilder(MetricsHeader).Append('\n');
        foreach (MetricRow m in store.Metrics())
        {
            if (m.Name.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                throw new InvalidOperationException($"{store.Path}: the metric name '{m.Name}' holds a comma, quote or line break, which a digest's CSV cannot hold.");
            }

            metrics.Append(CultureInfo.InvariantCulture, $"{m.Step},{m.Name},{(m.Agent < 0 ? string.Empty : m.Agent.ToString(CultureInfo.InvariantCulture))},{Number(m.Value)}\n");
        }

        File.WriteAllText(Path.Combine(folder, MetricsFile), metrics.ToString());

        var episodes = new StringBuilder(EpisodesHeader).Append('\n');
        foreach (EpisodeRow e in store.Episodes().Concat(store.Evaluations().SelectMany(evaluation => store.Episodes(evaluation.Id))))
        {
            string evaluation = e.EvaluationId < 0 ? string.Empty : e.EvaluationId.ToString(CultureInfo.InvariantCulture);
            episodes.Append(CultureInfo.InvariantCulture, $"{evaluation},{e.Step},{e.Agent},{e.Episode},{Number(e.Return)},{e.Length},{(e.Terminated ? 1 : 0)},{e.Goal}\n");
        }

        File.WriteAllText(Path.Combine(folder, EpisodesFile), episodes.ToString());

        // The evaluation's summary beside the store (each agent's policy entropy: mede train writes it last).
        if (Path.GetDirectoryName(store.Path) is { } runFolder && File.Exists(Path.Combine(runFolder, EvaluationFile.FileName)))
        {
            File.Copy(Path.Combine(runFolder, EvaluationFile.FileName), Path.Combine(folder, EvaluationFile.FileName));
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static JsonObject ParseDigest(string path)
    {
        if (!File.Exists(path))
        {
            throw new RunStoreException($"{path}: no run digest here.");
        }

        try
        {
            JsonObject digest = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new RunStoreException($"{path}: a run digest is a JSON object.");
            int format = digest["format"]?.GetValue<int>() ?? throw new RunStoreException($"{path}: the field 'format' is missing.");
            if (format != Format)
            {
                throw new RunStoreException($"{path}: digest format {format}; this version of Mede.ML reads format {Format}.");
            }

            return digest;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new RunStoreException($"{path}: not a valid run digest: {e.Message}", e);
        }
    }

    private static RunRow Run(JsonObject digest, string path)
    {
        JsonObject run = digest["run"] as JsonObject ?? throw new RunStoreException($"{path}: the object 'run' is missing.");
        T Field<T>(string name)
        {
            try
            {
                return run[name] is { } node ? node.GetValue<T>() : throw new RunStoreException($"{path}: the field 'run.{name}' is missing.");
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new RunStoreException($"{path}: the field 'run.{name}' is not a {typeof(T).Name}: {e.Message}", e);
            }
        }

        return new RunRow
        {
            Environment = Field<string>("environment"),
            Algorithm = Field<string>("algorithm"),
            Agents = Field<int>("agents"),
            Seed = Field<int>("seed"),
            Network = Field<string>("network"),
            TotalSteps = Field<long>("total_steps"),
            CodeVersion = Field<string>("code_version"),
            StartedAt = Field<string>("started_at"),
            EndedAt = run["ended_at"] is null ? string.Empty : Field<string>("ended_at"),
            LastStep = run["last_step"] is null ? -1 : Field<long>("last_step"),
            OptionsJson = (run["options"] as JsonObject ?? throw new RunStoreException($"{path}: the object 'run.options' is missing.")).ToJsonString(),
        };
    }

    private static List<EvaluationRow> Evaluations(JsonObject digest, string path)
    {
        var rows = new List<EvaluationRow>();
        if (digest["evaluations"] is not JsonArray evaluations)
        {
            throw new RunStoreException($"{path}: the array 'evaluations' is missing.");
        }

        for (int i = 0; i < evaluations.Count; i++)
        {
            try
            {
                JsonNode e = evaluations[i] ?? throw new FormatException("it is null");
                rows.Add(new EvaluationRow
                {
                    Id = e["id"]!.GetValue<long>(),
                    Step = e["step"]!.GetValue<long>(),
                    EpisodesPerAgent = e["episodes_per_agent"]!.GetValue<int>(),
                    Deterministic = e["deterministic"]!.GetValue<bool>(),
                    CreatedAt = e["created_at"]!.GetValue<string>(),
                    Complete = e["complete"]!.GetValue<bool>(),
                });
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
            {
                throw new RunStoreException($"{path}: evaluations[{i}] is not an evaluation (id, step, episodes_per_agent, deterministic, created_at, complete): {e.Message}", e);
            }
        }

        return rows;
    }

    private static double[,]? Overlap(JsonObject digest, string path)
    {
        if (digest["overlap"] is not JsonArray rows)
        {
            return null;
        }

        try
        {
            var pairs = new double[rows.Count, rows.Count];
            for (int i = 0; i < rows.Count; i++)
            {
                JsonArray row = rows[i] as JsonArray ?? throw new FormatException($"row {i} is not an array");
                if (row.Count != rows.Count)
                {
                    throw new FormatException($"row {i} has {row.Count} values for {rows.Count} agents");
                }

                for (int j = 0; j < rows.Count; j++)
                {
                    pairs[i, j] = row[j]!.GetValue<double>();
                }
            }

            return pairs;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new RunStoreException($"{path}: 'overlap' is not a square table of numbers: {e.Message}", e);
        }
    }

    private static MetricRow Metric(Fields f) => new()
    {
        Step = f.Long(0, "step"),
        Name = f.Text(1, "name"),
        Agent = f.OptionalInt(2, "agent"),
        Value = f.Double(3, "value"),
    };

    private static EpisodeRow Episode(Fields f) => new()
    {
        EvaluationId = f.OptionalInt(0, "evaluation"),
        Step = f.Long(1, "step"),
        Agent = (int)f.Long(2, "agent"),
        Episode = f.Long(3, "episode"),
        Return = f.Double(4, "return"),
        Length = (int)f.Long(5, "length"),
        Terminated = f.Long(6, "terminated") != 0,
        Goal = (int)f.Long(7, "goal"),
    };

    private static List<T> ReadCsv<T>(string path, string header, Func<Fields, T> parse)
    {
        if (!File.Exists(path))
        {
            throw new RunStoreException($"{path}: missing from the run digest.");
        }

        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != header)
        {
            throw new RunStoreException($"{path}: the header must be '{header}'.");
        }

        int columns = header.Split(',').Length;
        var rows = new List<T>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            string[] values = lines[i].Split(',');
            if (values.Length != columns)
            {
                throw new RunStoreException($"{path}, row {i + 1}: {values.Length} columns; the header has {columns}.");
            }

            rows.Add(parse(new Fields(path, i + 1, values)));
        }

        return rows;
    }

    /// <summary>One CSV row's values, parsed with errors that name the file, row and column.</summary>
    private readonly record struct Fields(string Path, int Row, string[] Values)
    {
        public string Text(int column, string name) =>
            Values[column].Length > 0 ? Values[column] : throw Error(column, name, "is empty");

        public long Long(int column, string name) =>
            long.TryParse(Values[column], NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : throw Error(column, name, "is not an integer");

        public int OptionalInt(int column, string name) => Values[column].Length == 0 ? -1 : (int)Long(column, name);

        public double Double(int column, string name) =>
            double.TryParse(Values[column], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : throw Error(column, name, "is not a number");

        private RunStoreException Error(int column, string name, string problem) =>
            new($"{Path}, row {Row}, column {column + 1} ({name}): '{Values[column]}' {problem}.");
    }
}
