namespace Mede.ML.Algorithms;

/// <summary>What one gradient step of a network set measured.</summary>
/// <param name="CriticLoss">The twin critics' soft Bellman error (sum of both MSEs).</param>
/// <param name="PolicyLoss">The actor's loss.</param>
/// <param name="Alpha">The temperature after the step.</param>
/// <param name="Entropy">-mean log pi(a|s,z) of the batch's fresh actions.</param>
/// <param name="MeanQ">Mean min Q(s,a,z) at those actions.</param>
/// <param name="Discriminability">The discriminators' mean log-likelihoods when this step trained them (shared mode), else null.</param>
public readonly record struct UpdateMetrics(float CriticLoss, float PolicyLoss, float Alpha, float Entropy, float MeanQ, Discriminability? Discriminability = null);
