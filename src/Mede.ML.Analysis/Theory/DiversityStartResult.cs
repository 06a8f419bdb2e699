namespace Mede.ML.Analysis.Theory;

/// <summary>One random start of a <see cref="DiversityStudy"/> cell.</summary>
/// <param name="Seed">The start's seed.</param>
/// <param name="Iterations">Fixed-point iterations run.</param>
/// <param name="Converged">Whether the fixed point met its tolerance.</param>
/// <param name="Goals">Per agent, the goal it takes (index into the layout's goals) or -1.</param>
/// <param name="DistinctGoals">Number of distinct goals taken.</param>
/// <param name="MeanOverlap">Mean pairwise Bhattacharyya coefficient of the agents' visitations.</param>
/// <param name="Entropies">Per agent, the policy entropy averaged under its visitation (nats).</param>
/// <param name="SoftReturnRatios">Per agent, its soft return over pi*_soft's.</param>
/// <param name="ReturnRatios">Per agent, its reward-only return over pi*_soft's.</param>
public sealed record DiversityStartResult(
    int Seed,
    int Iterations,
    bool Converged,
    IReadOnlyList<int> Goals,
    int DistinctGoals,
    double MeanOverlap,
    IReadOnlyList<double> Entropies,
    IReadOnlyList<double> SoftReturnRatios,
    IReadOnlyList<double> ReturnRatios)
{
    /// <summary>Per agent, its reward-only return over the optimal (entropy-free) return; empty when not measured.</summary>
    public IReadOnlyList<double> OptimalReturnRatios { get; init; } = [];

    /// <summary>I(Z; S_T) in nats: the mutual information between the agent (uniform over K) and the terminal state
    /// its episode ends in, from the exact end probabilities (<see cref="EpisodeEnds"/>); log K when every end
    /// identifies its agent, 0 when all agents end alike. NaN when goals do not end the episode.</summary>
    public double EndInformation { get; init; } = double.NaN;

    /// <summary>Agents that take no goal.</summary>
    public int NoGoalAgents => Goals.Count(g => g < 0);

    /// <summary>Whether two or more agents take the same goal.</summary>
    public bool SharesAGoal
    {
        get
        {
            var taken = Goals.Where(g => g >= 0).ToList();
            return taken.Distinct().Count() < taken.Count;
        }
    }
}
