namespace Mede.ML.Environments.MuJoCo;

/// <summary>
/// Multi-direction Ant as the paper ran it (registered as <c>multidirection-ant</c>): the SAC codebase's
/// <c>ant/multi-direction</c> task (haarnoja/sac <c>MultiDirectionAntEnv</c> on rllab's <c>AntEnv</c>), the one the
/// paper's reward scale 5 and alpha 1 belong to. The ant is rewarded for the speed of its centre of mass in any
/// direction of the ground plane, so distinct policies can each run a different way. The Ant-v4-based variant this
/// name used to denote is <see cref="MultiDirectionAntV4"/> (<c>multidirection-ant-v4</c>).
/// </summary>
/// <remarks>
/// <para>Model: rllab's ant (<c>multidirection-ant.xml</c>): Ant-v4's body, joints and gear 150, with contact softness
/// solref 0.02/1, solimp 0.8/0.8/0.01 and a 0.02 s RK4 time step, stepped once per environment step.</para>
/// <para>Observation (125 = <see cref="ObservationSize"/>), in this order: qpos (15: torso x, y, z, quaternion w, x, y, z,
/// then hip and ankle angles of legs 1-4), qvel (14), clip(cfrc_ext, −1, 1) of every body including the world
/// (14 x 6: torque then force), the torso's rotation matrix (9, row-major) and the centre of mass of the torso's
/// subtree, i.e. of the whole ant (3). Action (8): hip and ankle torques in [-1, 1], in the order hip_4, ankle_4,
/// hip_1, ankle_1, hip_2, ankle_2, hip_3, ankle_3.</para>
/// <para>Reward r = |v_xy| + 0.05 − 0.005·Σu² − 5e-4·Σ clip(cfrc_ext, −1, 1)², reported as the terms <c>speed</c>,
/// <c>survive</c>, <c>control</c> and <c>contact</c> (costs negative). v_xy is the instantaneous planar velocity of the
/// centre of mass of the torso's subtree after the step, as rllab's <c>get_body_comvel("torso")</c> computes it (the
/// mass-weighted mean of every body's velocity at its own centre of mass); the survive reward is paid on every step,
/// the terminal one included. Termination when the state is not finite or the torso height qpos[2] leaves [0.2, 1];
/// time limit 1000 steps (truncation). Reset: qpos = (0, 0, 0.55, 1, 0, 0, 0, 0, 1, 0, −1, 0, −1, 0, 1) + 0.01·N(0, 1)
/// on every component (the quaternion too, as rllab does; MuJoCo normalises it when it integrates), qvel = 0.1·N(0, 1).
/// After each step, as rllab's <c>forward_dynamics</c> calls <c>model.forward()</c>, every derived quantity is
/// recomputed for the new state, and the contact forces come from <c>mj_rnePostConstraint</c> (MuJoCo 1.31, which
/// rllab ran, filled <c>cfrc_ext</c> in <c>mj_forward</c>; 2.2 does not).</para>
/// <para>Differences from the paper's environment, and why: MuJoCo 2.2.2 instead of 1.31 (contact solver details
/// differ between the versions); Mede.ML's seeded random stream instead of NumPy's; float32 observations; a
/// MuJoCo bad-state reset ends the episode as a physics failure (see <see cref="MuJoCoEnvironment"/>).</para>
/// </remarks>
public sealed class MultiDirectionAnt : MuJoCoEnvironment, ITravelEnvironment
{
    /// <summary>The registered name.</summary>
    public const string EnvironmentName = "multidirection-ant";

    /// <summary>The embedded model's resource name.</summary>
    public const string ModelResource = "Mede.ML.Environments.MuJoCo.multidirection-ant.xml";

    /// <summary>Length of the observation: 15 + 14 + 14·6 + 9 + 3.</summary>
    public const int ObservationSize = 125;

    /// <summary>Where the clipped contact forces start in the observation.</summary>
    public const int ContactForcesOffset = 29;

    /// <summary>Where the torso's rotation matrix starts in the observation.</summary>
    public const int TorsoRotationOffset = 113;

    /// <summary>Where the ant's centre of mass starts in the observation.</summary>
    public const int CenterOfMassOffset = 122;

    private static readonly string[] TermNames = ["speed", "survive", "control", "contact"];

    // rllab's custom numeric init_qpos: torso at (0, 0, 0.55), upright, hips at 0, ankles at +1, -1, -1, +1 rad
    // (legs 1-4, each inside its joint range of 30-70 degrees in magnitude).
    private static readonly double[] StartPose = [0, 0, 0.55, 1, 0, 0, 0, 0, 1, 0, -1, 0, -1, 0, 1];

    private readonly int _torso;
    private (double X, double Y) _start;

    /// <summary>Creates the paper's multi-direction ant; the model is loaded once per process and shared.</summary>
    /// <param name="options">Reward weights, noise and limits; null for the SAC codebase's values.</param>
    /// <exception cref="MuJoCoException">MuJoCo 2.2.2 is missing (the message says how to install it).</exception>
    public MultiDirectionAnt(MultiDirectionAntOptions? options = null)
        : this(options ?? new MultiDirectionAntOptions(), MuJoCoModel.FromEmbeddedResource(ModelResource))
    {
    }

