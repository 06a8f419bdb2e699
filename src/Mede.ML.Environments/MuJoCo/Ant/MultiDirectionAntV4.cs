namespace Mede.ML.Environments.MuJoCo;

/// <summary>
/// Multi-direction Ant on Gymnasium's Ant-v4 (registered as <c>multidirection-ant-v4</c>): Ant-v4's quadruped,
/// observation, costs and time step, rewarded for speed in any direction of the ground plane,
/// speed = |v_xy| = √(v_x² + v_y²) of the torso. This is NOT the paper's task: that one, from the SAC codebase the
/// paper built on, is <see cref="MultiDirectionAnt"/> (<c>multidirection-ant</c>), with a 125-value observation,
/// survive reward 0.05, control cost 0.005 and time step 0.02 s. Kept for runs made with it before, and for
/// comparisons on v4's dynamics.
/// </summary>
/// <remarks>
/// Dynamics, observation (27), action (8), health rule, reset and time limit are Ant-v4's; see
/// <see cref="AntEnvironment"/>. Reward r = |v_xy| + 1 − 0.5·|a|² − 5e-4·Σ clip(cfrc_ext, −1, 1)²: the contact cost is
/// on by default (<see cref="MultiDirectionAntV4Options"/>), as in the Ant models of the paper's time; Gymnasium has
/// no such environment, so this is the only place its reward departs from Ant-v4 (speed instead of x velocity,
/// contact cost on).
/// </remarks>
public sealed class MultiDirectionAntV4 : AntEnvironment
{
    /// <summary>The registered name.</summary>
    public const string EnvironmentName = "multidirection-ant-v4";

    /// <summary>Creates a multi-direction ant on Ant-v4; the model is loaded once per process and shared.</summary>
    /// <param name="options">Reward weights, health bounds and limits; null for the defaults (contact cost on).</param>
    /// <exception cref="MuJoCoException">MuJoCo 2.2.2 is missing (the message says how to install it).</exception>
    public MultiDirectionAntV4(MultiDirectionAntV4Options? options = null)
        : base(EnvironmentName, options ?? new MultiDirectionAntV4Options())
    {
    }

    /// <inheritdoc />
    protected override double Speed(double vx, double vy) => Math.Sqrt(vx * vx + vy * vy);
}
