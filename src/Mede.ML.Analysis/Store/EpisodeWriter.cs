using Mede.ML.Training;
using Microsoft.Data.Sqlite;

namespace Mede.ML.Analysis.Store;

/// <summary>Prepared inserts for one transaction: metrics, episodes and their transitions.</summary>
internal sealed class EpisodeWriter : IDisposable
{
    private readonly SqliteCommand _metric;
    private readonly SqliteCommand _episode;
    private readonly SqliteCommand _transition;

    public EpisodeWriter(RunStore store, SqliteTransaction transaction)
    {
        _metric = Prepare(store, transaction, "INSERT INTO metrics (step, name, agent, value) VALUES ($a, $b, $c, $d)", 4);
        _episode = Prepare(store, transaction, """
            INSERT INTO episodes (evaluation_id, step, agent, episode, episode_return, length, terminated, goal, has_transitions)
            VALUES ($a, $b, $c, $d, $e, $f, $g, $h, $i) RETURNING id
            """, 9);
        _transition = Prepare(store, transaction, """
            INSERT INTO transitions (episode_id, t, observation, action, reward, next_observation, terminated, truncated)
            VALUES ($a, $b, $c, $d, $e, $f, $g, $h)
            """, 8);
    }

    public void Metric(long step, string name, int? agent, double value) =>
        Run(_metric, step, name, agent, value);

    /// <summary>Inserts an episode and, when they are complete, its transitions.</summary>
    public void Episode(long? evaluationId, EpisodeRecord episode, IReadOnlyList<TransitionRecord>? transitions)
    {
        bool complete = transitions is not null && transitions.Count == episode.Length;
        _episode.Parameters[0].Value = (object?)evaluationId ?? DBNull.Value;
        SetAll(_episode, 1, episode.Step, episode.Agent, episode.Index, episode.Return, episode.Length, episode.Terminated ? 1 : 0, episode.GoalReached, complete ? 1 : 0);
        long id = (long)_episode.ExecuteScalar()!;
        if (!complete)
        {
            return;
        }

        foreach (TransitionRecord t in transitions!)
        {
            Run(_transition, id, t.Time, RunStore.Bytes(t.Observation), RunStore.Bytes(t.Action), t.Reward, RunStore.Bytes(t.NextObservation),
                t.Terminated ? 1 : 0, t.Truncated ? 1 : 0);
        }
    }

    public void Dispose()
    {
        _metric.Dispose();
        _episode.Dispose();
        _transition.Dispose();
    }

    private static SqliteCommand Prepare(RunStore store, SqliteTransaction transaction, string sql, int parameters)
    {
        SqliteCommand command = store.Command(sql);
        command.Transaction = transaction;
        for (int i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + (char)('a' + i), DBNull.Value));
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        SetAll(command, 0, values);
        command.ExecuteNonQuery();
    }

    private static void SetAll(SqliteCommand command, int from, params object?[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters[from + i].Value = values[i] ?? DBNull.Value;
        }
    }
}
