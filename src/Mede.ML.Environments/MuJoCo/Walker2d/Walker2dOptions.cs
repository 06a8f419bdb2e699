namespace Mede.ML.Environments.MuJoCo;

/// <summary>Options of <see cref="Walker2d"/>; the defaults are Gymnasium's Walker2d-v4 (torso height in (0.8, 2), torso
/// angle in (-1, 1)).</summary>
public sealed class Walker2dOptions : PlanarLocomotionOptions
{
    /// <summary>Creates Walker2d-v4's options.</summary>
    public Walker2dOptions()
        : base(healthyZRange: (0.8, 2.0), healthyAngleRange: (-1.0, 1.0))
    {
    }
}
