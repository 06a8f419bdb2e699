namespace Mede.ML.Evaluation;

/// <summary>One agent's evaluation: the paper's Table 1 shape, and goal reaches on MultiGoal.</summary>
/// <param name="Agent">The agent z.</param>
/// <param name="Episodes">Episodes run.</param>
/// <param name="MeanReturn">Mean return.</param>
/// <param name="StdReturn">Standard deviation of the return (population).</param>
/// <param name="MaxReturn">Best return.</param>
/// <param name="GoalCounts">How often each goal was reached (MultiGoal), or null.</param>
public sealed record AgentEvaluation(int Agent, int Episodes, double MeanReturn, double StdReturn, double MaxReturn, IReadOnlyList<int>? GoalCounts)
{
    /// <summary>The policy's entropy over the states the agent visited, -mean log pi(a|s) of its sampled actions (in
    /// the policy's unit-cube coordinates, like the training metric <c>entropy</c>); null for deterministic runs.</summary>
    public double? PolicyEntropy { get; init; }

    /// <summary>The overlap of this agent's visited states with those of the agent most like it, in [0, 1]
    /// (<see cref="BehaviourOverlap.ClosestOverlap"/>); null when it could not be measured.</summary>
    public double? ClosestOverlap { get; init; }

    /// <summary>Which way the agent runs (<see cref="AgentTravel"/>), on tasks whose body travels over the floor in any
    /// direction; null elsewhere.</summary>
    public AgentTravel? Travel { get; init; }
}
