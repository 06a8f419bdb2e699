using System.Diagnostics;
using Mede.ML.Analysis.Store;
using Mede.ML.Training;
using Microsoft.Data.Sqlite;

namespace Mede.ML.Cli.Bench;

/// <summary>
/// What the run store costs: transitions per second through <see cref="RunStoreRecorder"/> (episodes of whole steps,
/// batched transactions, synchronous=FULL) against a bare prepared-insert loop writing the same rows (an episode row,
/// then its steps) into the same tables in one transaction; and training steps per second with and without recording every episode step by step.
/// </summary>
internal static class StoreBenchmark
{
    public sealed record WriteResult(int Observation, int Action, long Transitions, double RecorderPerSecond, double BarePerSecond, double BytesPerTransition)
    {
        public double Ratio => RecorderPerSecond / BarePerSecond;
    }

    public sealed record TrainingResult(long Steps, double WithoutStorePerSecond, double WithStorePerSecond)
    {
        public double Ratio => WithStorePerSecond / WithoutStorePerSecond;
    }

    public static WriteResult Writes(int observation, int action, long transitions, int episodeLength = 200)
    {
        string folder = Directory.CreateTempSubdirectory("mede-bench-store-").FullName;
        try
        {
            var options = new TrainingConfiguration { Environment = "bench", NumberOfAgents = 4 };
            var rows = Enumerable.Range(0, episodeLength).Select(t => new TransitionRecord(0, 0, t, Fill(observation, t), Fill(action, t), 0.5f, Fill(observation, t + 1), false, false)).ToArray();

            double recorder, bare;
            long bytes;
            using (RunStore store = RunStore.OpenOrCreate(Path.Combine(folder, "a"), options))
            {
                RunStoreRecorder writer = store.CreateRecorder(transitionEpisodeInterval: 1);
                var clock = Stopwatch.StartNew();
                long written = 0;
                for (long episode = 0; written < transitions; episode++)
                {
                    int agent = (int)(episode % 4);
                    foreach (TransitionRecord row in rows)
                    {
                        writer.RecordTransition(row with { Agent = agent, Episode = episode / 4 });
                    }

                    writer.RecordEpisode(new EpisodeRecord(written, agent, episode / 4, 1.0, episodeLength, false, -1));
                    written += episodeLength;
                }

                writer.Flush();
                recorder = written / clock.Elapsed.TotalSeconds;
                if (writer.Failure is not null)
                {
                    throw writer.Failure;
                }
            }

            bytes = new FileInfo(Path.Combine(folder, "a", RunStore.FileName)).Length;
            string barePath;
            using (RunStore store = RunStore.OpenOrCreate(Path.Combine(folder, "b"), options))
            {
                barePath = store.Path;
            }

            // The same table, file settings and rows, written by one prepared statement in one transaction.
            using (var connection = new SqliteConnection($"Data Source={barePath};Pooling=False"))
            {
                connection.Open();
                using (SqliteCommand pragmas = connection.CreateCommand())
                {
                    pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
                    pragmas.ExecuteNonQuery();
                }

                var clock = Stopwatch.StartNew();
                long written = 0;
                using (SqliteTransaction transaction = connection.BeginTransaction())
                using (SqliteCommand insert = connection.CreateCommand())
                {
                    insert.Transaction = transaction;
                    insert.CommandText = """
                        INSERT INTO transitions (episode_id, t, observation, action, reward, next_observation, terminated, truncated)
                        VALUES ($e, $t, $o, $a, 0.5, $n, 0, 0)
                        """;
                    var e = insert.Parameters.Add("$e", SqliteType.Integer);
                    var t = insert.Parameters.Add("$t", SqliteType.Integer);
                    var o = insert.Parameters.Add("$o", SqliteType.Blob);
                    var a = insert.Parameters.Add("$a", SqliteType.Blob);
                    var n = insert.Parameters.Add("$n", SqliteType.Blob);
                    insert.Prepare();
                    using SqliteCommand header = connection.CreateCommand();
                    header.Transaction = transaction;
                    header.CommandText = """
                        INSERT INTO episodes (id, step, agent, episode, episode_return, length, terminated, goal, has_transitions)
                        VALUES ($id, 0, 0, $id, 1.0, $length, 0, -1, 1)
                        """;
                    var id = header.Parameters.Add("$id", SqliteType.Integer);
                    header.Parameters.AddWithValue("$length", episodeLength);
                    header.Prepare();
                    for (long episode = 1; written < transitions; episode++)
                    {
                        id.Value = episode;
                        header.ExecuteNonQuery();
                        foreach (TransitionRecord row in rows)
                        {
                            e.Value = episode;
                            t.Value = row.Time;
                            o.Value = Bytes(row.Observation);
                            a.Value = Bytes(row.Action);
                            n.Value = Bytes(row.NextObservation);
                            insert.ExecuteNonQuery();
                        }

                        written += episodeLength;
                    }

                    transaction.Commit();
                }

                bare = written / clock.Elapsed.TotalSeconds;
            }

            return new WriteResult(observation, action, transitions, recorder, bare, bytes / (double)transitions);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static TrainingResult Training(long steps)
    {
        string folder = Directory.CreateTempSubdirectory("mede-bench-train-").FullName;
        try
        {
            TrainingConfiguration options = TaskPresets.For("multigoal");
            options.TotalSteps = steps;
            // The preset's warm-up (16,000 random steps) is longer than the default case: learn for three quarters of
            // it, so recording is weighed against training, not against random steps alone.
            options.WarmupSteps = (int)Math.Min(options.WarmupSteps, steps / 4);
            options.Environment = "multigoal";
            var factory = Environments.EnvironmentRegistry.Factory("multigoal", options.EnvironmentOptions);
            double without = Measure(options, factory, null);
            using RunStore store = RunStore.OpenOrCreate(folder, options);
            RunStoreRecorder recorder = store.CreateRecorder(transitionEpisodeInterval: 1);
            double with = Measure(options, factory, recorder);
            return new TrainingResult(steps, without, with);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        static double Measure(TrainingConfiguration options, Func<Environments.IEnvironment> factory, ITrainingRecorder? recorder)
        {
            using var session = new TrainingSession(options, factory, null, recorder);
            var clock = Stopwatch.StartNew();
            session.Run();
            return session.Step / clock.Elapsed.TotalSeconds;
        }
    }

    private static float[] Fill(int size, int seed) => [.. Enumerable.Range(0, size).Select(i => (float)Math.Sin(seed + (i * 0.37)))];

    private static byte[] Bytes(float[] values) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
