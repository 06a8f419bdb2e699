namespace Mede.ML.Environments.MuJoCo;

/// <summary>
/// The quadruped shared by <see cref="Ant"/> and <see cref="MultiDirectionAntV4"/> (Gymnasium Ant-v4 dynamics through
/// MuJoCo 2.2.2); they differ only in the velocity they reward. (The paper's <see cref="MultiDirectionAnt"/> is a
/// different model and observation, from rllab's ant.)
/// Observation (27): qpos[2..15] (torso height, torso quaternion, eight joint angles; x and y are left out) and
/// qvel (14, unclipped). Action (8): hip and ankle torques in [-1, 1] (gear 150), in the order hip_4, ankle_4,
/// hip_1, ankle_1, hip_2, ankle_2, hip_3, ankle_3.
/// </summary>
/// <remarks>
/// <para>Reward r = w_s·speed + h − w_c·|a|² − w_k·Σ clip(cfrc_ext, −1, 1)², reported as the terms <c>speed</c>,
/// <c>healthy</c>, <c>control</c> and <c>contact</c> (costs negative), with h = 1, w_c = 0.5, w_k = 5e-4 (the contact
/// term is 0 unless <see cref="AntOptions.UseContactCost"/>). Contact forces come from <c>mj_rnePostConstraint</c>
/// after the step: MuJoCo 2.2's <c>mj_step</c> leaves <c>cfrc_ext</c> zero. The ant is healthy while qpos and qvel
/// are finite and 0.2 ≤ qpos[2] ≤ 1 (torso height, closed interval); the episode terminates when it is not. Reset:
/// initial pose plus U(−0.1, 0.1) on every qpos and 0.1·N(0, 1) on every qvel. Time limit 1000 steps (truncation).
/// Physics: RK4, time step 0.01 s, frame skip 5 (0.05 s per step).</para>
/// <para>Differences from Gymnasium, and why:
/// (1) the torso's displacement is read from qpos[0..2] after the step; Gymnasium reads the body position xpos,
/// which <c>mj_step</c> leaves one physics step (0.01 s) behind, so its velocity is that of a window shifted by one
/// sub-step — ours is the step's own;
/// (2) the random stream is Mede.ML's seeded xoshiro256** stream, not NumPy's;
/// (3) the model is this project's MJCF (<c>ant.xml</c>), physically identical to v4's, without rendering assets, and
/// with a sized arena (<c>&lt;size nconmax="32" njmax="120" nstack="15000"/&gt;</c>; 13 body geoms against the floor
/// give at most 25 contacts, and 20 000 random steps of an ant never terminated used at most 5 contacts, 26
/// constraint rows and 1070 stack doubles) instead of MuJoCo's 13 MB default;
/// (4) a MuJoCo bad-state warning (MuJoCo silently resets the state) ends the episode as a physics failure
/// (truncated, reward 0; see <see cref="MuJoCoEnvironment"/>);
/// (5) observations are float32, and contact forces are never part of them (v4's default).</para>
/// </remarks>
public abstract class AntEnvironment : MuJoCoEnvironment, ITravelEnvironment
{
    /// <summary>The embedded model's resource name.</summary>
    public const string ModelResource = "Mede.ML.Environments.MuJoCo.ant.xml";

    private static readonly string[] TermNames = ["speed", "healthy", "control", "contact"];

    private (double X, double Y) _start;

    /// <summary>Creates the ant over the shared model.</summary>
    /// <param name="name">The environment's short name.</param>
    /// <param name="options">The options.</param>
    private protected AntEnvironment(string name, AntOptions options)
        : base(name, MuJoCoModel.FromEmbeddedResource(ModelResource), 27, options.FrameSkip, options.MaxEpisodeSteps, TermNames, options.InvalidActions)
    {
        Options = options;
    }

    /// <summary>The options in force.</summary>
    public AntOptions Options { get; }

    /// <summary>The torso's (x, y) velocity over the last step in m/s.</summary>
    public (double X, double Y) TorsoVelocity { get; private set; }