    private MultiDirectionAnt(MultiDirectionAntOptions options, MuJoCoModel model)
        : base(EnvironmentName, model, ObservationSize, options.FrameSkip, options.MaxEpisodeSteps, TermNames, options.InvalidActions)
    {
        Options = options;
        _torso = model.GetId(MuJoCoObjectType.Body, "torso");
        int size = model.PositionCount + model.VelocityCount + (6 * model.BodyCount) + 9 + 3;
        if (size != ObservationSize)
        {
            throw new MuJoCoException($"The model '{model.Source}' gives a {size}-value observation, not {ObservationSize}: it is not the multi-direction ant.");
        }
    }

    /// <summary>The options in force.</summary>
    public MultiDirectionAntOptions Options { get; }

    /// <summary>The start pose before noise (qpos, 15 values).</summary>
    public static ReadOnlySpan<double> StartPositions => StartPose;

    /// <summary>The planar velocity (m/s) of the ant's centre of mass after the last step: the velocity the speed term rewards.</summary>
    public (double X, double Y) CenterOfMassVelocity { get; private set; }

    /// <inheritdoc />
    public (double X, double Y) Travelled => (Simulation.Positions[0] - _start.X, Simulation.Positions[1] - _start.Y);

    /// <summary>The control cost w_c·Σu² of the last step (subtracted from the reward).</summary>
    public double ControlCost { get; private set; }

    /// <summary>The contact cost of the last step (subtracted from the reward).</summary>
    public double ContactCost { get; private set; }

    /// <summary>True while the state is finite and the torso height lies in the closed healthy interval.</summary>
    public bool IsHealthy
    {
        get
        {
            foreach (double q in Simulation.Positions)
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

            double z = Simulation.Positions[2];
            return z >= Options.HealthyZRange.Low && z <= Options.HealthyZRange.High;
        }
    }

    /// <inheritdoc />
    protected override void ResetCore(Span<float> observation)
    {
        CenterOfMassVelocity = (0, 0);
        ControlCost = 0;
        ContactCost = 0;
        Simulation.Reset();
        Span<double> qpos = Simulation.Positions;
        for (int i = 0; i < qpos.Length; i++)
        {
            qpos[i] = StartPose[i] + Options.PositionNoiseScale * NextGaussian();
        }

        Span<double> qvel = Simulation.Velocities;
        for (int i = 0; i < qvel.Length; i++)
        {
            qvel[i] = Options.VelocityNoiseScale * NextGaussian();
        }

        UpdateDerived();
        _start = (qpos[0], qpos[1]);
        WriteObservation(observation);
    }

    /// <inheritdoc />
    protected override void LoadEnvironmentState(BinaryReader reader) => _start = (double.NaN, double.NaN);

    /// <inheritdoc />
    protected override bool StepCore(ReadOnlySpan<float> action, Span<float> observation, Span<float> rewardTerms)
    {
        bool stepped = DoSimulation(action);
        UpdateDerived();
        WriteObservation(observation);
        if (!stepped)
        {
            // A physics failure: the base class ends the episode with a zero reward.
            return false;
        }

        ReadOnlySpan<double> velocity = Simulation.SubtreeLinearVelocities.Slice(3 * _torso, 3);
        CenterOfMassVelocity = (velocity[0], velocity[1]);
        ControlCost = Options.ControlCostWeight * SquaredNorm(action);
        ContactCost = Options.ContactCostWeight * SquaredClippedContactForces();

        rewardTerms[0] = (float)(Options.SpeedRewardWeight * Math.Sqrt(velocity[0] * velocity[0] + velocity[1] * velocity[1]));
        rewardTerms[1] = (float)Options.SurviveReward;
        rewardTerms[2] = (float)-ControlCost;
        rewardTerms[3] = (float)-ContactCost;
        return Options.TerminateWhenUnhealthy && !IsHealthy;
    }

    /// <summary>What rllab's <c>model.forward()</c> gave after a step or reset: positions, orientations, subtree centres
    /// of mass and velocities, and contact forces, all for the current state.</summary>
    private void UpdateDerived()
    {
        Simulation.Forward();
        Simulation.RnePostConstraint();
        Simulation.SubtreeVelocities();
    }

    private void WriteObservation(Span<float> observation)
    {
        WritePositionsAndVelocities(observation, skipPositions: 0, velocityClip: double.PositiveInfinity);
        var (low, high) = Options.ContactForceRange;
        ReadOnlySpan<double> forces = Simulation.ExternalForces;
        for (int i = 0; i < forces.Length; i++)
        {
            observation[ContactForcesOffset + i] = (float)Math.Clamp(forces[i], low, high);
        }

        ReadOnlySpan<double> rotation = Simulation.BodyOrientations.Slice(9 * _torso, 9);
        for (int i = 0; i < 9; i++)
        {
            observation[TorsoRotationOffset + i] = (float)rotation[i];
        }

        ReadOnlySpan<double> center = Simulation.SubtreeCentersOfMass.Slice(3 * _torso, 3);
        for (int i = 0; i < 3; i++)
        {
            observation[CenterOfMassOffset + i] = (float)center[i];
        }
    }

    private double SquaredClippedContactForces()
    {
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
