namespace Mede.ML.Environments.MuJoCo;

/// <summary>Options of <see cref="Ant"/> (defaults: Gymnasium's Ant-v4) and, through
/// <see cref="MultiDirectionAntV4Options"/>, of <see cref="MultiDirectionAntV4"/>.</summary>
public class AntOptions
{
    /// <summary>Weight of the speed term in the reward (v4: 1).</summary>
    public double SpeedRewardWeight { get; init; } = 1.0;

    /// <summary>Weight of the control cost |a|² (v4: 0.5).</summary>
    public double ControlCostWeight { get; init; } = 0.5;

    /// <summary>Subtract the contact cost (v4: false, its <c>use_contact_forces</c> default; Ant-v2/v3 and the
    /// Multi-direction Ants: true).</summary>
    public bool UseContactCost { get; init; }

    /// <summary>Weight of the contact cost Σ clip(cfrc_ext, range)² over every body (v4: 5e-4).</summary>
    public double ContactCostWeight { get; init; } = 5e-4;

    /// <summary>Each external-force component is clipped to this range before squaring (v4: (-1, 1)).</summary>
    public (double Low, double High) ContactForceRange { get; init; } = (-1.0, 1.0);

    /// <summary>Reward for every step alive (v4: 1).</summary>
    public double HealthyReward { get; init; } = 1.0;

    /// <summary>End the episode (termination) when the ant becomes unhealthy (v4: true).</summary>
    public bool TerminateWhenUnhealthy { get; init; } = true;

    /// <summary>Closed interval of the torso height qpos[2] in metres (v4: [0.2, 1]).</summary>
    public (double Low, double High) HealthyZRange { get; init; } = (0.2, 1.0);

    /// <summary>Reset noise: U(-s, s) on every qpos and s·N(0, 1) on every qvel (v4: 0.1).</summary>
    public double ResetNoiseScale { get; init; } = 0.1;

    /// <summary>Physics steps of 0.01 s per environment step (v4: 5, so one step is 0.05 s).</summary>
    public int FrameSkip { get; init; } = 5;

    /// <summary>Time limit in environment steps, a truncation (v4: 1000).</summary>
    public int MaxEpisodeSteps { get; init; } = 1000;

    /// <summary>Reject (default) or clip actions outside [-1, 1]⁸.</summary>
    public InvalidActionHandling InvalidActions { get; init; } = InvalidActionHandling.Reject;
}
