using Mede.ML.Environments.MuJoCo.Native;

namespace Mede.ML.Environments.MuJoCo;

/// <summary>
/// One simulation of a shared <see cref="MuJoCoModel"/>: it owns an <c>mjData</c> (state, controls and every
/// derived quantity). Simulations of one model may step on different threads at once; one simulation may not.
/// </summary>
/// <remarks>
/// The spans returned here are views into MuJoCo's memory, valid until the simulation is disposed; they need no
/// pinning. After <see cref="Step"/>, Cartesian quantities such as <see cref="BodyPositions"/> are those computed
/// before the last integration (MuJoCo's <c>mj_step</c> integrates last); call <see cref="Kinematics"/> or
/// <see cref="Forward"/> when they must match qpos. <see cref="ExternalForces"/> is filled only by
/// <see cref="RnePostConstraint"/>.
/// </remarks>
public sealed unsafe class MuJoCoSimulation : IDisposable
{
    private readonly MjDataHandle _handle;

    internal MuJoCoSimulation(MuJoCoModel model)
    {
        Model = model;
        mjData* data = NativeMethods.mj_makeData(model.Native);
        if (data is null)
        {
            throw new MuJoCoException($"MuJoCo could not allocate data for model '{model.Source}' (out of memory?).");
        }

        _handle = new MjDataHandle(data);
    }

    /// <summary>The shared model.</summary>
    public MuJoCoModel Model { get; }

    /// <summary>Generalised positions (<c>qpos</c>, length nq). Writable.</summary>
    public Span<double> Positions => new(Native->qpos, Model.Native->nq);

    /// <summary>Generalised velocities (<c>qvel</c>, length nv). Writable.</summary>
    public Span<double> Velocities => new(Native->qvel, Model.Native->nv);

    /// <summary>Actuator controls (<c>ctrl</c>, length nu). Writable.</summary>
    public Span<double> Controls => new(Native->ctrl, Model.Native->nu);

    /// <summary>Actuator activations (<c>act</c>, length na; empty for plain motors). Writable.</summary>
    public Span<double> Activations => new(Native->act, Model.Native->na);

    /// <summary>The constraint solver's warm start (<c>qacc_warmstart</c>, length nv): part of the state needed to
    /// continue a simulation bit for bit.</summary>
    public Span<double> WarmStartAccelerations => new(Native->qacc_warmstart, Model.Native->nv);

    /// <summary>Cartesian body positions (<c>xpos</c>, nbody x 3, row-major).</summary>
    public ReadOnlySpan<double> BodyPositions => new(Native->xpos, Model.Native->nbody * 3);

    /// <summary>Cartesian body orientations (<c>xmat</c>, nbody x 9: each a row-major 3x3 rotation matrix).</summary>
    public ReadOnlySpan<double> BodyOrientations => new(Native->xmat, Model.Native->nbody * 9);

    /// <summary>Centre of mass of each body's subtree (<c>subtree_com</c>, nbody x 3), as of the last
    /// <see cref="Forward"/> (or step).</summary>
    public ReadOnlySpan<double> SubtreeCentersOfMass => new(Native->subtree_com, Model.Native->nbody * 3);

    /// <summary>Linear velocity of each body's subtree centre of mass (<c>subtree_linvel</c>, nbody x 3), as of the last
    /// <see cref="SubtreeVelocities"/>.</summary>
    public ReadOnlySpan<double> SubtreeLinearVelocities => new(Native->subtree_linvel, Model.Native->nbody * 3);

    /// <summary>External (contact) forces on each body's centre of mass (<c>cfrc_ext</c>, nbody x 6: torque then
    /// force), as of the last <see cref="RnePostConstraint"/>.</summary>
    public ReadOnlySpan<double> ExternalForces => new(Native->cfrc_ext, Model.Native->nbody * 6);

    /// <summary>Actuator forces (<c>actuator_force</c>, length nu).</summary>
    public ReadOnlySpan<double> ActuatorForces => new(Native->actuator_force, Model.Native->nu);

    /// <summary>Number of contacts found by the last collision pass.</summary>
    public int ContactCount => Native->ncon;

    /// <summary>Simulation time in seconds.</summary>
    public double Time
    {
        get => Native->time;
        set => Native->time = value;
    }

    /// <summary>Bytes this simulation holds: the <c>mjData</c> header, its buffer and its stack.</summary>
    public long AllocatedBytes => sizeof(mjData) + (long)Native->nbuffer + (long)Native->nstack * sizeof(double);

    /// <summary>The most stack (in doubles) any step has used, of <c>nstack</c>.</summary>
    public int MaxStackUse => Native->maxuse_stack;

