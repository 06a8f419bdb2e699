namespace Mede.ML.Environments.MuJoCo;

/// <summary>
/// Ant: the quadruped learns to run forward along +x (Gymnasium Ant-v4 semantics); the speed term is the torso's x
/// velocity. See <see cref="AntEnvironment"/> for the observation, reward, health rule and every difference from
/// Gymnasium.
/// </summary>
public sealed class Ant : AntEnvironment
{
    /// <summary>Creates a forward-running ant; the model is loaded once per process and shared.</summary>
    /// <param name="options">Reward weights, health bounds and limits; null for the v4 defaults (no contact cost).</param>
    /// <exception cref="MuJoCoException">MuJoCo 2.2.2 is missing (the message says how to install it).</exception>
    public Ant(AntOptions? options = null)
        : base("ant", options ?? new AntOptions())
    {
    }

    /// <inheritdoc />
    protected override double Speed(double vx, double vy) => vx;
}
