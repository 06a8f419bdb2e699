namespace Mede.ML.Rollouts;

/// <summary>One agent's transition of a <see cref="RolloutCollector.Step"/>, as views into the collector's buffers
/// (valid only during the handler call).</summary>
public readonly ref struct RolloutStep
{
    /// <summary>Creates the view.</summary>
    /// <param name="agent">The agent (the environment copy).</param>
    /// <param name="observation">s.</param>
    /// <param name="action">a, in the environment's units.</param>
    /// <param name="reward">r.</param>
    /// <param name="nextObservation">s': the state the action led to (the episode's last state when it ended).</param>
    /// <param name="terminated">Whether s' is terminal.</param>
    /// <param name="truncated">Whether the time limit cut the episode at s'.</param>
    /// <param name="goal">The goal reached at the end of the episode, or -1 (also when the episode goes on).</param>
    public RolloutStep(int agent, ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float reward, ReadOnlySpan<float> nextObservation, bool terminated, bool truncated, int goal)
    {
        Agent = agent;
        Observation = observation;
        Action = action;
        Reward = reward;
        NextObservation = nextObservation;
        Terminated = terminated;
        Truncated = truncated;
        Goal = goal;
    }

    /// <summary>The agent (the environment copy).</summary>
    public int Agent { get; }

    /// <summary>s.</summary>
    public ReadOnlySpan<float> Observation { get; }

    /// <summary>a, in the environment's units.</summary>
    public ReadOnlySpan<float> Action { get; }

    /// <summary>r.</summary>
    public float Reward { get; }

    /// <summary>s': the state the action led to (the episode's last state when it ended).</summary>
    public ReadOnlySpan<float> NextObservation { get; }

    /// <summary>Whether s' is terminal.</summary>
    public bool Terminated { get; }

    /// <summary>Whether the time limit cut the episode at s'.</summary>
    public bool Truncated { get; }

    /// <summary>Whether the episode ended at s'.</summary>
    public bool Done => Terminated || Truncated;

    /// <summary>The goal reached at the end of the episode (<see cref="Environments.IGoalEnvironment"/>), or -1.</summary>
    public int Goal { get; }
}
