namespace Mede.ML.Policies;

/// <summary>A policy that maps an observation to an action in the environment's action box.</summary>
public interface IPolicy
{
    /// <summary>Observation length.</summary>
    int ObservationSize { get; }

    /// <summary>Action length.</summary>
    int ActionSize { get; }

    /// <summary>Writes the action for <paramref name="observation"/> into <paramref name="action"/>; allocates nothing.</summary>
    /// <param name="observation">The observation.</param>
    /// <param name="action">Receives the action, in the environment's units.</param>
    /// <param name="deterministic">Use the mode tanh(mean) instead of sampling.</param>
    void Act(ReadOnlySpan<float> observation, Span<float> action, bool deterministic);
}
