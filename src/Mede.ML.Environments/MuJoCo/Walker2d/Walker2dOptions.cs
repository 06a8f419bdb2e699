namespace Mede.ML.Environments.MuJoCo;

/// <summary>Options of <see cref="Walker2d"/>; the defaults are Gymnasium's Walker2d-v4.</summary>
public sealed class Walker2dOptions
{
    /// <summary>Weight of the forward velocity in the reward (v4: 1).</summary>
    public double ForwardRewardWeight { get; init; } = 1.0;

    /// <summary>Weight of the control cost |a|² (v4: 1e-3).</summary>
    public double ControlCostWeight { get; init; } = 1e-3;

    /// <summary>Reward for every step alive (v4: 1).</summary>
    public double HealthyReward { get; init; } = 1.0;

    /// <summary>End the episode (termination) when the walker becomes unhealthy (v4: true).</summary>
    public bool TerminateWhenUnhealthy { get; init; } = true;

    /// <summary>Open interval of the torso height qpos[1] in metres (v4: (0.8, 2)).</summary>
    public (double Low, double High) HealthyZRange { get; init; } = (0.8, 2.0);

    /// <summary>Open interval of the torso angle qpos[2] in radians (v4: (-1, 1)).</summary>
    public (double Low, double High) HealthyAngleRange { get; init; } = (-1.0, 1.0);

    /// <summary>Half-width of the uniform noise added to every qpos and qvel at reset (v4: 5e-3).</summary>
    public double ResetNoiseScale { get; init; } = 5e-3;

    /// <summary>Physics steps of 0.002 s per environment step (v4: 4, so one step is 0.008 s).</summary>
    public int FrameSkip { get; init; } = 4;

    /// <summary>Time limit in environment steps, a truncation (v4: 1000).</summary>
    public int MaxEpisodeSteps { get; init; } = 1000;

    /// <summary>Reject (default) or clip actions outside [-1, 1]⁶.</summary>
    public InvalidActionHandling InvalidActions { get; init; } = InvalidActionHandling.Reject;
}
