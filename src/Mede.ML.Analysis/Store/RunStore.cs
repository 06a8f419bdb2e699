using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mede.ML.Data;
using Mede.ML.Training;
using Microsoft.Data.Analysis;
using Microsoft.Data.Sqlite;
using Microsoft.ML;

namespace Mede.ML.Analysis.Store;

/// <summary>
/// A run's SQLite database, <c>run.db</c> in its run folder: the run's description, its metrics, its training and
/// evaluation episodes, and the transitions of the episodes that were recorded step by step.
/// </summary>
/// <remarks>
/// <para>Writers: <see cref="CreateRecorder"/> gives the <see cref="ITrainingRecorder"/> a trainer reports to, and
/// <see cref="BeginEvaluation"/> the recorder of an evaluation's rollouts. The database runs in WAL mode with
/// <c>synchronous=FULL</c>: rows go in one transaction per batch, an episode and its transitions in the same one, so
/// a process killed at any moment leaves a database that passes <c>PRAGMA integrity_check</c> and holds only
/// complete episodes.</para>
/// <para>Readers: the query methods return typed rows; the <c>...View</c> methods the same as <see cref="IDataView"/>s
/// for the pipeline API and CSV export. <see cref="Comparison.RunComparison"/> compares many stores.</para>
/// <para>A store is used from one thread at a time (the recorders lock it themselves).</para>
/// </remarks>
public sealed class RunStore : IDisposable
{
    /// <summary>The file name of a run's store inside its run folder.</summary>
    public const string FileName = "run.db";

    private static readonly JsonSerializerOptions s_json = new() { Converters = { new JsonStringEnumConverter() } };
    private readonly SqliteConnection _connection;
    private bool _disposed;
    private Evaluation.BehaviourOverlap? _overlap;
    private Evaluation.BehaviourOverlap? _digestOverlap;
    private bool _overlapKnown;

