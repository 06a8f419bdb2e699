namespace Mede.ML.Policies;

/// <summary>A policy that samples its actions and can say how likely each sample was: evaluation estimates each
/// agent's policy entropy from it, -E[log pi(a|s)] over the states the agent visits.</summary>
public interface IStochasticPolicy : IPolicy
{
    /// <summary>Samples an action, as <see cref="IPolicy.Act"/> with <c>deterministic: false</c> does, and returns its
    /// log-probability.</summary>
    /// <param name="observation">The observation.</param>
    /// <param name="action">Receives the action, in the environment's units.</param>
    /// <returns>log pi(a|s) of the action in the policy's own (unit-cube) coordinates: the density the training
    /// metric <c>entropy</c> is measured in.</returns>
    double Sample(ReadOnlySpan<float> observation, Span<float> action);
}
