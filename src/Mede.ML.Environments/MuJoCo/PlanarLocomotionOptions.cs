namespace Mede.ML.Environments.MuJoCo;

/// <summary>Options of a <see cref="PlanarLocomotion"/> task; the defaults are Gymnasium v4's
/// (<see cref="HopperOptions"/>, <see cref="Walker2dOptions"/>).</summary>
public abstract class PlanarLocomotionOptions
{
    /// <summary>Creates the options with the torso's healthy intervals of the task's v4 version.</summary>
    /// <param name="healthyZRange">The v4 interval of the torso height.</param>
    /// <param name="healthyAngleRange">The v4 interval of the torso angle.</param>
    private protected PlanarLocomotionOptions((double Low, double High) healthyZRange, (double Low, double High) healthyAngleRange)
    {
        HealthyZRange = healthyZRange;
        HealthyAngleRange = healthyAngleRange;
    }

    /// <summary>Weight of the forward velocity in the reward (v4: 1).</summary>
    public double ForwardRewardWeight { get; init; } = 1.0;

    /// <summary>Weight of the control cost |a|² (v4: 1e-3).</summary>
    public double ControlCostWeight { get; init; } = 1e-3;

    /// <summary>Reward for every step alive (v4: 1).</summary>
    public double HealthyReward { get; init; } = 1.0;

    /// <summary>End the episode (termination) when the body becomes unhealthy (v4: true).</summary>
    public bool TerminateWhenUnhealthy { get; init; } = true;

    /// <summary>Open interval of the torso height qpos[1] in metres (Hopper-v4: (0.7, ∞); Walker2d-v4: (0.8, 2)).</summary>
    public (double Low, double High) HealthyZRange { get; init; }

    /// <summary>Open interval of the torso angle qpos[2] in radians (Hopper-v4: (-0.2, 0.2); Walker2d-v4: (-1, 1)).</summary>
    public (double Low, double High) HealthyAngleRange { get; init; }

    /// <summary>Half-width of the uniform noise added to every qpos and qvel at reset (v4: 5e-3).</summary>
    public double ResetNoiseScale { get; init; } = 5e-3;

    /// <summary>Physics steps of 0.002 s per environment step (v4: 4, so one step is 0.008 s).</summary>
    public int FrameSkip { get; init; } = 4;

    /// <summary>Time limit in environment steps, a truncation (v4: 1000).</summary>
    public int MaxEpisodeSteps { get; init; } = 1000;

    /// <summary>Reject (default) or clip actions outside [-1, 1] in every dimension.</summary>
    public InvalidActionHandling InvalidActions { get; init; } = InvalidActionHandling.Reject;
}
