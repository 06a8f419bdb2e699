namespace Mede.ML.Data;

/// <summary>
/// The content rules every trajectory row obeys, checked row by row in order: finite numbers, at most one of
/// Terminated and Truncated, non-negative steps, and consecutive steps within each (agent, episode).
/// Episodes may interleave (vectorised rollouts) and may start at any step (a window of a longer run).
/// </summary>
internal sealed class TrajectoryRowValidator
{
    private readonly Dictionary<(int Agent, long Episode), int> _lastStep = [];

    public TrajectoryIssue? Check(
        ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float reward, ReadOnlySpan<float> nextObservation,
        bool terminated, bool truncated, int agent, long episode, int step)
    {
        if (FindNonFinite(TrajectoryColumns.Observation, observation) is { } bad)
        {
            return bad;
        }

        if (FindNonFinite(TrajectoryColumns.Action, action) is { } badAction)
        {
            return badAction;
        }

        if (!float.IsFinite(reward))
        {
            return new TrajectoryIssue(TrajectoryColumns.Reward, -1, NonFinite(reward));
        }

        if (FindNonFinite(TrajectoryColumns.NextObservation, nextObservation) is { } badNext)
        {
            return badNext;
        }

        if (terminated && truncated)
        {
            return new TrajectoryIssue(TrajectoryColumns.Truncated, -1,
                "Terminated and Truncated are both true; a row ends its episode one way: Terminated for a terminal state, Truncated for a time limit. Clear one of them.");
        }

        if (step < 0)
        {
            return new TrajectoryIssue(TrajectoryColumns.Step, -1, $"step {step} is negative; steps count from 0.");
        }

        var key = (agent, episode);
        if (_lastStep.TryGetValue(key, out var last) && step != last + 1)
        {
            return new TrajectoryIssue(TrajectoryColumns.Step, -1,
                $"episode {episode} of agent {agent} has step {step} right after step {last}; the steps of an episode must be consecutive ({last + 1} expected). Fill the gap, order the rows by step, or give the rows their own episode id.");
        }

        _lastStep[key] = step;
        return null;
    }

    /// <summary>Forgets the episodes seen.</summary>
    public void Clear() => _lastStep.Clear();

    private static TrajectoryIssue? FindNonFinite(string column, ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return new TrajectoryIssue(column, i, NonFinite(values[i]));
            }
        }

        return null;
    }

    private static string NonFinite(float value) =>
        $"the value is {(float.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity")}; trajectories hold finite numbers only. Drop the row or fix the value where it was recorded.";
}
