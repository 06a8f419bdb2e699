using Mede.ML.Environments.Spaces;

namespace Mede.ML.Environments.MuJoCo;

/// <summary>
/// The shared half of the MuJoCo locomotion environments (Gymnasium's <c>MujocoEnv</c>): a shared model, an owned
/// simulation, frame skipping, reset noise and exact state checkpoints. Each environment adds its observation,
/// reward terms and health check.
/// </summary>
/// <remarks>
/// Every environment step applies the action as the controls, advances <see cref="FrameSkip"/> physics steps and then
/// checks MuJoCo's warning counters. MuJoCo silently resets a simulation whose qpos, qvel or qacc went bad (NaN,
/// infinite or beyond 1e10); that step ends the episode as a physics failure (truncated, reward 0,
/// <see cref="StepResult.PhysicsFailure"/>; see <see cref="EnvironmentBase"/> for the count and the limit on failures
/// in a row), so one unstable step costs one episode, not a long run. The other warnings (contacts or constraints
/// dropped, bad controls, singular inertia) say the model or the caller is wrong and raise a
/// <see cref="MuJoCoException"/> naming the environment, the step and the warning kind. An instance is not thread-safe; instances are independent and may step on different threads at once.
/// </remarks>
public abstract class MuJoCoEnvironment : EnvironmentBase
{
    private readonly MuJoCoSimulation _simulation;
    private bool _disposed;

