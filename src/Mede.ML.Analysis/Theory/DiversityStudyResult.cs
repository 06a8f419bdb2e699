namespace Mede.ML.Analysis.Theory;

/// <summary>All starts of one <see cref="DiversityStudy"/> cell and their aggregates.</summary>
/// <param name="Agents">K.</param>
/// <param name="GoalCount">G, goals in the layout.</param>
/// <param name="DiscriminatorWeight">beta.</param>
/// <param name="StateDiscriminatorWeight">w.</param>
/// <param name="Starts">Per-start measurements.</param>
public sealed record DiversityStudyResult(
    int Agents, int GoalCount, double DiscriminatorWeight, double StateDiscriminatorWeight, IReadOnlyList<DiversityStartResult> Starts)
{
    /// <summary>u, the weight of the outcome term (0 without it; see <see cref="DiversityStudy.Options.OutcomeWeight"/>).</summary>
    public double OutcomeWeight { get; init; }

    /// <summary>min(K, G): the distinct goals a start needs to cover every goal it can.</summary>
    public int CoverableGoals => Math.Min(Agents, GoalCount);

    /// <summary>Mean distinct goals over starts.</summary>
    public double MeanDistinctGoals => Starts.Average(s => s.DistinctGoals);

    /// <summary>Share of starts whose agents take min(K, G) distinct goals (every goal when K &gt;= G).</summary>
    public double FullCoverageShare => Starts.Count(s => s.DistinctGoals == CoverableGoals) / (double)Starts.Count;

    /// <summary>Share of agents, over all starts, that take no goal.</summary>
    public double NoGoalShare => Starts.Sum(s => s.NoGoalAgents) / (double)Starts.Sum(s => s.Goals.Count);

    /// <summary>Share of starts in which two or more agents take the same goal.</summary>
    public double SharedGoalShare => Starts.Count(s => s.SharesAGoal) / (double)Starts.Count;

    /// <summary>Mean over starts of the mean pairwise visitation overlap.</summary>
    public double MeanOverlap => Starts.Average(s => s.MeanOverlap);

    /// <summary>Mean agent entropy under its visitation, over agents and starts (nats).</summary>
    public double MeanEntropy => Starts.Average(s => s.Entropies.Average());

    /// <summary>Mean agent soft return over pi*_soft's, over agents and starts.</summary>
    public double MeanSoftReturnRatio => Starts.Average(s => s.SoftReturnRatios.Average());

    /// <summary>Mean agent reward-only return over pi*_soft's, over agents and starts.</summary>
    public double MeanReturnRatio => Starts.Average(s => s.ReturnRatios.Average());

    /// <summary>The worst agent's reward-only return over pi*_soft's, over all starts.</summary>
    public double MinimumReturnRatio => Starts.Min(s => s.ReturnRatios.Min());

    /// <summary>Mean agent reward-only return over the optimal return, over agents and starts.</summary>
    public double MeanOptimalReturnRatio => Starts.Average(s => s.OptimalReturnRatios.Average());

    /// <summary>The worst agent's reward-only return over the optimal return, over all starts.</summary>
    public double MinimumOptimalReturnRatio => Starts.Min(s => s.OptimalReturnRatios.Min());

    /// <summary>Mean over starts of <see cref="DiversityStartResult.EndInformation"/>, I(Z; S_T) in nats (NaN when goals
    /// do not end the episode).</summary>
    public double MeanEndInformation => Starts.Average(s => s.EndInformation);

    /// <summary>Starts whose fixed point met its tolerance.</summary>
    public int ConvergedStarts => Starts.Count(s => s.Converged);
}
