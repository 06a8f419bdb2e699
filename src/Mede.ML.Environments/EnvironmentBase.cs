using Mede.ML.Environments.Spaces;
using Mede.ML.Internal;

namespace Mede.ML.Environments;

/// <summary>
/// The shared half of every environment: action validation, step counting, time-limit truncation, the seeded
/// random stream and state checkpointing. A subclass writes only its dynamics in <see cref="ResetCore"/> and
/// <see cref="StepCore"/>, and its own state in <see cref="SaveCoreState"/> / <see cref="LoadCoreState"/>.
/// </summary>
/// <remarks>
/// <para>Physics failures: a subclass whose simulation breaks down during a step (MuJoCo's bad-state reset) calls
/// <see cref="ReportPhysicsFailure"/> from <see cref="StepCore"/>. The step then returns a truncated episode with a
/// zero reward and <see cref="StepResult.PhysicsFailure"/> set, <see cref="PhysicsFailures"/> counts it and
/// <see cref="LastPhysicsFailure"/> says what happened; the caller resets as after any episode. One unstable step
/// thus costs one episode, not a long run. When <see cref="MaxConsecutivePhysicsFailures"/> episodes in a row end this
/// way the step throws a <see cref="PhysicsFailureException"/> instead: something (the actions, the model) keeps
/// breaking the physics, and going on would only hide it.</para>
/// </remarks>
public abstract class EnvironmentBase : IEnvironment
{
    /// <summary>The default of <see cref="MaxConsecutivePhysicsFailures"/>: ten episodes in a row. A healthy run sees
    /// none; a run whose every episode breaks the physics stops after ten instead of counting for hours.</summary>
    public const int DefaultMaxConsecutivePhysicsFailures = 10;

    private readonly float[] _action;
    private readonly float[] _rewardTerms;
    private readonly string[] _rewardTermNames;
    private Xoshiro256 _random;
    private bool _episodeOver = true;
    private bool _physicsFailed;
    private long _physicsFailures;
    private int _consecutivePhysicsFailures;
    private int _maxConsecutivePhysicsFailures = DefaultMaxConsecutivePhysicsFailures;

    /// <summary>Initialises the shared state.</summary>
    /// <param name="name">The environment's short name.</param>
    /// <param name="observationSpace">The observation box.</param>
    /// <param name="actionSpace">The action box; its bounds must be finite.</param>
    /// <param name="maxEpisodeSteps">The time limit in steps (truncation).</param>
    /// <param name="rewardTermNames">Names of the reward terms that <see cref="StepCore"/> fills.</param>
    /// <param name="invalidActions">Reject or clip actions outside the box.</param>
    protected EnvironmentBase(
        string name,
        Box observationSpace,
        Box actionSpace,
        int maxEpisodeSteps,
        IReadOnlyList<string> rewardTermNames,
        InvalidActionHandling invalidActions = InvalidActionHandling.Reject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(observationSpace);
        ArgumentNullException.ThrowIfNull(actionSpace);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpisodeSteps, 1);
        if (!actionSpace.IsBounded)
        {
            throw new ArgumentException($"Environment '{name}': the action space must have finite bounds, got {actionSpace}.");
        }

        Name = name;
        ObservationSpace = observationSpace;
        ActionSpace = actionSpace;
        MaxEpisodeSteps = maxEpisodeSteps;
        InvalidActions = invalidActions;
        _rewardTermNames = rewardTermNames.ToArray();
        _rewardTerms = new float[_rewardTermNames.Length];
        _action = new float[actionSpace.Dimension];
        _random = new Xoshiro256(0);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Box ObservationSpace { get; }

    /// <inheritdoc />
    public Box ActionSpace { get; }

    /// <inheritdoc />
    public int MaxEpisodeSteps { get; }

    /// <inheritdoc />
    public int ElapsedSteps { get; private set; }

    /// <summary>How actions outside the box are handled.</summary>
    public InvalidActionHandling InvalidActions { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> RewardTermNames => _rewardTermNames;

    /// <inheritdoc />
    public ReadOnlySpan<float> RewardTerms => _rewardTerms;

    /// <inheritdoc />
    public long PhysicsFailures => _physicsFailures;

    /// <inheritdoc />
    public virtual bool ObservesRemainingTime => false;

    /// <summary>What the last physics failure was (environment, step, cause), or null if there was none.</summary>
    public string? LastPhysicsFailure { get; private set; }

    /// <summary>How many episodes in a row may end in a physics failure before <see cref="Step"/> throws a
    /// <see cref="PhysicsFailureException"/> (default <see cref="DefaultMaxConsecutivePhysicsFailures"/>). An
    /// episode that ends any other way starts the count again.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxConsecutivePhysicsFailures
    {
        get => _maxConsecutivePhysicsFailures;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxConsecutivePhysicsFailures = value;
        }
    }

    /// <inheritdoc />
    public void Reset(ulong? seed, Span<float> observation)
    {
        CheckLength(observation.Length, ObservationSpace.Dimension, "observation buffer");
        if (seed is ulong s)
        {
            _random = new Xoshiro256(s);
        }

        ElapsedSteps = 0;
        Array.Clear(_rewardTerms);
        ResetCore(observation);
        _episodeOver = false;
    }

    /// <inheritdoc />
    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (_episodeOver)
        {
            throw new InvalidOperationException(
                $"Environment '{Name}': Step was called {(ElapsedSteps == 0 ? "before Reset" : "after the episode ended")}; call Reset first.");
        }