    /// <summary>The control cost w_c·|a|² of the last step (subtracted from the reward).</summary>
    public double ControlCost { get; private set; }

    /// <summary>The contact cost of the last step (subtracted from the reward; 0 unless enabled).</summary>
    public double ContactCost { get; private set; }

    /// <summary>The healthy reward of a step: h while healthy, and also when unhealthiness terminates (Gymnasium's rule).</summary>
    public double HealthyReward => IsHealthy || Options.TerminateWhenUnhealthy ? Options.HealthyReward : 0.0;

    /// <summary>True while the state is finite and the torso height lies in the closed healthy interval.</summary>
    public bool IsHealthy
    {
        get
        {
            ReadOnlySpan<double> qpos = Simulation.Positions;
            foreach (double q in qpos)
            {
                if (!double.IsFinite(q))
                {
                    return false;
                }
            }

            foreach (double v in Simulation.Velocities)
            {
                if (!double.IsFinite(v))
                {
                    return false;
                }
            }

            return qpos[2] >= Options.HealthyZRange.Low && qpos[2] <= Options.HealthyZRange.High;
        }
    }

    /// <inheritdoc />
    public (double X, double Y) Travelled => (Simulation.Positions[0] - _start.X, Simulation.Positions[1] - _start.Y);

    /// <summary>The rewarded speed, from the torso's planar velocity (m/s).</summary>
    protected abstract double Speed(double vx, double vy);

    /// <inheritdoc />
    protected sealed override void ResetCore(Span<float> observation)
    {
        TorsoVelocity = (0, 0);
        ControlCost = 0;
        ContactCost = 0;
        Simulation.Reset();
        double s = Options.ResetNoiseScale;
        Span<double> qpos = Simulation.Positions;
        for (int i = 0; i < qpos.Length; i++)
        {
            qpos[i] += s * (2 * NextUniform() - 1);
        }

        Span<double> qvel = Simulation.Velocities;
        for (int i = 0; i < qvel.Length; i++)
        {
            qvel[i] += s * NextGaussian();
        }

        Simulation.Forward();
        _start = (qpos[0], qpos[1]);
        WritePositionsAndVelocities(observation, skipPositions: 2, velocityClip: double.PositiveInfinity);
    }

    /// <inheritdoc />
    protected override void LoadEnvironmentState(BinaryReader reader) => _start = (double.NaN, double.NaN);

    /// <inheritdoc />
    protected sealed override bool StepCore(ReadOnlySpan<float> action, Span<float> observation, Span<float> rewardTerms)
    {
        double xBefore = Simulation.Positions[0], yBefore = Simulation.Positions[1];
        DoSimulation(action);
        double vx = (Simulation.Positions[0] - xBefore) / StepSeconds;
        double vy = (Simulation.Positions[1] - yBefore) / StepSeconds;
        TorsoVelocity = (vx, vy);
        ControlCost = Options.ControlCostWeight * SquaredNorm(action);
        ContactCost = Options.UseContactCost ? Options.ContactCostWeight * SquaredClippedContactForces() : 0.0;

        rewardTerms[0] = (float)(Options.SpeedRewardWeight * Speed(vx, vy));
        rewardTerms[1] = (float)HealthyReward;
        rewardTerms[2] = (float)-ControlCost;
        rewardTerms[3] = (float)-ContactCost;
        WritePositionsAndVelocities(observation, skipPositions: 2, velocityClip: double.PositiveInfinity);
        return Options.TerminateWhenUnhealthy && !IsHealthy;
    }

    private double SquaredClippedContactForces()
    {
        // mj_step does not fill cfrc_ext in MuJoCo 2.2 (no force sensors in the model): compute it.
        Simulation.RnePostConstraint();
        var (low, high) = Options.ContactForceRange;
        double sum = 0;
        foreach (double f in Simulation.ExternalForces)
        {
            double c = Math.Clamp(f, low, high);
            sum += c * c;
        }

        return sum;
    }
}
