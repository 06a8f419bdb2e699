using Mede.ML.Rollouts;

namespace Mede.ML.Training;

/// <summary>
/// Each agent's running episode (return, length), its episode count, the returns of its last few episodes, and
/// what goes to the recorder: every finished episode, and every step of every N-th episode of each agent.
/// </summary>
internal sealed class EpisodeBook
{
    /// <summary>How many recent episodes the progress line and the <c>return</c> metric average.</summary>
    public const int RecentEpisodes = 10;

    private readonly ITrainingRecorder? _recorder;
    private readonly double[] _returns;
    private readonly int[] _lengths;
    private readonly long[] _counts;
    private readonly double[,] _recent;

    public EpisodeBook(int agents, ITrainingRecorder? recorder)
    {
        _recorder = recorder;
        _returns = new double[agents];
        _lengths = new int[agents];
        _counts = new long[agents];
        _recent = new double[agents, RecentEpisodes];
    }

    /// <summary>Books one transition of agent <c>step.Agent</c>, taken at environment step <paramref name="step"/>.</summary>
    public void Add(in RolloutStep transition, long step)
    {
        int k = transition.Agent;
        if (_recorder is { TransitionEpisodeInterval: > 0 and int every } && _counts[k] % every == 0)
        {
            _recorder.RecordTransition(new TransitionRecord(k, _counts[k], _lengths[k], transition.Observation.ToArray(), transition.Action.ToArray(),
                transition.Reward, transition.NextObservation.ToArray(), transition.Terminated, transition.Truncated));
        }

        _returns[k] += transition.Reward;
        _lengths[k]++;
        if (!transition.Done)
        {
            return;
        }

        _recorder?.RecordEpisode(new EpisodeRecord(step + 1, k, _counts[k], _returns[k], _lengths[k], transition.Terminated, transition.Goal));
        _recent[k, _counts[k] % RecentEpisodes] = _returns[k];
        _counts[k]++;
        _returns[k] = 0;
        _lengths[k] = 0;
    }

    /// <summary>Mean return of each agent's last (up to 10) episodes; NaN before the first.</summary>
    public double[] RecentReturns()
    {
        int agents = _counts.Length;
        var result = new double[agents];
        for (int k = 0; k < agents; k++)
        {
            long n = Math.Min(_counts[k], RecentEpisodes);
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += _recent[k, i];
            }

            result[k] = n == 0 ? double.NaN : sum / n;
        }

        return result;
    }

    /// <summary>Writes agent <paramref name="agent"/>'s bookkeeping (checkpoints).</summary>
    public void Write(BinaryWriter writer, int agent)
    {
        writer.Write(_returns[agent]);
        writer.Write(_lengths[agent]);
        writer.Write(_counts[agent]);
        for (int i = 0; i < RecentEpisodes; i++)
        {
            writer.Write(_recent[agent, i]);
        }
    }

    /// <summary>Reads agent <paramref name="agent"/>'s bookkeeping.</summary>
    public void Read(BinaryReader reader, int agent)
    {
        _returns[agent] = reader.ReadDouble();
        _lengths[agent] = reader.ReadInt32();
        _counts[agent] = reader.ReadInt64();
        for (int i = 0; i < RecentEpisodes; i++)
        {
            _recent[agent, i] = reader.ReadDouble();
        }
    }
}
