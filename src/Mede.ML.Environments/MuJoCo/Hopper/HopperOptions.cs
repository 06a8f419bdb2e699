namespace Mede.ML.Environments.MuJoCo;

/// <summary>Options of <see cref="Hopper"/>; the defaults are Gymnasium's Hopper-v4 (torso height in (0.7, ∞), torso
/// angle in (-0.2, 0.2)).</summary>
public sealed class HopperOptions : PlanarLocomotionOptions
{
    /// <summary>Creates Hopper-v4's options.</summary>
    public HopperOptions()
        : base(healthyZRange: (0.7, double.PositiveInfinity), healthyAngleRange: (-0.2, 0.2))
    {
    }

    /// <summary>Open interval every entry of the state (qpos, qvel) after x and z must lie in (v4: (-100, 100)).</summary>
    public (double Low, double High) HealthyStateRange { get; init; } = (-100.0, 100.0);
}
