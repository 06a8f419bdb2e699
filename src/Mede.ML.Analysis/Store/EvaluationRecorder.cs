using Mede.ML.Evaluation;
using Mede.ML.Training;
using Microsoft.Data.Sqlite;

namespace Mede.ML.Analysis.Store;

/// <summary>
/// Records an evaluation's rollouts in full into the <see cref="RunStore"/>: each episode with all of its steps in one
/// transaction. <see cref="Complete"/> marks the evaluation whole; an interrupted one stays marked incomplete and
/// queries skip it. Like <see cref="RunStoreRecorder"/>, it stops recording on a write error and reports it through
/// <see cref="Failure"/> instead of stopping the evaluation.
/// </summary>
public sealed class EvaluationRecorder : IRolloutRecorder
{
    private readonly RunStore _store;
    private readonly Dictionary<int, List<TransitionRecord>> _steps = [];

    internal EvaluationRecorder(RunStore store, long id)
    {
        _store = store;
        Id = id;
    }

    /// <summary>The evaluation's id in the store.</summary>
    public long Id { get; }

    /// <summary>The error that stopped recording, or null.</summary>
    public RunStoreException? Failure { get; private set; }

    /// <inheritdoc />
    public void RecordTransition(TransitionRecord transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        if (transition.Time == 0 || !_steps.TryGetValue(transition.Agent, out List<TransitionRecord>? steps))
        {
            _steps[transition.Agent] = steps = [];
        }

        steps.Add(transition);
    }

    /// <inheritdoc />
    public void RecordEpisode(EpisodeRecord episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        _steps.Remove(episode.Agent, out List<TransitionRecord>? steps);
        if (Failure is not null)
        {
            return;
        }

        Guard(() =>
        {
            using SqliteTransaction transaction = _store.Connection.BeginTransaction();
            using (var writer = new EpisodeWriter(_store, transaction))
            {
                writer.Episode(Id, episode, steps);
            }

            transaction.Commit();
        });
    }

    /// <summary>Marks the evaluation complete.</summary>
    public void Complete()
    {
        if (Failure is null)
        {
            Guard(() => _store.Execute("UPDATE evaluations SET complete = 1 WHERE id = $id", ("$id", Id)));
        }
    }

    private void Guard(Action write)
    {
        try
        {
            _store.Write(write);
        }
        catch (RunStoreException e)
        {
            Failure = e;
        }
    }
}
