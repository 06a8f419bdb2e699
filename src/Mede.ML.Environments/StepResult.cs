namespace Mede.ML.Environments;

/// <summary>What one environment step returns besides the next observation.</summary>
/// <param name="Reward">The reward r_t, the sum of the environment's reward terms.</param>
/// <param name="Terminated">The episode reached a terminal state of the MDP (no bootstrapping past it).</param>
/// <param name="Truncated">The episode was cut short (a time limit, or a <see cref="PhysicsFailure"/>): the next
/// state is not terminal and learners bootstrap from it.</param>
public readonly record struct StepResult(float Reward, bool Terminated, bool Truncated)
{
    /// <summary>True when the episode is over for either reason.</summary>
    public bool Done => Terminated || Truncated;

    /// <summary>True when the simulation broke down during this step (for MuJoCo: the state became NaN, infinite or
    /// huge and the engine reset it). The episode is then truncated with a zero reward, and its last transition says
    /// nothing about the task: learners should not store it. See <see cref="IEnvironment.PhysicsFailures"/>.</summary>
    public bool PhysicsFailure { get; init; }
}
