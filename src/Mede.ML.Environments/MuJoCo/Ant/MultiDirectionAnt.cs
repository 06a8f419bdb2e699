namespace Mede.ML.Environments.MuJoCo;

/// <summary>
/// Multi-direction Ant, the paper's diversity task: the ant is rewarded for speed in any direction of the ground
/// plane, speed = |v_xy| = √(v_x² + v_y²) of the torso, so distinct policies can each run a different way.
/// </summary>
/// <remarks>
/// Dynamics, observation (27), action (8), health rule, reset and time limit are Ant-v4's; see
/// <see cref="AntEnvironment"/>. Reward r = |v_xy| + 1 − 0.5·|a|² − 5e-4·Σ clip(cfrc_ext, −1, 1)²: the contact cost is
/// on by default (<see cref="MultiDirectionAntOptions"/>), as in the Ant models of the paper's time; Gymnasium has
/// no such environment, so this is the only place its reward departs from Ant-v4 (speed instead of x velocity,
/// contact cost on).
/// </remarks>
public sealed class MultiDirectionAnt : AntEnvironment
{
    /// <summary>Creates a multi-direction ant; the model is loaded once per process and shared.</summary>
    /// <param name="options">Reward weights, health bounds and limits; null for the defaults (contact cost on).</param>
    /// <exception cref="MuJoCoException">MuJoCo 2.2.2 is missing (the message says how to install it).</exception>
    public MultiDirectionAnt(MultiDirectionAntOptions? options = null)
        : base("multidirection-ant", options ?? new MultiDirectionAntOptions())
    {
    }

    /// <inheritdoc />
    protected override double Speed(double vx, double vy) => Math.Sqrt(vx * vx + vy * vy);
}
