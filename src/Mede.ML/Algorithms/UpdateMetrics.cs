namespace Mede.ML.Algorithms;

/// <summary>What one gradient step of a learner measured.</summary>
/// <param name="CriticLoss">Sum of the two critics' mean squared Bellman errors.</param>
/// <param name="PolicyLoss">The policy loss (Eq. 5 form for MEDE).</param>
/// <param name="Alpha">The entropy temperature after the step.</param>
/// <param name="Entropy">-mean log pi(a|s,z) of the fresh actions.</param>
/// <param name="MeanQ">Mean of min(Q1, Q2) at the fresh actions.</param>
public readonly record struct UpdateMetrics(float CriticLoss, float PolicyLoss, float Alpha, float Entropy, float MeanQ);
