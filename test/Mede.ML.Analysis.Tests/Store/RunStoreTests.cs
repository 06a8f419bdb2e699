using Mede.ML.Algorithms;
using Mede.ML.Analysis.Store;
using Mede.ML.Data;
using Mede.ML.Evaluation;
using Mede.ML.Training;
using Microsoft.Data.Sqlite;

namespace Mede.ML.Analysis.Tests.Store;

[TestClass]
public sealed class RunStoreTests
{
    [TestMethod]
    public void TrainingRun_StoreHoldsWhatTheTrainerReported_AndSampledEpisodesStepByStep()
    {
        string folder = StoreTestRuns.NewFolder("store-train");
        try
        {
            var memory = new MemoryRecorder();
            TrainingConfiguration options = StoreTestRuns.Tiny();
            StoreTestRuns.Train(folder, options, transitionInterval: 3, alongside: memory);

            using RunStore store = RunStore.Open(folder);
            Assert.AreEqual("ok", store.IntegrityCheck());
            RunRow run = store.Run;
            Assert.AreEqual("multigoal", run.Environment);
            Assert.AreEqual("MEDE", run.Algorithm);
            Assert.AreEqual(2, run.Agents);
            Assert.AreEqual(3, run.Seed);
            Assert.AreEqual(300, run.LastStep);
            Assert.AreNotEqual(string.Empty, run.EndedAt);
            StringAssert.Contains(run.OptionsJson, "\"Algorithm\":\"Mede\"");

            IReadOnlyList<MetricRow> metrics = store.Metrics();
            Assert.HasCount(memory.Metrics.Count, metrics);
            Assert.AreEqual(metrics.Count, metrics.Select(m => (m.Step, m.Name, m.Agent)).Distinct().Count(), "each metric once per step, the last step included");
            Assert.AreEqual(300, metrics.Max(m => m.Step));
            foreach (var (step, name, agent, value) in memory.Metrics)
            {
                Assert.IsTrue(metrics.Any(m => m.Step == step && m.Name == name && m.Agent == (agent ?? -1) && m.Value == value), $"{name} at {step}");
            }

            IReadOnlyList<EpisodeRow> episodes = store.Episodes();
            Assert.HasCount(memory.Episodes.Count, episodes);
            Assert.IsGreaterThan(4, episodes.Count);
            foreach (EpisodeRecord expected in memory.Episodes)
            {
                EpisodeRow row = episodes.Single(e => e.Agent == expected.Agent && e.Episode == expected.Index);
                Assert.AreEqual(expected.Return, row.Return);
                Assert.AreEqual(expected.Length, row.Length);
                Assert.AreEqual(expected.GoalReached, row.Goal);
                Assert.AreEqual(expected.Index % 3 == 0, row.HasTransitions, $"agent {row.Agent} episode {row.Episode}: every 3rd is recorded");
                if (row.HasTransitions)
                {
                    AssertWholeEpisode(store, row);
                }
            }

            CollectionAssert.IsSubsetOf(new[] { "alpha", "log_q_z_given_s", "log_q_z_given_sa", "return" }, store.MetricNames().ToList());
            Assert.AreEqual(metrics.Count(m => m.Name == "return" && m.Agent == 1), store.Series("return", 1).Count);
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void Evaluation_RecordedInFull_SummariesMatchTheReport()
    {
        string folder = StoreTestRuns.NewFolder("store-eval");
        try
        {
            TrainingConfiguration options = StoreTestRuns.Tiny(steps: 120);
            var ml = new MLContext(seed: 4);
            MedeTransformer model = ml.Reinforcement().Trainers.Create(options).Fit(ml.Reinforcement().Data.FromEnvironment(StoreTestRuns.MultiGoal()));
            EvaluationReport report;
            using (RunStore store = RunStore.OpenOrCreate(folder, options))
            {
                EvaluationRecorder evaluation = store.BeginEvaluation(120, episodesPerAgent: 3, deterministic: false);
                report = ml.Reinforcement().Evaluate(model, StoreTestRuns.MultiGoal(), episodes: 3, recorder: evaluation);
                evaluation.Complete();
                Assert.IsNull(evaluation.Failure);
            }

            using RunStore reader = RunStore.Open(folder);
            EvaluationRow latest = reader.LatestEvaluation()!;
            Assert.IsTrue(latest.Complete);
            Assert.AreEqual(120, latest.Step);
            IReadOnlyList<EpisodeRow> episodes = reader.Episodes(latest.Id);
            Assert.HasCount(6, episodes);
            foreach (EpisodeRow episode in episodes)
            {
                Assert.IsTrue(episode.HasTransitions);
                AssertWholeEpisode(reader, episode);
            }

            IReadOnlyList<AgentSummary> summaries = reader.AgentSummaries();
            Assert.HasCount(2, summaries);
            for (int k = 0; k < 2; k++)
            {
                Assert.AreEqual(report.Agents[k].MeanReturn, summaries[k].MeanReturn, 1e-9);
                Assert.AreEqual(report.Agents[k].MaxReturn, summaries[k].MaxReturn, 1e-9);
                Assert.AreEqual(report.Agents[k].StdReturn, summaries[k].StdReturn, 1e-9);
            }

            var paths = reader.Paths();
            Assert.HasCount(2, paths);
            Assert.HasCount(3, paths[0]);
            Assert.AreEqual(episodes[0].Length + 1, paths[0][0].Length, "a path is the start plus one position per step");
            Assert.IsEmpty(reader.Episodes(), "no training episodes were recorded");

            // The recorded steps in the trajectory schema go straight into the model's Transform.
            TrajectoryDataView steps = reader.TransitionsView(latest.Id);
            Assert.AreEqual(episodes.Sum(e => e.Length), steps.RowCount);
            CollectionAssert.AreEqual(
                new[] { "Observation", "Action", "Reward", "NextObservation", "Terminated", "Truncated", "Agent", "Episode", "Step" },
                steps.Schema.Select(c => c.Name).ToArray());
            IDataView scored = model.Transform(steps);
            Assert.AreEqual(NumberDataViewType.Single, scored.Schema["Q"].Type);
            var noTraining = Assert.ThrowsExactly<RunStoreException>(() => reader.TransitionsView());
            StringAssert.Contains(noTraining.Message, "no training steps are recorded");
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void ResumedRun_RewindsTheStore_SameRowsAsAStraightRun()
    {
        string straight = StoreTestRuns.NewFolder("store-straight");
        string resumed = StoreTestRuns.NewFolder("store-resumed");
        try
        {
            TrainingConfiguration options = StoreTestRuns.Tiny(steps: 300);
            StoreTestRuns.Train(straight, options, transitionInterval: 2);

            // Checkpoints at 100, 200 and 300 (all kept); resume from 100 so rows 101..300 must be rewound.
            options.CheckpointInterval = 100;
            options.CheckpointsToKeep = 5;
            options.CheckpointDirectory = Path.Combine(resumed, "checkpoints");
            StoreTestRuns.Train(resumed, options, transitionInterval: 2);
            string first = Directory.GetDirectories(options.CheckpointDirectory).Order(StringComparer.Ordinal).First();
            Assert.AreEqual(100, TrainingSession.ReadManifest(first).Step);
            using (RunStore store = RunStore.OpenOrCreate(resumed, options))
            {
                RunStoreRecorder recorder = store.CreateRecorder(2);
                using TrainingSession session = TrainingSession.Resume(first, StoreTestRuns.MultiGoal(), checkpointDirectory: Path.Combine(resumed, "more"), recorder: recorder);
                session.Run();
                recorder.Flush();
            }

            using RunStore a = RunStore.Open(straight);
            using RunStore b = RunStore.Open(resumed);
            Assert.AreEqual("ok", b.IntegrityCheck());
            CollectionAssert.AreEqual(Describe(a.Metrics()), Describe(b.Metrics()));
            var expected = a.Episodes().Select(e => (e.Agent, e.Episode, e.Return, e.Length, e.HasTransitions)).ToList();
            var actual = b.Episodes().Select(e => (e.Agent, e.Episode, e.Return, e.Length, e.HasTransitions)).ToList();
            CollectionAssert.AreEqual(expected, actual, "no episode duplicated or lost");
            foreach (EpisodeRow episode in b.Episodes().Where(e => e.HasTransitions))
            {
                AssertWholeEpisode(b, episode);
            }
        }
        finally
        {
            StoreTestRuns.Delete(straight);
            StoreTestRuns.Delete(resumed);
        }

        static List<string> Describe(IReadOnlyList<MetricRow> rows) => [.. rows.Select(m => $"{m.Step} {m.Name} {m.Agent} {m.Value:R}")];
    }

    [TestMethod]
    public void FullDisk_RecorderStopsWithAClearError_DatabaseStaysConsistent()
    {
        string folder = StoreTestRuns.NewFolder("store-full");
        try
        {
            TrainingConfiguration options = StoreTestRuns.Tiny(steps: 1_000);
            RunStoreException? reported = null;
            RunStoreRecorder recorder;
            using (RunStore store = RunStore.OpenOrCreate(folder, options))
            {
                // SQLite's own "database or disk is full": the file may not grow past its current pages plus a few.
                long pages = (long)new SqliteCommand("PRAGMA page_count", store.Connection).ExecuteScalar()!;
                store.Execute($"PRAGMA max_page_count = {pages + 10}");
                recorder = store.CreateRecorder(transitionEpisodeInterval: 1);
                recorder.BatchRows = 64;
                recorder.Failed += e => reported = e;
                using var session = new TrainingSession(options, StoreTestRuns.MultiGoal(), null, recorder);
                session.Run();
                recorder.Flush();
                Assert.AreEqual(1_000, session.Step, "training went on to the end");
            }

            Assert.IsNotNull(recorder.Failure);
            Assert.AreSame(recorder.Failure, reported, "reported once through the event");
            StringAssert.Contains(recorder.Failure.Message, Path.Combine(folder, "run.db"));
            StringAssert.Contains(recorder.Failure.Message, "disk is full");
            StringAssert.Contains(recorder.Failure.Message, "stopped near step");

            using RunStore reader = RunStore.Open(folder);
            Assert.AreEqual("ok", reader.IntegrityCheck());
            IReadOnlyList<EpisodeRow> episodes = reader.Episodes();
            Assert.IsGreaterThan(0, episodes.Count, "the batches before the disk filled are kept");
            foreach (EpisodeRow episode in episodes)
            {
                Assert.IsTrue(episode.HasTransitions);
                AssertWholeEpisode(reader, episode);
            }
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void OpenOrCreate_TableDroppedFromAnExistingStore_IsRefusedNotRecreatedEmpty()
    {
        string folder = StoreTestRuns.NewFolder("store-dropped");
        try
        {
            TrainingConfiguration options = StoreTestRuns.Tiny();
            StoreTestRuns.Train(folder, options, transitionInterval: 3);
            string path = Path.Combine(folder, "run.db");
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                new SqliteCommand("DROP TABLE metrics", connection).ExecuteNonQuery();
            }

            var e = Assert.ThrowsExactly<RunStoreException>(() => RunStore.OpenOrCreate(folder, options));
            StringAssert.Contains(e.Message, path);
            using (var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False"))
            {
                connection.Open();
                long tables = (long)new SqliteCommand("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'metrics'", connection).ExecuteScalar()!;
                Assert.AreEqual(0L, tables, "the dropped table was not created again, empty, beside the others' history");
            }
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void Open_MissingOrForeignFile_NamesTheFile()
    {
        string folder = StoreTestRuns.NewFolder("store-bad");
        try
        {
            var missing = Assert.ThrowsExactly<RunStoreException>(() => RunStore.Open(folder));
            StringAssert.Contains(missing.Message, Path.Combine(folder, "run.db"));
            StringAssert.Contains(missing.Message, "no run store");

            string garbage = Path.Combine(folder, "run.db");
            File.WriteAllText(garbage, "this is not a database, just text that is long enough to fill a header page.....");
            var foreign = Assert.ThrowsExactly<RunStoreException>(() => RunStore.Open(folder));
            StringAssert.Contains(foreign.Message, garbage);

            File.Delete(garbage);
            using (var other = new SqliteConnection($"Data Source={garbage};Pooling=False"))
            {
                other.Open();
                new SqliteCommand("CREATE TABLE t (x)", other).ExecuteNonQuery();
            }

            var notOurs = Assert.ThrowsExactly<RunStoreException>(() => RunStore.Open(garbage));
            StringAssert.Contains(notOurs.Message, "not a Mede.ML run store");
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void QueriesAsDataViews_HaveTypedColumns_AndExportToCsv()
    {
        string folder = StoreTestRuns.NewFolder("store-views");
        try
        {
            StoreTestRuns.Train(folder, StoreTestRuns.Tiny(steps: 200), transitionInterval: 0);
            using RunStore store = RunStore.Open(folder);
            Assert.ThrowsExactly<InvalidOperationException>(() => store.CreateRecorder());

            IDataView episodes = store.EpisodesView();
            Assert.AreEqual(NumberDataViewType.Double, episodes.Schema["Return"].Type);
            Assert.AreEqual(NumberDataViewType.Int64, episodes.Schema["Episode"].Type);
            Assert.AreEqual(BooleanDataViewType.Instance, episodes.Schema["HasTransitions"].Type);
            IDataView metrics = store.MetricsView("return");
            Assert.AreEqual(TextDataViewType.Instance, metrics.Schema["Name"].Type);

            var ml = new MLContext();
            List<MetricRow> back = [.. ml.Data.CreateEnumerable<MetricRow>(metrics, reuseRowObject: false)];
            Assert.HasCount(store.Metrics("return").Count, back);
            Assert.IsTrue(back.All(m => m.Name == "return"));

            string csv = Path.Combine(folder, "episodes.export.csv");
            episodes.SaveFlatCsv(csv);
            string[] lines = File.ReadAllLines(csv);
            Assert.AreEqual("Id,EvaluationId,Step,Agent,Episode,Return,Length,Terminated,Goal,HasTransitions", lines[0]);
            Assert.HasCount(store.Episodes().Count + 1, lines);

            // The same queries as DataFrames: every row (not ToDataFrame's default 100), in the invariant culture.
            Microsoft.Data.Analysis.DataFrame frame = store.EpisodesDataFrame();
            Assert.AreEqual((long)store.Episodes().Count, frame.Rows.Count);
            Assert.AreEqual(store.Episodes()[^1].Return, (double)frame["Return"][frame.Rows.Count - 1]!);
            Assert.AreEqual((long)store.Metrics("return").Count, store.MetricsDataFrame("return").Rows.Count);
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    /// <summary>An episode's transitions: t = 0..length-1, each next observation the following observation, flags only
    /// at the end.</summary>
    internal static void AssertWholeEpisode(RunStore store, EpisodeRow episode)
    {
        IReadOnlyList<TransitionRow> steps = store.Transitions(episode.Id);
        Assert.HasCount(episode.Length, steps, $"episode {episode.Id}");
        for (int t = 0; t < steps.Count; t++)
        {
            Assert.AreEqual(t, steps[t].Time);
            Assert.HasCount(2, steps[t].Observation);
            Assert.HasCount(2, steps[t].Action);
            if (t + 1 < steps.Count)
            {
                CollectionAssert.AreEqual(steps[t].NextObservation, steps[t + 1].Observation, $"episode {episode.Id} step {t}");
                Assert.IsFalse(steps[t].Terminated || steps[t].Truncated);
            }
        }

        Assert.AreEqual(episode.Terminated, steps[^1].Terminated);
        Assert.AreNotEqual(steps[^1].Terminated, steps[^1].Truncated);
        Assert.AreEqual(episode.Return, steps.Sum(s => (double)s.Reward), 1e-3);
    }
}
