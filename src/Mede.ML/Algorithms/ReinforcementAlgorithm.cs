namespace Mede.ML.Algorithms;

/// <summary>Which objective the agents optimise.</summary>
public enum ReinforcementAlgorithm
{
    /// <summary>Maximum Entropy Diverse Exploration: SAC whose soft value and policy loss carry
    /// alpha * beta * log q(z|s,a) from a state-action discriminator, with its gradient flowing into the action.</summary>
    Mede,

    /// <summary>DIAYN as a baseline: a state discriminator q(z|s) whose log-probability is added to the reward.</summary>
    Diayn,

    /// <summary>Soft actor-critic (SAC v2): one agent, no discriminator.</summary>
    Sac,
}
