namespace Mede.ML.Analysis.Theory;

/// <summary>
/// The exact quantities and theorem residuals at a set of K agents' policies (normally a MEDE fixed point),
/// produced by <see cref="TheoremChecks.Evaluate(TabularMdp, MedeFixedPointResult, double)"/>. Each residual is
/// the largest absolute value over (s, a) and z.
/// </summary>
/// <remarks>
/// Names follow the <c>mede theory --json</c> keys: <c>theorem1</c>, <c>identity_star</c>, <c>theorem2</c>,
/// <c>theorem3</c>, <c>theorem2_on_support</c>, <c>theorem2_off_support</c>, <c>gap_s_minus_m</c>.
/// "On support" means pi_z(a|s) &gt;= <see cref="SupportThreshold"/>.
/// </remarks>
public sealed record TheoryReport
{
    /// <summary>Q*_soft, indexed [s, a] (counting measure, no bonus).</summary>
    public required double[,] QSoft { get; init; }

    /// <summary>Q*_z of each agent (soft value with bonus beta log p(z|s,a) + w log p(z|s), Eq. 6 at w = 0), indexed [z, s, a].</summary>
    public required double[,,] QAgents { get; init; }

    /// <summary>V*_z of each agent, indexed [z, s].</summary>
    public required double[,] VAgents { get; init; }

    /// <summary>S*_z from Eq. 9, indexed [z, s, a].</summary>
    public required double[,,] S { get; init; }

    /// <summary>M*_z from Eq. 11, indexed [z, s, a].</summary>
    public required double[,,] M { get; init; }

    /// <summary>Q_/z: soft Q of the mixture pi_/z under the counting-measure entropy, indexed [s, a].</summary>
    public required double[,] QMixture { get; init; }

    /// <summary>log p(z|s), indexed [z, s].</summary>
    public required double[,] LogStatePosterior { get; init; }

    /// <summary>log p(z|s,a) used for the agents' bonus (Bayes unless overridden), indexed [z, s, a].</summary>
    public required double[,,] LogActionPosterior { get; init; }

    /// <summary>log pi_/z(a|s), indexed [s, a].</summary>
    public required double[,] LogMixturePolicy { get; init; }

    /// <summary>beta used for Q*_z.</summary>
    public required double DiscriminatorWeight { get; init; }

    /// <summary>w, the weight on log p(z|s) in the agents' bonus used for Q*_z (0 for the paper's MEDE).</summary>
    public double StateDiscriminatorWeight { get; init; }

    /// <summary>Outer iterations of the fixed-point solver (0 when the policies were given directly).</summary>
    public required int Iterations { get; init; }

    /// <summary>Whether the fixed-point solver met its tolerance.</summary>
    public required bool Converged { get; init; }

    /// <summary>The smallest pi_z(a|s) (0 when it underflows).</summary>
    public required double MinimumPolicyProbability { get; init; }

    /// <summary>The smallest log pi_z(a|s), finite even when the probability underflows.</summary>
    public required double MinimumLogPolicy { get; init; }

    /// <summary>
    /// The smallest pi_z(a|s) over the states agent z actually visits: discounted visitation d_z(s) at least
    /// <see cref="TheoremChecks.VisitedStateThreshold"/>. Unvisited states can hold extreme probabilities that
    /// never matter to the agent's return.
    /// </summary>
    public required double MinimumVisitedPolicyProbability { get; init; }

    /// <summary>States at which no action is on the support of two agents (fully disjoint supports).</summary>
    public required int DisjointSupportStates { get; init; }

    /// <summary>max |pi_i(a|s) - pi_j(a|s)| over agent pairs, states and actions: 0 when all agents are equal.</summary>
    public required double AgentSpread { get; init; }

    /// <summary>Threshold on pi_z(a|s) separating on- from off-support pairs.</summary>
    public required double SupportThreshold { get; init; }

    /// <summary>Theorem 1: |symmetric KL - expected discriminator log-ratios| over states and agent pairs.</summary>
    public required double Theorem1 { get; init; }

    /// <summary>(*): |pi_/z(a|s) - exp(Q*_z(s,a) - V*_z(s)) p(z|s)|, every action.</summary>
    public required double IdentityStar { get; init; }

    /// <summary>(*) restricted to each agent's support.</summary>
    public required double IdentityStarOnSupport { get; init; }

    /// <summary>(*) restricted to pairs off each agent's support (0 if none).</summary>
    public required double IdentityStarOffSupport { get; init; }

    /// <summary>Theorem 2: |Q*_soft - Q*_z - S*_z|.</summary>
    public required double Theorem2 { get; init; }

    /// <summary>Theorem 2 restricted to each agent's support.</summary>
    public required double Theorem2OnSupport { get; init; }

    /// <summary>Theorem 2 off each agent's support (0 if none).</summary>
    public required double Theorem2OffSupport { get; init; }

    /// <summary>Theorem 3: |Q_/z - Q*_z - M*_z|.</summary>
    public required double Theorem3 { get; init; }

    /// <summary>|(-log pi_z + log p(z|s,a)) - (log p(z|s) - log pi_/z)|: the entropy-cancellation identity.</summary>
    public required double PosteriorIdentity { get; init; }

    /// <summary>|pi_z - exp(Q*_z - V*_z) p(z|s,a)^beta|: how far the policies are from Eq. 7.</summary>
    public required double FixedPoint { get; init; }

    /// <summary>The smallest S*_z - M*_z (Jensen: never below 0 up to rounding).</summary>
    public required double GapMinimum { get; init; }

    /// <summary>The largest S*_z - M*_z.</summary>
    public required double GapMaximum { get; init; }

    /// <summary><see cref="GapMaximum"/> / max |Q*_soft|.</summary>
    public required double GapRelative { get; init; }

    /// <summary>Per-agent support sizes and residuals.</summary>
    public required IReadOnlyList<TheoryAgentReport> Agents { get; init; }
}
