namespace Mede.ML.Evaluation;

/// <summary>The evaluation of a set of agents.</summary>
/// <param name="Agents">Per-agent results.</param>
/// <param name="Deterministic">Whether agents acted with their mode.</param>
/// <param name="DistinctGoals">Goals reached by at least one agent (MultiGoal), or null.</param>
public sealed record EvaluationReport(IReadOnlyList<AgentEvaluation> Agents, bool Deterministic, int? DistinctGoals)
{
    /// <summary>The pairwise overlap of the agents' visited states (<see cref="BehaviourOverlap"/>), or null with
    /// fewer than two agents or episodes.</summary>
    public BehaviourOverlap? Overlap { get; init; }
}
