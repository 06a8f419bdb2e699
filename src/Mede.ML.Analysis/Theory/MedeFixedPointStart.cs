namespace Mede.ML.Analysis.Theory;

/// <summary>Where the exact MEDE iteration starts.</summary>
public enum MedeFixedPointStart
{
    /// <summary>All agents equal (uniform policies); by symmetry they stay equal and reach pi*_soft.</summary>
    Symmetric,

    /// <summary>Independent random softmax policies per agent, drawn from the seed.</summary>
    Random,

    /// <summary>
    /// A random split of the soft-optimal policy: pi_z = pi*_soft (1 + c_z) with sum_z c_z = 0 and
    /// E_{pi*_soft}[c_z] = 0, so the agents average to pi*_soft and keep full support.
    /// </summary>
    Split,

    /// <summary>The policies in <see cref="MedeFixedPoint.Options.InitialLogPolicies"/>.</summary>
    Given,
}
