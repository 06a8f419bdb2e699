namespace Mede.ML.Evaluation;

/// <summary>One agent's evaluation: the paper's Table 1 shape, and goal reaches on MultiGoal.</summary>
/// <param name="Agent">The agent z.</param>
/// <param name="Episodes">Episodes run.</param>
/// <param name="MeanReturn">Mean return.</param>
/// <param name="StdReturn">Standard deviation of the return (population).</param>
/// <param name="MaxReturn">Best return.</param>
/// <param name="GoalCounts">How often each goal was reached (MultiGoal), or null.</param>
public sealed record AgentEvaluation(int Agent, int Episodes, double MeanReturn, double StdReturn, double MaxReturn, IReadOnlyList<int>? GoalCounts);
