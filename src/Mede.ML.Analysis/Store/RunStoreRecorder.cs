using System.Diagnostics;
using Mede.ML.Training;
using Microsoft.Data.Sqlite;

namespace Mede.ML.Analysis.Store;

/// <summary>
/// Records a training run into its <see cref="RunStore"/>: metrics, finished episodes, and every
/// <see cref="TransitionEpisodeInterval"/>-th episode of each agent step by step. Rows are buffered and written in one
/// transaction per batch (<see cref="BatchRows"/> rows or <see cref="CommitInterval"/>, and at every
/// <see cref="Flush"/>); an episode and its transitions always land in the same transaction, so the store holds only
/// complete episodes. Each flush also keeps the steps of the episodes still in progress (table
/// <c>partial_transitions</c>, tagged with the flush's generation, which is part of <see cref="Position"/>), so a run
/// resumed from that checkpoint finishes them whole.
/// </summary>
/// <remarks>
/// When the store cannot be written (the disk is full, the file became read-only), the recorder stops recording,
/// keeps the database as the last committed batch left it, and reports the error once through <see cref="Failed"/>
/// and <see cref="Failure"/>: training goes on, and its checkpoints and CSV files are not affected.
/// </remarks>
public sealed class RunStoreRecorder : ITrainingRecorder
{
    private readonly RunStore _store;
    private readonly object _gate = new();
    private readonly List<(long Step, string Name, int? Agent, double Value)> _metrics = [];
    private readonly List<(EpisodeRecord Episode, List<TransitionRecord>? Transitions)> _episodes = [];
    private readonly Dictionary<int, List<TransitionRecord>?> _inProgress = [];
    private readonly Stopwatch _sinceCommit = Stopwatch.StartNew();
    private int _pendingRows;
    private long _lastStep = -1;
    private long[] _position;