    private RunStore(string path, SqliteConnection connection, bool readOnly)
    {
        Path = path;
        _connection = connection;
        IsReadOnly = readOnly;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>True when opened with <see cref="Open"/> (queries only).</summary>
    public bool IsReadOnly { get; }

    /// <summary>True when read from a <see cref="RunDigest"/> folder (no recorded steps; <see cref="Path"/> is its
    /// <c>digest.json</c>).</summary>
    public bool IsDigest { get; private init; }

    /// <summary>The run's description.</summary>
    public RunRow Run => Query(ReadRun);

    /// <summary>The run's trainer options, read back from the run row's JSON (its <c>Environment</c> and
    /// <c>EnvironmentOptions</c> rebuild the environment: see <see cref="EnvironmentFactory"/>).</summary>
    public TrainingConfiguration TrainerOptions()
    {
        string json = Run.OptionsJson;
        try
        {
            return JsonSerializer.Deserialize<TrainingConfiguration>(json, s_json)
                ?? throw new RunStoreException($"{Path}: the run's options are null.");
        }
        catch (JsonException e)
        {
            throw new RunStoreException($"{Path}: the run's options are not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Creates the run's environment (by its registry name and options), e.g. for plots and rollouts.</summary>
    public Func<Environments.IEnvironment> EnvironmentFactory()
    {
        TrainingConfiguration options = TrainerOptions();
        string name = string.IsNullOrEmpty(options.Environment) ? Run.Environment : options.Environment;
        return Environments.EnvironmentRegistry.Factory(name, options.EnvironmentOptions);
    }

    /// <summary>The path of the store of a run folder.</summary>
    public static string PathIn(string folder) => System.IO.Path.Combine(folder, FileName);

    /// <summary>Opens the store of a run for writing, creating the folder, the file and its run row when they do not
    /// exist yet (a resumed run keeps its row).</summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="options">The run's trainer options (environment, algorithm, agents, seed, ...).</param>
    /// <exception cref="RunStoreException">The file cannot be created or written (read-only folder, full disk),
    /// or is not a run store.</exception>
    public static RunStore OpenOrCreate(string folder, TrainingConfiguration options)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(options);
        string path = PathIn(folder);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunStoreException($"{path}: could not create the run folder: {e.Message}", e);
        }

        RunStore store = Connect(path, SqliteOpenMode.ReadWriteCreate);
        try
        {
            if (store.ReadAll("PRAGMA user_version", reader => reader.GetInt64(0))[0] != 0)
            {
                // An existing store is used as it is: a table dropped from it is damage to report, not a table to
                // create again empty beside the history of the others.
                store.Validate();
            }

            store.Write(() =>
            {
                using SqliteTransaction transaction = store._connection.BeginTransaction();
                store.Execute(RunStoreSchema.Create);
                store.Execute($"PRAGMA user_version = {RunStoreSchema.Version}");
                store.Execute("""
                    INSERT OR IGNORE INTO runs (id, environment, algorithm, agents, seed, network, total_steps, options_json, code_version, started_at)
                    VALUES (1, $environment, $algorithm, $agents, $seed, $network, $steps, $options, $version, $started)
                    """,
                    ("$environment", options.Environment ?? string.Empty),
                    ("$algorithm", options.Algorithm.ToString().ToUpperInvariant()),
                    ("$agents", options.NumberOfAgents),
                    ("$seed", options.Seed ?? 0),
                    ("$network", options.NetworkMode.ToString()),
                    ("$steps", options.TotalSteps),
                    ("$options", JsonSerializer.Serialize(options, s_json)),
                    ("$version", TrainingSession.LibraryVersion),
                    ("$started", Now()));
                transaction.Commit();
            });
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>Opens an existing store for writing (to add an evaluation).</summary>
    /// <param name="pathOrFolder">The <c>run.db</c> file or its run folder.</param>
    /// <exception cref="RunStoreException">It does not exist, is not a run store, or cannot be written.</exception>
    public static RunStore OpenForWriting(string pathOrFolder)
    {
        RunStore store = Connect(Resolve(pathOrFolder), SqliteOpenMode.ReadWrite);
        try
        {
            store.Validate();
            store.Write(() => store.Execute("BEGIN IMMEDIATE; COMMIT;"));
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>Opens a store for queries: a run's <c>run.db</c>, or a <see cref="RunDigest"/> folder (read into memory,
    /// so every query works as on the run it was made from).</summary>
    /// <param name="pathOrFolder">The <c>run.db</c> file, its run folder, or a digest folder.</param>
    /// <exception cref="RunStoreException">It does not exist, is not a run store, or is a malformed digest.</exception>
    public static RunStore Open(string pathOrFolder)
    {
        ArgumentNullException.ThrowIfNull(pathOrFolder);
        if (Directory.Exists(pathOrFolder) && RunDigest.IsDigest(pathOrFolder))
        {
            return RunDigest.Read(pathOrFolder);
        }

        RunStore store = Connect(Resolve(pathOrFolder), SqliteOpenMode.ReadOnly);
        try
        {
            store.Validate();
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>A recorder for the trainer (<see cref="TrainingRunSettings.Recorder"/>) that writes into this store.</summary>
    /// <param name="transitionEpisodeInterval">Record every N-th training episode of each agent step by step (0: none).</param>
    /// <remarks>The run counts as unfinished until <see cref="MarkFinished"/>.</remarks>
    public RunStoreRecorder CreateRecorder(int transitionEpisodeInterval = 0)
    {
        ThrowIfReadOnly();
        Write(() => Execute("UPDATE runs SET ended_at = NULL WHERE id = 1"));
        return new RunStoreRecorder(this, transitionEpisodeInterval);
    }

    /// <summary>Starts an evaluation of the networks at <paramref name="step"/>; pass the returned recorder to
    /// <c>Evaluate</c> and call <see cref="EvaluationRecorder.Complete"/> when it returns.</summary>
    public EvaluationRecorder BeginEvaluation(long step, int episodesPerAgent, bool deterministic)
    {
        ThrowIfReadOnly();
        long id = 0;
        Write(() => id = InsertReturningId(
            "INSERT INTO evaluations (step, episodes_per_agent, deterministic, created_at) VALUES ($step, $episodes, $deterministic, $created)",
            ("$step", step), ("$episodes", episodesPerAgent), ("$deterministic", deterministic ? 1 : 0), ("$created", Now())));
        return new EvaluationRecorder(this, id);
    }

    /// <summary>Marks the run finished at <paramref name="step"/> (a resumed run with a larger budget raises its
    /// total steps).</summary>
    public void MarkFinished(long step)
    {
        ThrowIfReadOnly();
        Write(() => Execute(
            "UPDATE runs SET ended_at = $ended, last_step = $step, total_steps = max(total_steps, $step) WHERE id = 1", ("$ended", Now()), ("$step", step)));
    }

    /// <summary>Runs <c>PRAGMA integrity_check</c>: "ok", or SQLite's list of problems.</summary>
    public string IntegrityCheck() => string.Join("\n", ReadAll("PRAGMA integrity_check", reader => reader.GetString(0)));

    /// <summary>Episodes of training (<paramref name="evaluationId"/> null) or of one evaluation, by agent and number.</summary>
    public IReadOnlyList<EpisodeRow> Episodes(long? evaluationId = null) => ReadAll(
        """
        SELECT id, evaluation_id, step, agent, episode, episode_return, length, terminated, goal, has_transitions FROM episodes
        WHERE evaluation_id IS $evaluation ORDER BY agent, episode, id
        """,
        reader => new EpisodeRow
        {
            Id = reader.GetInt64(0),
            EvaluationId = reader.IsDBNull(1) ? -1 : reader.GetInt64(1),
            Step = reader.GetInt64(2),
            Agent = reader.GetInt32(3),
            Episode = reader.GetInt64(4),
            Return = reader.GetDouble(5),
            Length = reader.GetInt32(6),
            Terminated = reader.GetInt32(7) != 0,
            Goal = reader.GetInt32(8),
            HasTransitions = reader.GetInt32(9) != 0,
        },
        ("$evaluation", (object?)evaluationId ?? DBNull.Value));

    /// <summary>The evaluations, oldest first.</summary>
    public IReadOnlyList<EvaluationRow> Evaluations() => ReadAll(
        "SELECT id, step, episodes_per_agent, deterministic, created_at, complete FROM evaluations ORDER BY id",
        reader => new EvaluationRow
        {
            Id = reader.GetInt64(0),
            Step = reader.GetInt64(1),
            EpisodesPerAgent = reader.GetInt32(2),
            Deterministic = reader.GetInt32(3) != 0,
            CreatedAt = reader.GetString(4),
            Complete = reader.GetInt32(5) != 0,
        });

    /// <summary>The newest complete evaluation, or null when there is none.</summary>
    public EvaluationRow? LatestEvaluation() => Evaluations().LastOrDefault(e => e.Complete);

    /// <summary>The newest complete evaluation of the stochastic policies (<paramref name="deterministic"/> false) or of
    /// their modes, tanh(mean) (true), or null when there is none.</summary>
    public EvaluationRow? LatestEvaluation(bool deterministic) => Evaluations().LastOrDefault(e => e.Complete && e.Deterministic == deterministic);

    /// <summary>The evaluation that shows how the agents behave (their paths, goals, overlap): the newest complete one of
    /// the stochastic policies, else the newest complete one; null when there is none.</summary>
    public EvaluationRow? BehaviourEvaluation() => LatestEvaluation(deterministic: false) ?? LatestEvaluation();

    /// <summary>The evaluation a return table reports (the paper's Table 1: 50 episodes per agent of the deterministic
    /// policies): the newest complete deterministic one, else the newest complete one; null when there is none.</summary>
    public EvaluationRow? ReturnsEvaluation() => LatestEvaluation(deterministic: true) ?? LatestEvaluation();

    /// <summary>All metric rows (or those named <paramref name="name"/>), by name, agent and step.</summary>
    public IReadOnlyList<MetricRow> Metrics(string? name = null) => ReadAll(
        "SELECT step, name, agent, value FROM metrics WHERE $name IS NULL OR name = $name ORDER BY name, agent, step, id",
        reader => new MetricRow
        {
            Step = reader.GetInt64(0),
            Name = reader.GetString(1),
            Agent = reader.IsDBNull(2) ? -1 : reader.GetInt32(2),
            Value = reader.GetDouble(3),
        },
        ("$name", (object?)name ?? DBNull.Value));

    /// <summary>One metric as a series of (step, value): for one agent, or (agent null) the run-wide value.</summary>
    public IReadOnlyList<(long Step, double Value)> Series(string name, int? agent = null) =>
        [.. Metrics(name).Where(m => m.Agent == (agent ?? -1)).Select(m => (m.Step, m.Value))];

    /// <summary>The names of the recorded metrics.</summary>
    public IReadOnlyList<string> MetricNames() => ReadAll("SELECT DISTINCT name FROM metrics ORDER BY name", reader => reader.GetString(0));

    /// <summary>The recorded steps of one episode, in order.</summary>
    public IReadOnlyList<TransitionRow> Transitions(long episodeId) => ReadAll(
        "SELECT episode_id, t, observation, action, reward, next_observation, terminated, truncated FROM transitions WHERE episode_id = $id ORDER BY t",
        reader => new TransitionRow
        {
            EpisodeId = reader.GetInt64(0),
            Time = reader.GetInt32(1),
            Observation = Floats(reader, 2),
            Action = Floats(reader, 3),
            Reward = reader.GetFloat(4),
            NextObservation = Floats(reader, 5),
            Terminated = reader.GetInt32(6) != 0,
            Truncated = reader.GetInt32(7) != 0,
        },
        ("$id", episodeId));

    /// <summary>How much the agents' states overlap in the evaluation that shows how they behave
    /// (<see cref="BehaviourEvaluation"/>, <see cref="Paths"/>), leaving out the time left where the run's environment
    /// observes it; null when an agent has fewer than two recorded episodes.
    /// Measured once per open store; a digest gives the overlap measured when it was written.</summary>
    public Evaluation.BehaviourOverlap? Overlap()
    {
        if (!_overlapKnown)
        {
            _overlap = IsDigest ? _digestOverlap : MeasureOverlap();
            _overlapKnown = true;
        }

        return _overlap;
    }

    private Evaluation.BehaviourOverlap? MeasureOverlap()
    {
        bool timeLeft;
        using (Environments.IEnvironment environment = EnvironmentFactory()())
        {
            timeLeft = environment.ObservesRemainingTime;
        }

        return Evaluation.BehaviourOverlap.Measure(Paths(), lastIsTimeLeft: timeLeft);
    }

    /// <summary>
    /// The observation paths of recorded episodes, per agent: for each episode the start observation and every next
    /// observation (what <see cref="Plots.MultiGoalPathsPlot"/> draws). Evaluation <paramref name="evaluationId"/>,
    /// by default <see cref="BehaviourEvaluation"/>; at most <paramref name="episodesPerAgent"/> episodes per agent.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<float[][]>> Paths(long? evaluationId = null, int episodesPerAgent = int.MaxValue)
    {
        long? evaluation = evaluationId ?? BehaviourEvaluation()?.Id;
        if (evaluation is null)
        {
            return [];
        }

        var episodes = Episodes(evaluation).Where(e => e.HasTransitions).ToList();
        int agents = episodes.Count == 0 ? 0 : episodes.Max(e => e.Agent) + 1;
        var paths = new List<IReadOnlyList<float[][]>>();
        for (int k = 0; k < agents; k++)
        {
            var agentPaths = new List<float[][]>();
            foreach (EpisodeRow episode in episodes.Where(e => e.Agent == k).Take(episodesPerAgent))
            {
                IReadOnlyList<TransitionRow> steps = Transitions(episode.Id);
                agentPaths.Add([steps[0].Observation, .. steps.Select(s => s.NextObservation)]);
            }

            paths.Add(agentPaths);
        }

        return paths;
    }

    /// <summary>
    /// Per-agent returns (mean, std, max) and goals over the episodes of an evaluation — by default
    /// <see cref="BehaviourEvaluation"/> — or, when <paramref name="training"/> is true, over the last <paramref name="lastTrainingEpisodes"/>
    /// training episodes of each agent.
    /// </summary>
    public IReadOnlyList<AgentSummary> AgentSummaries(long? evaluationId = null, bool training = false, int lastTrainingEpisodes = 50)
    {
        if (training)
        {
            return Summarise(LastTrainingEpisodes(lastTrainingEpisodes));
        }

        long? evaluation = evaluationId ?? BehaviourEvaluation()?.Id;
        return evaluation is null ? [] : Summarise(Episodes(evaluation));
    }

    /// <summary>The last <paramref name="perAgent"/> training episodes of each agent.</summary>
    public IReadOnlyList<EpisodeRow> LastTrainingEpisodes(int perAgent = 50) =>
        [.. Episodes().GroupBy(e => e.Agent).SelectMany(g => g.OrderBy(e => e.Episode).TakeLast(perAgent))];

    /// <summary>Summarises episodes per agent (mean, population std and max of the return; the most frequent goal).</summary>
    public static IReadOnlyList<AgentSummary> Summarise(IEnumerable<EpisodeRow> episodes)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        var summaries = new List<AgentSummary>();
        foreach (var group in episodes.GroupBy(e => e.Agent).OrderBy(g => g.Key))
        {
            double[] returns = [.. group.Select(e => e.Return)];
            double mean = returns.Average();
            int goals = group.Max(e => e.Goal) + 1;
            int[] counts = new int[Math.Max(goals, 0)];
            foreach (EpisodeRow episode in group.Where(e => e.Goal >= 0))
            {
                counts[episode.Goal]++;
            }

            int best = counts.Length == 0 || counts.Max() == 0 ? -1 : Array.IndexOf(counts, counts.Max());
            summaries.Add(new AgentSummary
            {
                Agent = group.Key,
                Episodes = returns.Length,
                MeanReturn = mean,
                StdReturn = Math.Sqrt(returns.Average(r => (r - mean) * (r - mean))),
                MaxReturn = returns.Max(),
                MeanLength = group.Average(e => e.Length),
                Goal = best,
                GoalRate = best < 0 ? 0 : counts[best] / (double)returns.Length,
                GoalCounts = counts,
            });
        }

        return summaries;
    }

    /// <summary>The episodes of training or of an evaluation as a data view (columns as <see cref="EpisodeRow"/>).</summary>
    public IDataView EpisodesView(long? evaluationId = null) => new MLContext().Data.LoadFromEnumerable(Episodes(evaluationId));

    /// <summary>The metrics as a data view (columns as <see cref="MetricRow"/>).</summary>
    public IDataView MetricsView(string? name = null) => new MLContext().Data.LoadFromEnumerable(Metrics(name));

    /// <summary>The per-agent summaries as a data view (columns as <see cref="AgentSummary"/>).</summary>
    public IDataView AgentSummariesView(long? evaluationId = null, bool training = false) =>
        new MLContext().Data.LoadFromEnumerable(AgentSummaries(evaluationId, training));

    /// <summary>The episodes of training or of an evaluation as a DataFrame: every row, columns as <see cref="EpisodeRow"/>.</summary>
    /// <param name="evaluationId">An evaluation's id, or null for the training episodes.</param>
    public DataFrame EpisodesDataFrame(long? evaluationId = null) => EpisodesView(evaluationId).ToFlatDataFrame();

    /// <summary>The metrics as a DataFrame: every row, columns as <see cref="MetricRow"/>.</summary>
    /// <param name="name">A metric's name, or null for all.</param>
    public DataFrame MetricsDataFrame(string? name = null) => MetricsView(name).ToFlatDataFrame();

    /// <summary>The per-agent summaries as a DataFrame (columns as <see cref="AgentSummary"/>).</summary>
    /// <param name="evaluationId">An evaluation's id, or null for the newest complete evaluation.</param>
    /// <param name="training">Summarise the last training episodes instead of an evaluation.</param>
    public DataFrame AgentSummariesDataFrame(long? evaluationId = null, bool training = false) =>
        AgentSummariesView(evaluationId, training).ToFlatDataFrame();

    /// <summary>The recorded steps (<see cref="TransitionsView"/>) as a DataFrame: every row, vectors flattened to one
    /// column per slot (<c>Observation.0</c>, ..., <c>Action.0</c>, ...).</summary>
    /// <param name="evaluationId">An evaluation's id, or null for the training steps.</param>
    /// <exception cref="RunStoreException">No steps are recorded there, or the run's environment cannot be made.</exception>
    public DataFrame TransitionsDataFrame(long? evaluationId = null) => TransitionsView(evaluationId).ToFlatDataFrame();

    /// <summary>
    /// The recorded steps of training episodes (<paramref name="evaluationId"/> null) or of one evaluation in the
    /// trajectory schema (Observation, Action, Reward, NextObservation, Terminated, Truncated, Agent, Episode, Step),
    /// ready for <c>MedeTransformer.Transform</c>, for a trainer's replay pre-fill, or for CSV.
    /// </summary>
    /// <remarks>The store keeps actions as applied to the environment; here they are mapped back into the policy's
    /// units, the unit cube, through the run's action box (a no-op for MultiGoal). Episode is the store's episode id,
    /// unique across agents.</remarks>
    /// <exception cref="RunStoreException">No steps are recorded there, or the run's environment cannot be made.</exception>
    public TrajectoryDataView TransitionsView(long? evaluationId = null)
    {
        Environments.Spaces.Box box;
        int observationSize;
        try
        {
            using Environments.IEnvironment environment = EnvironmentFactory()();
            box = environment.ActionSpace;
            observationSize = environment.ObservationSpace.Dimension;
        }
        catch (ArgumentException e)
        {
            throw new RunStoreException($"{Path}: the run's environment '{Run.Environment}' cannot be made to read its action box: {e.Message}", e);
        }

        var builder = new TrajectoryBuilder(observationSize, box.Dimension);
        var unit = new float[box.Dimension];
        var rows = ReadAll(
            """
            SELECT e.id, e.agent, t.t, t.observation, t.action, t.reward, t.next_observation, t.terminated, t.truncated
            FROM transitions t JOIN episodes e ON e.id = t.episode_id
            WHERE e.evaluation_id IS $evaluation ORDER BY e.id, t.t
            """,
            reader => (Episode: reader.GetInt64(0), Agent: reader.GetInt32(1), Step: reader.GetInt32(2), Observation: Floats(reader, 3), Action: Floats(reader, 4),
                Reward: reader.GetFloat(5), Next: Floats(reader, 6), Terminated: reader.GetInt32(7) != 0, Truncated: reader.GetInt32(8) != 0),
            ("$evaluation", (object?)evaluationId ?? DBNull.Value));
        if (rows.Count == 0)
        {
            throw new RunStoreException(evaluationId is null
                ? $"{Path}: no training steps are recorded (the recorder keeps every N-th episode step by step only when its TransitionEpisodeInterval is set, e.g. mede train --record-every 10)."
                : $"{Path}: evaluation {evaluationId} has no recorded steps.");
        }

        foreach (var row in rows)
        {
            for (int i = 0; i < unit.Length; i++)
            {
                // The inverse of Box.FromUnitCube, clamped against rounding at the box's faces.
                unit[i] = Math.Clamp((2f * (row.Action[i] - box.Low[i]) / (box.High[i] - box.Low[i])) - 1f, -1f, 1f);
            }

            builder.Add(row.Observation, unit, row.Reward, row.Next, row.Terminated, row.Truncated, row.Agent, row.Episode, row.Step);
        }

        return builder.ToDataView();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!IsReadOnly)
        {
            try
            {
                // Fold the write-ahead log into the database so a finished run folder holds one file.
                Execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            catch (SqliteException)
            {
                // A full disk or a read-only folder: the log stays beside the database, which is still consistent.
            }
        }

        _connection.Dispose();
    }

    /// <summary>An empty store in memory for a digest (queries only; <see cref="Path"/> is the digest's file, whose
    /// folder names the run); fill it with <see cref="Load"/>.</summary>
    internal static RunStore InMemory(string digestPath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ":memory:", Pooling = false }.ToString());
        var store = new RunStore(digestPath, connection, readOnly: true) { IsDigest = true };
        try
        {
            connection.Open();
            store.Execute(RunStoreSchema.Create);
            store.Execute($"PRAGMA user_version = {RunStoreSchema.Version}");
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new RunStoreException($"{digestPath}: could not hold the digest in memory: {Describe(e)}", e);
        }

        return store;
    }

    /// <summary>Fills a store made by <see cref="InMemory"/> with a digest's rows.</summary>
    /// <exception cref="RunStoreException">An episode names an evaluation the digest does not have, or the overlap is not
    /// one of K x K values in [0, 1].</exception>
    internal void Load(RunRow run, IReadOnlyList<EvaluationRow> evaluations, IReadOnlyList<MetricRow> metrics, IReadOnlyList<EpisodeRow> episodes, double[,]? overlap)
    {
        var known = evaluations.Select(e => e.Id).ToHashSet();
        if (episodes.FirstOrDefault(e => e.EvaluationId >= 0 && !known.Contains(e.EvaluationId)) is { } orphan)
        {
            throw new RunStoreException($"{Path}: an episode of agent {orphan.Agent} belongs to evaluation {orphan.EvaluationId}, which the digest does not list.");
        }

        if (overlap is not null)
        {
            try
            {
                _digestOverlap = Evaluation.BehaviourOverlap.FromPairs(overlap);
            }
            catch (ArgumentException e)
            {
                throw new RunStoreException($"{Path}: 'overlap': {e.Message}", e);
            }
        }

        Query(() =>
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            Execute("""
                INSERT INTO runs (id, environment, algorithm, agents, seed, network, total_steps, options_json, code_version, started_at, ended_at, last_step)
                VALUES (1, $environment, $algorithm, $agents, $seed, $network, $steps, $options, $version, $started, $ended, $last)
                """,
                ("$environment", run.Environment), ("$algorithm", run.Algorithm), ("$agents", run.Agents), ("$seed", run.Seed),
                ("$network", run.Network), ("$steps", run.TotalSteps), ("$options", run.OptionsJson), ("$version", run.CodeVersion),
                ("$started", run.StartedAt), ("$ended", run.EndedAt.Length == 0 ? null : run.EndedAt), ("$last", run.LastStep < 0 ? null : run.LastStep));
            foreach (EvaluationRow e in evaluations)
            {
                Execute(
                    "INSERT INTO evaluations (id, step, episodes_per_agent, deterministic, created_at, complete) VALUES ($id, $step, $episodes, $deterministic, $created, $complete)",
                    ("$id", e.Id), ("$step", e.Step), ("$episodes", e.EpisodesPerAgent), ("$deterministic", e.Deterministic ? 1 : 0), ("$created", e.CreatedAt), ("$complete", e.Complete ? 1 : 0));
            }

            using (SqliteCommand insert = Command(
                "INSERT INTO metrics (step, name, agent, value) VALUES ($step, $name, $agent, $value)",
                ("$step", 0L), ("$name", string.Empty), ("$agent", null), ("$value", 0.0)))
            {
                foreach (MetricRow m in metrics)
                {
                    insert.Parameters["$step"].Value = m.Step;
                    insert.Parameters["$name"].Value = m.Name;
                    insert.Parameters["$agent"].Value = m.Agent < 0 ? DBNull.Value : m.Agent;
                    insert.Parameters["$value"].Value = m.Value;
                    insert.ExecuteNonQuery();
                }
            }

            using (SqliteCommand insert = Command(
                """
                INSERT INTO episodes (evaluation_id, step, agent, episode, episode_return, length, terminated, goal, has_transitions)
                VALUES ($evaluation, $step, $agent, $episode, $return, $length, $terminated, $goal, 0)
                """,
                ("$evaluation", null), ("$step", 0L), ("$agent", 0), ("$episode", 0L), ("$return", 0.0), ("$length", 0), ("$terminated", 0), ("$goal", -1)))
            {
                foreach (EpisodeRow e in episodes)
                {
                    insert.Parameters["$evaluation"].Value = e.EvaluationId < 0 ? DBNull.Value : e.EvaluationId;
                    insert.Parameters["$step"].Value = e.Step;
                    insert.Parameters["$agent"].Value = e.Agent;
                    insert.Parameters["$episode"].Value = e.Episode;
                    insert.Parameters["$return"].Value = e.Return;
                    insert.Parameters["$length"].Value = e.Length;
                    insert.Parameters["$terminated"].Value = e.Terminated ? 1 : 0;
                    insert.Parameters["$goal"].Value = e.Goal;
                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            return 0;
        });
    }

    internal static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Runs a write, turning SQLite and I/O errors into <see cref="RunStoreException"/>s naming the file.</summary>
    internal void Write(Action write)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            write();
        }
        catch (SqliteException e)
        {
            throw new RunStoreException($"{Path}: could not write the run store: {Describe(e)}", e);
        }
        catch (IOException e)
        {
            throw new RunStoreException($"{Path}: could not write the run store: {e.Message}", e);
        }
    }

    internal SqliteConnection Connection => _connection;

    internal void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    internal long InsertReturningId(string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = Command(sql + " RETURNING id", parameters);
        return (long)command.ExecuteScalar()!;
    }

    internal SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    internal static byte[] Bytes(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    internal static float[] Floats(SqliteDataReader reader, int column)
    {
        byte[] bytes = (byte[])reader.GetValue(column);
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    private static string Describe(SqliteException e) => e.SqliteErrorCode switch
    {
        13 => "the disk is full (SQLITE_FULL). " + e.Message,
        8 => "the file or its folder is read-only (SQLITE_READONLY). " + e.Message,
        14 => "the file cannot be opened; is the folder writable? (SQLITE_CANTOPEN). " + e.Message,
        10 => "an I/O error (SQLITE_IOERR; a full disk or a removed device). " + e.Message,
        _ => e.Message,
    };

    private static string Resolve(string pathOrFolder)
    {
        ArgumentNullException.ThrowIfNull(pathOrFolder);
        string path = Directory.Exists(pathOrFolder) ? PathIn(pathOrFolder) : pathOrFolder;
        if (!File.Exists(path))
        {
            throw new RunStoreException($"{path}: no run store here (runs written by mede train have {FileName} in their folder).");
        }

        return path;
    }

    private static RunStore Connect(string path, SqliteOpenMode mode)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        var store = new RunStore(path, connection, mode == SqliteOpenMode.ReadOnly);
        try
        {
            connection.Open();
            if (mode != SqliteOpenMode.ReadOnly)
            {
                store.Execute("PRAGMA journal_mode = WAL");
                store.Execute("PRAGMA synchronous = FULL");
            }

            store.Execute("PRAGMA busy_timeout = 5000");
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new RunStoreException($"{path}: could not open the run store: {Describe(e)}", e);
        }

        return store;
    }

    private void Validate()
    {
        long version = ReadAll("PRAGMA user_version", reader => reader.GetInt64(0))[0];
        long tables = ReadAll(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('runs', 'metrics', 'episodes', 'transitions', 'evaluations', 'flushes', 'partial_transitions')",
            reader => reader.GetInt64(0))[0];
        if (version != RunStoreSchema.Version || tables != 7)
        {
            throw new RunStoreException($"{Path}: not a Mede.ML run store of schema version {RunStoreSchema.Version} (user_version {version}, {tables} of its 7 tables).");
        }
    }

    private void ThrowIfReadOnly()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsReadOnly)
        {
            throw new InvalidOperationException($"{Path} was opened for queries; open it with OpenOrCreate or OpenForWriting to write.");
        }
    }

    private T Query<T>(Func<T> query)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return query();
        }
        catch (SqliteException e)
        {
            throw new RunStoreException($"{Path}: could not read the run store: {Describe(e)}", e);
        }
    }

    /// <summary>Runs a query and maps every row; SQLite errors become <see cref="RunStoreException"/>s naming the file.</summary>
    private List<T> ReadAll<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters) => Query(() =>
    {
        using SqliteCommand command = Command(sql, parameters);
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    });

    private RunRow ReadRun()
    {
        using SqliteCommand command = Command(
            "SELECT environment, algorithm, agents, seed, network, total_steps, options_json, code_version, started_at, ended_at, last_step FROM runs WHERE id = 1");
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new RunStoreException($"{Path}: the runs table is empty.");
        }

        return new RunRow
        {
            Name = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))) ?? string.Empty,
            Environment = reader.GetString(0),
            Algorithm = reader.GetString(1),
            Agents = reader.GetInt32(2),
            Seed = reader.GetInt32(3),
            Network = reader.GetString(4),
            TotalSteps = reader.GetInt64(5),
            OptionsJson = reader.GetString(6),
            CodeVersion = reader.GetString(7),
            StartedAt = reader.GetString(8),
            EndedAt = reader.IsDBNull(9) ? string.Empty : reader.GetString(9),
            LastStep = reader.IsDBNull(10) ? -1 : reader.GetInt64(10),
        };
    }
}
