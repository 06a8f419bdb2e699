namespace Mede.ML.Environments.MuJoCo;

/// <summary>
/// Hopper: a planar one-legged robot learns to hop forward (Gymnasium Hopper-v4 semantics, through MuJoCo 2.2.2).
/// Observation (11): qpos[1..6] (torso height, torso angle, three joint angles; the x position is left out) and qvel
/// clipped to ±10. Action (3): torques of thigh, leg and foot in [-1, 1] (gear 200).
/// </summary>
/// <remarks>
/// <para>Reward r = w_f·v_x + h − w_c·|a|², reported as the terms <c>forward</c>, <c>healthy</c> and <c>control</c>
/// (the last negative), where v_x = (x_after − x_before)/0.008 s is the torso's x velocity over the step, h = 1 and
/// w_c = 1e-3. The hopper is healthy while every entry of the state after x and z lies in (−100, 100), the torso
/// height qpos[1] &gt; 0.7 m and the torso angle |qpos[2]| &lt; 0.2 rad (all strict); the episode terminates when it
/// is not. Reset: initial pose plus U(−5e-3, 5e-3) on every qpos and qvel. Time limit 1000 steps (truncation).
/// Physics: RK4, time step 0.002 s, frame skip 4.</para>
/// <para>Differences from Gymnasium, and why:
/// (1) the random stream is Mede.ML's seeded xoshiro256** stream, not NumPy's, so the same seed gives a different
/// (but reproducible) start state;
/// (2) the model is this project's MJCF (<c>hopper.xml</c>), physically identical to v4's but written in local
/// coordinates, without rendering assets, and with a sized arena (<c>&lt;size nconmax="16" njmax="64"
/// nstack="20000"/&gt;</c>, against at most 5 contacts, 21 constraint rows and 381 stack doubles seen in 20 000 random
/// steps of a hopper left to flail on the ground) so that a simulation takes a fraction of a megabyte instead of
/// MuJoCo's default 13 MB;
/// (3) a MuJoCo bad-state warning (MuJoCo silently resets the state) ends the episode as a physics failure (truncated,
/// reward 0; see <see cref="MuJoCoEnvironment"/>) instead of passing unnoticed;
/// (4) observations are float32 (Gymnasium's are float64).</para>
/// </remarks>
public sealed class Hopper : PlanarLocomotion
{
    /// <summary>The embedded model's resource name.</summary>
    public const string ModelResource = "Mede.ML.Environments.MuJoCo.hopper.xml";

    /// <summary>Creates a hopper; the model is loaded once per process and shared.</summary>
    /// <param name="options">Reward weights, health bounds and limits; null for the v4 defaults.</param>
    /// <exception cref="MuJoCoException">MuJoCo 2.2.2 is missing (the message says how to install it).</exception>
    public Hopper(HopperOptions? options = null)
        : this(options ?? new HopperOptions(), MuJoCoModel.FromEmbeddedResource(ModelResource))
    {
    }

    private Hopper(HopperOptions options, MuJoCoModel model)
        : base("hopper", model, 11, options)
    {
        Options = options;
    }

    /// <summary>The options in force.</summary>
    public HopperOptions Options { get; }

    /// <summary>True while the state is in range, the torso high enough and upright enough (all bounds open).</summary>
    public override bool IsHealthy
    {
        get
        {
            ReadOnlySpan<double> qpos = Simulation.Positions;
            ReadOnlySpan<double> qvel = Simulation.Velocities;
            var (stateLow, stateHigh) = Options.HealthyStateRange;
            for (int i = 2; i < qpos.Length; i++)
            {
                if (!(qpos[i] > stateLow && qpos[i] < stateHigh))
                {
                    return false;
                }
            }

            foreach (double v in qvel)
            {
                if (!(v > stateLow && v < stateHigh))
                {
                    return false;
                }
            }

            return TorsoInRange();
        }
    }
}
