namespace Mede.ML.Analysis.Theory;

/// <summary>One agent's part of a <see cref="TheoryReport"/>: its support and its residuals on and off it.</summary>
/// <param name="Agent">z.</param>
/// <param name="SupportSize">Number of (s, a) with pi_z(a|s) at or above the report's support threshold.</param>
/// <param name="MinimumProbability">The smallest pi_z(a|s).</param>
/// <param name="IdentityStarOnSupport">Largest |pi_/z - exp(Q*_z - V*_z) p(z|s)| over the agent's support.</param>
/// <param name="IdentityStarOffSupport">The same off the support (0 when the support is everything).</param>
/// <param name="Theorem2OnSupport">Largest |Q*_soft - Q*_z - S*_z| over the agent's support.</param>
/// <param name="Theorem2OffSupport">The same off the support (0 when the support is everything).</param>
public sealed record TheoryAgentReport(
    int Agent,
    int SupportSize,
    double MinimumProbability,
    double IdentityStarOnSupport,
    double IdentityStarOffSupport,
    double Theorem2OnSupport,
    double Theorem2OffSupport);
