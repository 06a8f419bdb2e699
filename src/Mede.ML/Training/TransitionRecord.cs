namespace Mede.ML.Training;

/// <summary>One recorded environment step of an episode.</summary>
/// <param name="Agent">The agent z.</param>
/// <param name="Episode">The agent's episode number, from 0 (the <see cref="EpisodeRecord.Index"/> of its episode).</param>
/// <param name="Time">The step within the episode, from 0.</param>
/// <param name="Observation">The observation s the agent acted on.</param>
/// <param name="Action">The action applied to the environment (in the environment's units).</param>
/// <param name="Reward">The environment's reward (before reward scaling).</param>
/// <param name="NextObservation">The observation s' the step led to.</param>
/// <param name="Terminated">True when s' is terminal.</param>
/// <param name="Truncated">True when the episode was cut at s' (time limit).</param>
public sealed record TransitionRecord(
    int Agent, long Episode, int Time, float[] Observation, float[] Action, float Reward, float[] NextObservation, bool Terminated, bool Truncated);
