using Mede.ML.Environments.Spaces;

namespace Mede.ML.Environments;

/// <summary>
/// A Gymnasium-shaped environment: <see cref="Reset"/> starts an episode and writes the first observation,
/// <see cref="Step"/> applies an action and writes the next one. Observations and actions are flat float vectors
/// in caller-owned spans, so stepping allocates nothing. Time limits are truncation, never termination.
/// </summary>
/// <remarks>
/// Implement it through <see cref="EnvironmentBase"/>, which validates actions, counts steps, truncates at the
/// time limit and keeps the seeded random stream; run <see cref="Checking.EnvironmentChecker"/> on a new environment.
/// </remarks>
public interface IEnvironment : IDisposable
{
    /// <summary>A short name such as <c>multigoal</c> or <c>hopper</c>.</summary>
    string Name { get; }

    /// <summary>The observation space.</summary>
    Box ObservationSpace { get; }

    /// <summary>The action space (finite bounds).</summary>
    Box ActionSpace { get; }

    /// <summary>The time limit in steps; reaching it truncates the episode.</summary>
    int MaxEpisodeSteps { get; }

    /// <summary>Steps taken in the current episode.</summary>
    int ElapsedSteps { get; }

    /// <summary>Names of the reward terms, in the order of <see cref="RewardTerms"/>.</summary>
    IReadOnlyList<string> RewardTermNames { get; }

    /// <summary>The reward terms of the last step; they add up to its reward.</summary>
    ReadOnlySpan<float> RewardTerms { get; }

    /// <summary>Episodes this environment has ended because its simulation broke down
    /// (<see cref="StepResult.PhysicsFailure"/>), over its lifetime and across saved and loaded states; 0 for
    /// environments that never fail this way.</summary>
    long PhysicsFailures => 0;

    /// <summary>Whether the last observation value is the fraction of the time limit still left (1 at the start, 0 at
    /// the step that truncates), which makes the task Markov in time (Pardo et al. 2018, "Time Limits in
    /// Reinforcement Learning"). Learners must then end the soft Bellman backup at the time limit instead of
    /// bootstrapping through it (<c>BootstrapTimeLimits = false</c>): a state with no time left has no future.
    /// False unless an environment says so.</summary>
    bool ObservesRemainingTime => false;

    /// <summary>Starts an episode. A seed restarts the environment's random stream; <c>null</c> continues it.</summary>
    /// <param name="seed">The seed, or <c>null</c> to continue the current stream.</param>
    /// <param name="observation">Receives the first observation (length = observation dimension).</param>
    void Reset(ulong? seed, Span<float> observation);

    /// <summary>Applies <paramref name="action"/> and writes the next observation.</summary>
    /// <exception cref="ArgumentException">The action has the wrong length, holds NaN, or lies outside the box
    /// (unless the environment clips).</exception>
    /// <exception cref="InvalidOperationException">Step was called before Reset or after the episode ended.</exception>
    StepResult Step(ReadOnlySpan<float> action, Span<float> observation);

    /// <summary>Writes everything needed to continue the current episode exactly (state and random stream).</summary>
    void SaveState(BinaryWriter writer);

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    void LoadState(BinaryReader reader);
}
