namespace Mede.ML.Training;

/// <summary>A finished episode of one agent.</summary>
/// <param name="Step">The environment step (all agents) at which it ended; 0 for evaluation episodes.</param>
/// <param name="Agent">The agent z.</param>
/// <param name="Index">The agent's episode number, from 0.</param>
/// <param name="Return">Sum of environment rewards (before reward scaling).</param>
/// <param name="Length">Steps in the episode.</param>
/// <param name="Terminated">True when it ended in a terminal state, false when truncated.</param>
/// <param name="GoalReached">The goal index reached (MultiGoal), or -1.</param>
public sealed record EpisodeRecord(long Step, int Agent, long Index, double Return, int Length, bool Terminated, int GoalReached);