    /// <summary>The most contacts any step has found, of <c>nconmax</c>.</summary>
    public int MaxContacts => Native->maxuse_con;

    /// <summary>The most constraint rows any step has used, of <c>njmax</c>.</summary>
    public int MaxConstraintRows => Native->maxuse_efc;

    internal mjData* Native => _handle.Pointer;

    /// <summary>Advances the physics by <paramref name="count"/> time steps (<c>mj_step</c>).</summary>
    public void Step(int count = 1)
    {
        mjModel* m = Model.Native;
        mjData* d = Native;
        for (int i = 0; i < count; i++)
        {
            NativeMethods.mj_step(m, d);
        }
    }

    /// <summary>Computes every derived quantity from the current state without integrating (<c>mj_forward</c>).</summary>
    public void Forward() => NativeMethods.mj_forward(Model.Native, Native);

    /// <summary>Computes Cartesian positions and orientations from qpos (<c>mj_kinematics</c>).</summary>
    public void Kinematics() => NativeMethods.mj_kinematics(Model.Native, Native);

    /// <summary>Computes <see cref="ExternalForces"/> and the other post-constraint forces (<c>mj_rnePostConstraint</c>);
    /// in MuJoCo 2.2 <c>mj_step</c> leaves them zero unless the model has force sensors.</summary>
    public void RnePostConstraint() => NativeMethods.mj_rnePostConstraint(Model.Native, Native);

    /// <summary>Computes <see cref="SubtreeLinearVelocities"/> (and the subtree angular momenta) from the current
    /// velocities (<c>mj_subtreeVel</c>); call it after <see cref="Forward"/>.</summary>
    public void SubtreeVelocities() => NativeMethods.mj_subtreeVel(Model.Native, Native);

    /// <summary>Resets to the model's initial state and clears the warning counters (<c>mj_resetData</c>).</summary>
    public void Reset() => NativeMethods.mj_resetData(Model.Native, Native);

    /// <summary>How many times MuJoCo raised a warning of this kind since the last reset.</summary>
    public int WarningCount(MuJoCoWarning kind) => Native->warning[CheckKind(kind)].number;

    /// <summary>MuJoCo's detail of the last warning of this kind since the last reset (for bad states: the index of the
    /// bad element of qpos, qvel or qacc).</summary>
    public int WarningInfo(MuJoCoWarning kind) => Native->warning[CheckKind(kind)].lastinfo;

    /// <summary>The first warning kind (other than visual-geom overflow) raised since the last reset, if any.</summary>
    /// <remarks>MuJoCo resets a simulation whose qpos, qvel or qacc went bad and only counts a warning; this is how to
    /// notice it.</remarks>
    public MuJoCoWarning? FindWarning()
    {
        mjData* d = Native;
        for (int i = 0; i < MjConstants.mjNWARNING; i++)
        {
            if (i != (int)MuJoCoWarning.VisualGeomFull && d->warning[i].number > 0)
            {
                return (MuJoCoWarning)i;
            }
        }

        return null;
    }

    /// <summary>Throws when <see cref="FindWarning"/> finds a warning; the message names the environment and step.</summary>
    /// <param name="environment">The environment name for the message.</param>
    /// <param name="step">The step number for the message.</param>
    /// <exception cref="MuJoCoException">A warning was raised.</exception>
    public void ThrowIfWarned(string environment, int step)
    {
        if (FindWarning() is MuJoCoWarning kind)
        {
            int info = Native->warning[(int)kind].lastinfo;
            string what = kind switch
            {
                MuJoCoWarning.BadPosition or MuJoCoWarning.BadVelocity or MuJoCoWarning.BadAcceleration =>
                    "the state became NaN, infinite or huge and MuJoCo silently reset the simulation",
                MuJoCoWarning.BadControl => "a control was NaN or huge and MuJoCo zeroed the controls",
                MuJoCoWarning.ContactFull or MuJoCoWarning.ConstraintFull =>
                    "the model's arena is too small and constraints were dropped; raise nconmax / njmax in its <size>",
                _ => "the physics is no longer trustworthy",
            };
            throw new MuJoCoException(
                $"Environment '{environment}', step {step}: MuJoCo warning {kind} (mjWARN index {(int)kind}, info {info}): " +
                $"{what}. End the episode and reset; if it recurs, check the actions and the model.");
        }
    }

    /// <summary>Releases the <c>mjData</c>.</summary>
    public void Dispose() => _handle.Dispose();

    private static int CheckKind(MuJoCoWarning kind)
    {
        ArgumentOutOfRangeException.ThrowIfNegative((int)kind, nameof(kind));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((int)kind, MjConstants.mjNWARNING, nameof(kind));
        return (int)kind;
    }
}
