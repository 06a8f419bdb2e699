namespace Mede.ML.Environments.MuJoCo;

/// <summary>
/// Walker2d: a planar biped learns to walk forward (Gymnasium Walker2d-v4 semantics, through MuJoCo 2.2.2).
/// Observation (17): qpos[1..9] (torso height, torso angle, six joint angles; the x position is left out) and qvel
/// clipped to ±10. Action (6): torques of the right thigh, leg, foot, then the left ones, in [-1, 1] (gear 100).
/// </summary>
/// <remarks>
/// <para>Reward r = w_f·v_x + h − w_c·|a|², reported as the terms <c>forward</c>, <c>healthy</c> and <c>control</c>
/// (the last negative), where v_x = (x_after − x_before)/0.008 s, h = 1 and w_c = 1e-3. The walker is healthy while
/// 0.8 &lt; qpos[1] &lt; 2 (torso height, m) and −1 &lt; qpos[2] &lt; 1 (torso angle, rad); the episode terminates
/// when it is not. Reset: initial pose plus U(−5e-3, 5e-3) on every qpos and qvel. Time limit 1000 steps
/// (truncation). Physics: RK4, time step 0.002 s, frame skip 4.</para>
/// <para>Differences from Gymnasium, and why:
/// (1) the random stream is Mede.ML's seeded xoshiro256** stream, not NumPy's;
/// (2) the model is this project's MJCF (<c>walker2d.xml</c>), physically identical to v4's (including v4's
/// asymmetric foot friction, 0.9 right and 1.9 left) but in local coordinates, without rendering assets, and with a
/// sized arena (<c>&lt;size nconmax="24" njmax="100" nstack="20000"/&gt;</c>; only the floor collides with the
/// walker, and 20 000 random steps of a walker left to flail on the ground used at most 7 contacts, 31 constraint
/// rows and 649 stack doubles) instead of MuJoCo's 13 MB default;
/// (3) a MuJoCo bad-state warning (MuJoCo silently resets the state) ends the episode as a physics failure
/// (truncated, reward 0; see <see cref="MuJoCoEnvironment"/>);
/// (4) observations are float32.</para>
/// </remarks>
public sealed class Walker2d : PlanarLocomotion
{
    /// <summary>The embedded model's resource name.</summary>
    public const string ModelResource = "Mede.ML.Environments.MuJoCo.walker2d.xml";

    /// <summary>Creates a walker; the model is loaded once per process and shared.</summary>
    /// <param name="options">Reward weights, health bounds and limits; null for the v4 defaults.</param>
    /// <exception cref="MuJoCoException">MuJoCo 2.2.2 is missing (the message says how to install it).</exception>
    public Walker2d(Walker2dOptions? options = null)
        : this(options ?? new Walker2dOptions(), MuJoCoModel.FromEmbeddedResource(ModelResource))
    {
    }

    private Walker2d(Walker2dOptions options, MuJoCoModel model)
        : base("walker2d", model, 17, options)
    {
        Options = options;
    }

    /// <summary>The options in force.</summary>
    public Walker2dOptions Options { get; }

    /// <summary>True while the torso height and angle lie inside their open intervals.</summary>
    public override bool IsHealthy => TorsoInRange();
}