        CheckLength(action.Length, ActionSpace.Dimension, "action");
        CheckLength(observation.Length, ObservationSpace.Dimension, "observation buffer");
        ValidateAction(action);

        ElapsedSteps++;
        Array.Clear(_rewardTerms);
        _physicsFailed = false;
        bool terminated = StepCore(_action, observation, _rewardTerms);
        if (_physicsFailed)
        {
            return EndWithPhysicsFailure();
        }

        float reward = 0f;
        for (int i = 0; i < _rewardTerms.Length; i++)
        {
            reward += _rewardTerms[i];
        }

        // A time limit truncates; a terminal state on the last step is still termination.
        bool truncated = !terminated && ElapsedSteps >= MaxEpisodeSteps;
        _episodeOver = terminated || truncated;
        if (_episodeOver)
        {
            _consecutivePhysicsFailures = 0;
        }

        return new StepResult(reward, terminated, truncated);
    }

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var (s0, s1, s2, s3) = _random.State;
        writer.Write(Name);
        writer.Write(s0);
        writer.Write(s1);
        writer.Write(s2);
        writer.Write(s3);
        writer.Write(ElapsedSteps);
        writer.Write(_episodeOver);
        writer.Write(_physicsFailures);
        writer.Write(_consecutivePhysicsFailures);
        SaveCoreState(writer);
    }

    /// <inheritdoc />
    public void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string name = reader.ReadString();
        if (name != Name)
        {
            throw new InvalidDataException($"Saved environment state belongs to '{name}', not to '{Name}'.");
        }

        _random = new Xoshiro256(reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64());
        ElapsedSteps = reader.ReadInt32();
        _episodeOver = reader.ReadBoolean();
        _physicsFailures = reader.ReadInt64();
        _consecutivePhysicsFailures = reader.ReadInt32();
        LoadCoreState(reader);
    }

    /// <summary>Releases native resources, if any.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Override to release native resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Uniform sample in [0, 1) from the environment's seeded stream.</summary>
    protected double NextUniform() => _random.NextDouble();

    /// <summary>Standard normal sample from the environment's seeded stream.</summary>
    protected double NextGaussian() => _random.NextGaussian();

    /// <summary>Called from <see cref="StepCore"/> when the simulation broke down during this step: the step ends the
    /// episode as a physics failure (truncated, reward 0) whatever <see cref="StepCore"/> returns.</summary>
    /// <param name="cause">What went wrong, for <see cref="LastPhysicsFailure"/> and the exception that stops a run.</param>
    protected void ReportPhysicsFailure(string cause)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cause);
        _physicsFailed = true;
        LastPhysicsFailure = $"Environment '{Name}', step {ElapsedSteps}: {cause}";
    }

    /// <summary>Sets the start state and writes the first observation.</summary>
    protected abstract void ResetCore(Span<float> observation);

    /// <summary>Advances the dynamics by one step with a validated action (already clipped if the environment
    /// clips), writes the next observation and fills every reward term.</summary>
    /// <returns>True when the new state is terminal.</returns>
    protected abstract bool StepCore(ReadOnlySpan<float> action, Span<float> observation, Span<float> rewardTerms);

    /// <summary>Writes the subclass's state (positions, velocities); default: none.</summary>
    protected virtual void SaveCoreState(BinaryWriter writer)
    {
    }

    /// <summary>Reads what <see cref="SaveCoreState"/> wrote; default: none.</summary>
    protected virtual void LoadCoreState(BinaryReader reader)
    {
    }

    private StepResult EndWithPhysicsFailure()
    {
        // The reward terms were computed from a state the engine had already replaced: they mean nothing.
        Array.Clear(_rewardTerms);
        _episodeOver = true;
        _physicsFailures++;
        _consecutivePhysicsFailures++;
        if (_consecutivePhysicsFailures >= _maxConsecutivePhysicsFailures)
        {
            throw new PhysicsFailureException(
                $"{LastPhysicsFailure}. That is {_consecutivePhysicsFailures} episodes in a row ending in a physics failure " +
                $"({_physicsFailures} in all), the limit. Something keeps breaking the simulation: check the actions " +
                "(their size and finiteness) and the model, or raise MaxConsecutivePhysicsFailures if the failures are expected.");
        }

        return new StepResult(0f, Terminated: false, Truncated: true) { PhysicsFailure = true };
    }

    private void ValidateAction(ReadOnlySpan<float> action)
    {
        for (int i = 0; i < action.Length; i++)
        {
            if (float.IsNaN(action[i]))
            {
                throw new ArgumentException($"Environment '{Name}', step {ElapsedSteps + 1}: action[{i}] is NaN.", nameof(action));
            }
        }

        if (InvalidActions == InvalidActionHandling.Clip)
        {
            ActionSpace.Clip(action, _action);
            return;
        }

        int bad = ActionSpace.FindViolation(action);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"Environment '{Name}', step {ElapsedSteps + 1}: action[{bad}] = {action[bad]} lies outside " +
                $"[{ActionSpace.Low[bad]}, {ActionSpace.High[bad]}]. Clip it, or create the environment with InvalidActionHandling.Clip.",
                nameof(action));
        }

        action.CopyTo(_action);
    }

    private void CheckLength(int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Environment '{Name}': the {what} has length {actual}, expected {expected}.");
        }
    }
}
