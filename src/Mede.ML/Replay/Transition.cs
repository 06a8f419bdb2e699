namespace Mede.ML.Replay;

/// <summary>One stored transition (a copy, for inspection and tests).</summary>
/// <param name="Observation">s.</param>
/// <param name="Action">a.</param>
/// <param name="Reward">r.</param>
/// <param name="NextObservation">s'.</param>
/// <param name="Terminated">s' is terminal.</param>
/// <param name="Truncated">The episode was cut at s' by a time limit.</param>
/// <param name="Agent">The agent z that acted.</param>
public sealed record Transition(float[] Observation, float[] Action, float Reward, float[] NextObservation, bool Terminated, bool Truncated, int Agent);