    /// <summary>Creates the environment over a shared model.</summary>
    /// <param name="name">The environment's short name.</param>
    /// <param name="model">The shared model; the action space is its actuators' control ranges.</param>
    /// <param name="observationDimension">Length of the observation.</param>
    /// <param name="frameSkip">Physics steps per environment step.</param>
    /// <param name="maxEpisodeSteps">The time limit in environment steps (truncation).</param>
    /// <param name="rewardTermNames">Names of the reward terms.</param>
    /// <param name="invalidActions">Reject or clip actions outside the box.</param>
    protected MuJoCoEnvironment(
        string name,
        MuJoCoModel model,
        int observationDimension,
        int frameSkip,
        int maxEpisodeSteps,
        IReadOnlyList<string> rewardTermNames,
        InvalidActionHandling invalidActions)
        : base(
            name,
            Box.Uniform(observationDimension, float.NegativeInfinity, float.PositiveInfinity),
            ActuatorBox(model),
            maxEpisodeSteps,
            rewardTermNames,
            invalidActions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSkip, 1);
        Model = model;
        FrameSkip = frameSkip;
        _simulation = model.CreateSimulation();
        _simulation.Forward();
    }

    /// <summary>The shared, read-only model.</summary>
    public MuJoCoModel Model { get; }

    /// <summary>This environment's simulation. Writing to it changes the episode; see <see cref="SetState"/>.</summary>
    public MuJoCoSimulation Simulation => _simulation;

    /// <summary>Physics steps per environment step.</summary>
    public int FrameSkip { get; }

    /// <summary>Seconds of simulated time per environment step: frame skip x physics time step.</summary>
    public double StepSeconds => FrameSkip * Model.TimestepSeconds;

    /// <summary>Bytes of native memory this environment owns (its <c>mjData</c>); the model is shared.</summary>
    public long AllocatedBytes => _simulation.AllocatedBytes;

    /// <summary>Sets qpos and qvel (Gymnasium's <c>set_state</c>) and recomputes the derived quantities.</summary>
    /// <exception cref="ArgumentException">A length differs from nq or nv.</exception>
    public void SetState(ReadOnlySpan<double> positions, ReadOnlySpan<double> velocities)
    {
        if (positions.Length != Model.PositionCount || velocities.Length != Model.VelocityCount)
        {
            throw new ArgumentException(
                $"Environment '{Name}': SetState needs {Model.PositionCount} positions and {Model.VelocityCount} velocities, " +
                $"got {positions.Length} and {velocities.Length}.");
        }

        positions.CopyTo(_simulation.Positions);
        velocities.CopyTo(_simulation.Velocities);
        _simulation.Forward();
    }

    /// <summary>Resets the simulation to the model's initial state, adds uniform noise in [-scale, scale] to every
    /// position and velocity (Hopper and Walker2d), and recomputes derived quantities.</summary>
    protected void ResetWithUniformNoise(double positionScale, double velocityScale)
    {
        _simulation.Reset();
        Span<double> qpos = _simulation.Positions;
        for (int i = 0; i < qpos.Length; i++)
        {
            qpos[i] += positionScale * (2 * NextUniform() - 1);
        }

        Span<double> qvel = _simulation.Velocities;
        for (int i = 0; i < qvel.Length; i++)
        {
            qvel[i] += velocityScale * (2 * NextUniform() - 1);
        }

        _simulation.Forward();
    }

    /// <summary>Applies the action as the controls, advances <see cref="FrameSkip"/> physics steps, ends the episode as
    /// a physics failure when MuJoCo had to reset a bad state, and raises any other MuJoCo warning as an exception.</summary>
    /// <returns>False when the step was a physics failure (the simulation now holds MuJoCo's reset state).</returns>
    protected bool DoSimulation(ReadOnlySpan<float> action)
    {
        Span<double> ctrl = _simulation.Controls;
        for (int i = 0; i < ctrl.Length; i++)
        {
            ctrl[i] = action[i];
        }

        _simulation.Step(FrameSkip);
        if (_simulation.FindWarning() is MuJoCoWarning.BadPosition or MuJoCoWarning.BadVelocity or MuJoCoWarning.BadAcceleration)
        {
            MuJoCoWarning kind = _simulation.FindWarning()!.Value;
            ReportPhysicsFailure($"MuJoCo warning {kind} (element {_simulation.WarningInfo(kind)}): the state became NaN, infinite or huge and MuJoCo reset the simulation");
            return false;
        }

        _simulation.ThrowIfWarned(Name, ElapsedSteps);
        return true;
    }

    /// <summary>Sum of squared action components, |a|².</summary>
    protected static double SquaredNorm(ReadOnlySpan<float> action)
    {
        double sum = 0;
        foreach (float a in action)
        {
            sum += (double)a * a;
        }

        return sum;
    }

    /// <summary>Writes qpos[<paramref name="skipPositions"/>..] then qvel (each clipped to ±<paramref name="velocityClip"/>)
    /// into the observation.</summary>
    protected void WritePositionsAndVelocities(Span<float> observation, int skipPositions, double velocityClip)
    {
        ReadOnlySpan<double> qpos = _simulation.Positions;
        ReadOnlySpan<double> qvel = _simulation.Velocities;
        int k = 0;
        for (int i = skipPositions; i < qpos.Length; i++)
        {
            observation[k++] = (float)qpos[i];
        }

        for (int i = 0; i < qvel.Length; i++)
        {
            observation[k++] = (float)Math.Clamp(qvel[i], -velocityClip, velocityClip);
        }
    }

    /// <inheritdoc />
    protected override void SaveCoreState(BinaryWriter writer)
    {
        // qacc_warmstart is saved too: the constraint solver starts from it, so without it a restored episode would
        // drift from the original in the last bits.
        writer.Write(_simulation.Time);
        WriteArray(writer, _simulation.Positions);
        WriteArray(writer, _simulation.Velocities);
        WriteArray(writer, _simulation.Controls);
        WriteArray(writer, _simulation.Activations);
        WriteArray(writer, _simulation.WarmStartAccelerations);
        SaveEnvironmentState(writer);
    }

    /// <inheritdoc />
    protected override void LoadCoreState(BinaryReader reader)
    {
        _simulation.Reset();
        _simulation.Time = reader.ReadDouble();
        ReadArray(reader, _simulation.Positions, "qpos");
        ReadArray(reader, _simulation.Velocities, "qvel");
        ReadArray(reader, _simulation.Controls, "ctrl");
        ReadArray(reader, _simulation.Activations, "act");
        ReadArray(reader, _simulation.WarmStartAccelerations, "qacc_warmstart");
        // mj_forward refreshes the derived quantities (positions of bodies, contacts), but its constraint solver
        // also overwrites qacc_warmstart with this solve's result; put the saved one back, or the next step would
        // start its solver from a different point and drift in the last bits (seen with the Ant's contacts).
        double[] warmStart = _simulation.WarmStartAccelerations.ToArray();
        _simulation.Forward();
        warmStart.CopyTo(_simulation.WarmStartAccelerations);
        LoadEnvironmentState(reader);
    }

    /// <summary>Writes state a subclass keeps beyond the simulation; default: none.</summary>
    protected virtual void SaveEnvironmentState(BinaryWriter writer)
    {
    }

    /// <summary>Reads what <see cref="SaveEnvironmentState"/> wrote; default: none.</summary>
    protected virtual void LoadEnvironmentState(BinaryReader reader)
    {
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _simulation.Dispose();
        }

        _disposed = true;
        base.Dispose(disposing);
    }

    private static Box ActuatorBox(MuJoCoModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ReadOnlySpan<double> range = model.ControlRanges;
        var low = new float[model.ActuatorCount];
        var high = new float[model.ActuatorCount];
        for (int i = 0; i < low.Length; i++)
        {
            low[i] = (float)range[2 * i];
            high[i] = (float)range[2 * i + 1];
        }

        return new Box(low, high);
    }

    private static void WriteArray(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        writer.Write(values.Length);
        foreach (double v in values)
        {
            writer.Write(v);
        }
    }

    private void ReadArray(BinaryReader reader, Span<double> destination, string what)
    {
        int n = reader.ReadInt32();
        if (n != destination.Length)
        {
            throw new InvalidDataException($"Saved state of '{Name}' has {n} values of {what}, the model has {destination.Length}.");
        }

        for (int i = 0; i < n; i++)
        {
            destination[i] = reader.ReadDouble();
        }
    }
}