    internal RunStoreRecorder(RunStore store, int transitionEpisodeInterval)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(transitionEpisodeInterval);
        _store = store;
        TransitionEpisodeInterval = transitionEpisodeInterval;
        _position = ReadPosition();
    }

    /// <summary>Raised once, when the store could not be written and recording stopped.</summary>
    public event Action<RunStoreException>? Failed;

    /// <inheritdoc />
    public int TransitionEpisodeInterval { get; }

    /// <summary>Rows buffered before a batch is written (default 2,000).</summary>
    public int BatchRows { get; set; } = 2_000;

    /// <summary>The longest time rows wait in the buffer (default 2 s).</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many flush generations keep their in-progress steps (older checkpoints resume without them).</summary>
    private const int PartialGenerationsKept = 16;

    /// <summary>The error that stopped recording, or null while it records.</summary>
    public RunStoreException? Failure { get; private set; }

    /// <summary>The ids of the last metric and training episode written at the last <see cref="Flush"/>, and that
    /// flush's generation.</summary>
    public IReadOnlyList<long> Position
    {
        get
        {
            lock (_gate)
            {
                return [.. _position];
            }
        }
    }

    /// <inheritdoc />
    public void RecordMetric(long step, string name, int? agent, double value)
    {
        lock (_gate)
        {
            if (Failure is not null)
            {
                return;
            }

            _metrics.Add((step, name, agent, value));
            _lastStep = Math.Max(_lastStep, step);
            _pendingRows++;
            CommitIfDue();
        }
    }

    /// <inheritdoc />
    public void RecordTransition(TransitionRecord transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        lock (_gate)
        {
            if (Failure is not null)
            {
                return;
            }

            _inProgress.TryGetValue(transition.Agent, out List<TransitionRecord>? steps);
            if (transition.Time == 0)
            {
                _inProgress[transition.Agent] = [transition];
            }
            else if (steps is not null && steps[^1].Episode == transition.Episode && steps[^1].Time == transition.Time - 1)
            {
                steps.Add(transition);
            }
            else
            {
                // The episode was not seen from its first step (the run was resumed in the middle of it): drop it.
                _inProgress[transition.Agent] = null;
            }
        }
    }

    /// <inheritdoc />
    public void RecordEpisode(EpisodeRecord episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        lock (_gate)
        {
            if (Failure is not null)
            {
                return;
            }

            List<TransitionRecord>? steps = null;
            if (_inProgress.Remove(episode.Agent, out List<TransitionRecord>? recorded) && recorded is not null
                && recorded[0].Episode == episode.Index && recorded.Count == episode.Length)
            {
                steps = recorded;
            }

            _episodes.Add((episode, steps));
            _lastStep = Math.Max(_lastStep, episode.Step);
            _pendingRows += 1 + (steps?.Count ?? 0);
            CommitIfDue();
        }
    }

    /// <summary>Writes the buffered rows in one transaction (synchronous=FULL: durable when this returns).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            Commit();
            if (Failure is null)
            {
                SavePartialEpisodes();
            }
        }
    }

    /// <summary>Deletes the metrics and training episodes (with their transitions) written after
    /// <paramref name="position"/>; evaluations stay.</summary>
    public void Rewind(IReadOnlyList<long> position)
    {
        ArgumentNullException.ThrowIfNull(position);
        if (position.Count == 0)
        {
            return;
        }

        if (position.Count != 3 || position[0] < 0 || position[1] < 0 || position[2] < 0)
        {
            throw new InvalidDataException($"A run store position is two row ids and a flush generation; got [{string.Join(", ", position)}].");
        }

        lock (_gate)
        {
            _metrics.Clear();
            _episodes.Clear();
            _inProgress.Clear();
            _pendingRows = 0;
            _store.Write(() =>
            {
                using SqliteTransaction transaction = _store.Connection.BeginTransaction();
                _store.Execute("DELETE FROM transitions WHERE episode_id IN (SELECT id FROM episodes WHERE id > $e AND evaluation_id IS NULL)", ("$e", position[1]));
                _store.Execute("DELETE FROM episodes WHERE id > $e AND evaluation_id IS NULL", ("$e", position[1]));
                _store.Execute("DELETE FROM metrics WHERE id > $m", ("$m", position[0]));
                _store.Execute("DELETE FROM partial_transitions WHERE generation > $g", ("$g", position[2]));
                _store.Execute("DELETE FROM flushes WHERE generation > $g", ("$g", position[2]));
                transaction.Commit();
                LoadPartialEpisodes(position[2]);
            });
            _position = [position[0], position[1], position[2]];
        }
    }

    private void CommitIfDue()
    {
        if (_pendingRows >= BatchRows || _sinceCommit.Elapsed >= CommitInterval)
        {
            Commit();
        }
    }

    private void Commit()
    {
        _sinceCommit.Restart();
        if (Failure is not null || (_metrics.Count == 0 && _episodes.Count == 0))
        {
            return;
        }

        try
        {
            _store.Write(() =>
            {
                using SqliteTransaction transaction = _store.Connection.BeginTransaction();
                using (var writer = new EpisodeWriter(_store, transaction))
                {
                    foreach (var (step, name, agent, value) in _metrics)
                    {
                        writer.Metric(step, name, agent, value);
                    }

                    foreach (var (episode, transitions) in _episodes)
                    {
                        writer.Episode(null, episode, transitions);
                    }
                }

                using (SqliteCommand update = _store.Command("UPDATE runs SET last_step = max(coalesce(last_step, -1), $step) WHERE id = 1", ("$step", _lastStep)))
                {
                    update.Transaction = transaction;
                    update.ExecuteNonQuery();
                }

                transaction.Commit();
            });
        }
        catch (RunStoreException e)
        {
            Failure = new RunStoreException($"{e.Message} Recording into the run store stopped near step {_lastStep:N0}; the rows written before are intact.", e.InnerException);
            Failed?.Invoke(Failure);
        }
        finally
        {
            _metrics.Clear();
            _episodes.Clear();
            _pendingRows = 0;
        }
    }

    private long[] ReadPosition()
    {
        long metrics = 0, episodes = 0, generation = 0;
        _store.Write(() =>
        {
            metrics = Scalar("SELECT coalesce(max(id), 0) FROM metrics");
            episodes = Scalar("SELECT coalesce(max(id), 0) FROM episodes WHERE evaluation_id IS NULL");
            generation = Scalar("SELECT coalesce(max(generation), 0) FROM flushes");
        });
        return [metrics, episodes, generation];
    }

    private long Scalar(string sql)
    {
        using SqliteCommand command = _store.Command(sql);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Starts a new flush generation holding the steps of the episodes in progress.</summary>
    private void SavePartialEpisodes()
    {
        try
        {
            _store.Write(() =>
            {
                long generation = Scalar("SELECT coalesce(max(generation), 0) FROM flushes") + 1;
                using SqliteTransaction transaction = _store.Connection.BeginTransaction();
                _store.Execute("INSERT INTO flushes (generation, step) VALUES ($g, $s)", ("$g", generation), ("$s", _lastStep));
                using (SqliteCommand insert = _store.Command("""
                    INSERT INTO partial_transitions (generation, agent, episode, t, observation, action, reward, next_observation, terminated, truncated)
                    VALUES ($g, $a, $e, $t, $o, $u, $r, $n, $x, $y)
                    """, ("$g", generation), ("$a", 0), ("$e", 0L), ("$t", 0), ("$o", Array.Empty<byte>()), ("$u", Array.Empty<byte>()), ("$r", 0f), ("$n", Array.Empty<byte>()), ("$x", 0), ("$y", 0)))
                {
                    insert.Transaction = transaction;
                    foreach (List<TransitionRecord>? steps in _inProgress.Values)
                    {
                        foreach (TransitionRecord t in steps ?? [])
                        {
                            insert.Parameters["$a"].Value = t.Agent;
                            insert.Parameters["$e"].Value = t.Episode;
                            insert.Parameters["$t"].Value = t.Time;
                            insert.Parameters["$o"].Value = RunStore.Bytes(t.Observation);
                            insert.Parameters["$u"].Value = RunStore.Bytes(t.Action);
                            insert.Parameters["$r"].Value = t.Reward;
                            insert.Parameters["$n"].Value = RunStore.Bytes(t.NextObservation);
                            insert.Parameters["$x"].Value = t.Terminated ? 1 : 0;
                            insert.Parameters["$y"].Value = t.Truncated ? 1 : 0;
                            insert.ExecuteNonQuery();
                        }
                    }
                }

                _store.Execute("DELETE FROM partial_transitions WHERE generation <= $old", ("$old", generation - PartialGenerationsKept));
                transaction.Commit();
            });
            _position = ReadPosition();
        }
        catch (RunStoreException e)
        {
            Failure = e;
            Failed?.Invoke(e);
        }
    }

    private void LoadPartialEpisodes(long generation)
    {
        using SqliteCommand select = _store.Command("""
            SELECT agent, episode, t, observation, action, reward, next_observation, terminated, truncated FROM partial_transitions
            WHERE generation = $g ORDER BY agent, t
            """, ("$g", generation));
        using SqliteDataReader reader = select.ExecuteReader();
        while (reader.Read())
        {
            var t = new TransitionRecord(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt32(2), RunStore.Floats(reader, 3), RunStore.Floats(reader, 4),
                reader.GetFloat(5), RunStore.Floats(reader, 6), reader.GetInt32(7) != 0, reader.GetInt32(8) != 0);
            if (t.Time == 0)
            {
                _inProgress[t.Agent] = [t];
            }
            else if (_inProgress.TryGetValue(t.Agent, out List<TransitionRecord>? steps) && steps is not null)
            {
                steps.Add(t);
            }
        }
    }
}
