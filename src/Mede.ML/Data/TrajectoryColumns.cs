namespace Mede.ML.Data;

/// <summary>The column names of the trajectory schema (DESIGN.md); the names are API, files and views rely on them.</summary>
public static class TrajectoryColumns
{
    /// <summary>The observation s_t: <c>Vector&lt;Single, observation size&gt;</c>.</summary>
    public const string Observation = "Observation";

    /// <summary>The action a_t: <c>Vector&lt;Single, action size&gt;</c>.</summary>
    public const string Action = "Action";

    /// <summary>The reward r_t: <c>Single</c>.</summary>
    public const string Reward = "Reward";

    /// <summary>The observation s_{t+1} after the action: <c>Vector&lt;Single, observation size&gt;</c>.</summary>
    public const string NextObservation = "NextObservation";

    /// <summary>True when s_{t+1} is terminal (no bootstrapping past it): <c>Boolean</c>.</summary>
    public const string Terminated = "Terminated";

    /// <summary>True when the episode was cut short, by a time limit, at s_{t+1} (learners bootstrap): <c>Boolean</c>.</summary>
    public const string Truncated = "Truncated";

    /// <summary>The agent (skill z) that acted: <c>Int32</c>.</summary>
    public const string Agent = "Agent";

    /// <summary>The episode id; an episode is identified by agent and episode together: <c>Int64</c>.</summary>
    public const string Episode = "Episode";

    /// <summary>The 0-based step t within the episode, consecutive along the episode: <c>Int32</c>.</summary>
    public const string Step = "Step";
}
