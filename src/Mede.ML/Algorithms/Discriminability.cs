namespace Mede.ML.Algorithms;

/// <summary>The mean log-likelihood of the true agent under both discriminators on one batch (the paper's Figure 2).</summary>
/// <param name="LogQStateAction">mean log q(z|s,a).</param>
/// <param name="LogQState">mean log q(z|s).</param>
public readonly record struct Discriminability(float LogQStateAction, float LogQState);
