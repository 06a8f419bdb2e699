using System.Diagnostics;
using Mede.ML.Algorithms;
using Mede.ML.Environments;
using Mede.ML.Neural;
using Mede.ML.Replay;
using Mede.ML.Rollouts;

namespace Mede.ML.Training;

/// <summary>
/// One training run: K agents acting in their own copies of the environment, the replay buffer(s), the learner,
/// metrics and checkpoints. <see cref="Run"/> trains until <see cref="TrainingConfiguration.TotalSteps"/>;
/// <see cref="Resume"/> continues a run from its last complete checkpoint exactly where it stopped.
/// </summary>
/// <remarks>
/// <para>A round steps every agent once (K environment steps, through the <see cref="RolloutCollector"/>), books the
/// transitions (<see cref="EpisodeBook"/>, the replay buffers), then makes K x UpdatesPerStep gradient steps as the
/// <see cref="UpdateSchedule"/> says: one per environment step, as in the paper. In shared mode one buffer holds
/// every agent's transitions, each row labelled with its agent; in separate mode agent k has its own.</para>
/// <para>The loop knows the learner only through <see cref="ILearner"/>, and the environment only through
/// <see cref="IEnvironment"/> (goals through <see cref="IGoalEnvironment"/>).</para>
/// </remarks>
public sealed partial class TrainingSession : IDisposable
{
    /// <summary>The metric holding the run's physics failures so far (episodes ended because an environment's
    /// simulation broke down; see <see cref="StepResult.PhysicsFailure"/>), recorded once there is one.</summary>
    public const string PhysicsFailuresMetric = "physics_failures";

    private readonly TrainingConfiguration _options;
    private readonly RolloutCollector _collector;
    private readonly ILearner _learner;
    private readonly ReplayBuffer[] _buffers;
    private readonly Generator[] _agentRandom;
    private readonly Generator _replayRandom;
    private readonly EpisodeBook _episodes;
    private readonly UpdateSchedule _schedule;
    private readonly MetricAccumulator _accumulator = new();
    private readonly ITrainingRecorder? _recorder;
    private readonly string? _checkpointDirectory;
    private readonly int[] _agentIds;
    private readonly bool[] _active;
    private readonly float[] _unitActions;
    private readonly WarmupActions _warmupActions;
    private readonly float[] _environmentActions;
    private readonly RolloutCollector.Handler _book;
    private readonly long[] _physicsFailuresBefore;
    private long _metricsStep = -1;
    private long _step;
    private long _learningTicks;

    /// <summary>Starts a new run.</summary>
    /// <param name="options">Training options (validated here).</param>
    /// <param name="environmentFactory">Creates one environment per agent.</param>
    /// <param name="checkpointDirectory">Where checkpoints go, or null for none.</param>
    /// <param name="recorder">Receives metrics and episodes, or null.</param>
    public TrainingSession(TrainingConfiguration options, Func<IEnvironment> environmentFactory, string? checkpointDirectory = null, ITrainingRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environmentFactory);
        options.Validate();
        _options = options.Clone();
        _checkpointDirectory = checkpointDirectory;
        _recorder = recorder;
        int agents = _options.NumberOfAgents;
        bool shared = _options.NetworkMode == NetworkMode.Shared;
        _collector = new RolloutCollector(environmentFactory, agents, shared ? 1 : _options.Threads);
        try
        {
            ObservationSize = _collector.ObservationSize;
            ActionSize = _collector.ActionSize;
            IEnvironment environment = _collector.Environments[0];
            _options.ValidateFor(environment);

            // Independent streams: networks (0), replay sampling (1), discriminators (2), agent k's exploration (100 + k).
            var master = new Generator((ulong)(uint)(_options.Seed ?? 0));
            Generator init = master.Fork(0);
            _replayRandom = master.Fork(1);
            Generator discriminatorInit = master.Fork(2);
            _agentRandom = [.. Enumerable.Range(0, agents).Select(k => master.Fork(100 + (ulong)k))];
            // The backend seam: Managed -> SoftActorCritic, TorchSharp -> Mede.ML.TorchSharp (loaded by name).
            _learner = LearnerFactory.Create(_options, ObservationSize, ActionSize, init, discriminatorInit);
            _buffers = [.. Enumerable.Range(0, _learner.NetworkSets).Select(_ => new ReplayBuffer(_options.ReplayBufferSize, ObservationSize, ActionSize))];
            _episodes = new EpisodeBook(agents, recorder);
            _schedule = new UpdateSchedule(
                _learner, _options, _buffers, _replayRandom, _agentRandom, _accumulator, environment.MaxEpisodeSteps, _options.OutcomeWeightFor(environment));
            _agentIds = [.. Enumerable.Range(0, agents)];
            _active = new bool[agents];
            _physicsFailuresBefore = new long[agents];
            _unitActions = new float[agents * ActionSize];
            _warmupActions = new WarmupActions(agents, ActionSize, _options.WarmupActionCorrelation);
            _environmentActions = new float[agents * ActionSize];
            _book = Book;
            _collector.Reset((ulong)(uint)(_options.Seed ?? 0) * 7919UL);
        }
        catch
        {
            _collector.Dispose();
            throw;
        }
    }

    /// <summary>The options of the run (a copy).</summary>
    public TrainingConfiguration Options => _options.Clone();

    /// <summary>Environment steps taken so far (all agents).</summary>
    public long Step => _step;

    /// <summary>Observation length.</summary>
    public int ObservationSize { get; }

    /// <summary>Action length.</summary>
    public int ActionSize { get; }

    /// <summary>K.</summary>
    public int Agents => _options.NumberOfAgents;

    /// <summary>The learner: the networks, their optimisers and the update.</summary>
    public ILearner Learner => _learner;

    /// <summary>The replay buffers (one shared, or one per agent).</summary>
    public IReadOnlyList<ReplayBuffer> ReplayBuffers => _buffers;

    /// <summary>The environments, one per agent.</summary>
    public IReadOnlyList<IEnvironment> Environments => _collector.Environments;

    /// <summary>The managed learner (tests reach its networks).</summary>
    internal SoftActorCritic ManagedLearner => _learner as SoftActorCritic
        ?? throw new InvalidOperationException($"This run trains with the {_options.Backend} backend, not the managed one.");

    /// <summary>One policy per agent, each with its own random stream (acting never disturbs training).</summary>
    /// <param name="seed">Agent k's policy is seeded with seed + k.</param>
    public IReadOnlyList<Policies.IPolicy> CreatePolicies(ulong seed = 0)
    {
        Networks.ModelNetworks model = _learner.ToModel();
        return [.. Enumerable.Range(0, Agents).Select(k => (Policies.IPolicy)new Policies.AgentPolicy(model.ActorOf(k), k, _collector.ActionSpace, seed + (ulong)k))];
    }

    /// <summary>Trains until the step budget is spent, checkpointing on the way and at the end.</summary>
    /// <param name="progress">Receives progress about four times a second, and once at the end.</param>
    /// <param name="cancellationToken">Stops the run between rounds (a checkpoint of the state at the stop is written).</param>
    /// <exception cref="TrainingDivergedException">A loss, gradient or observation was not finite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; a checkpoint of the state at the stop was written.</exception>
    /// <exception cref="IOException">Writing a checkpoint or a record failed (a full disk, a vanished folder); the
    /// exception's <see cref="Exception.Data"/> holds the step the run had reached under <see cref="StepDataKey"/>.</exception>
    public void Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        try
        {
            RunToTheEnd(progress, cancellationToken);
        }
        catch (IOException e) when (!e.Data.Contains(StepDataKey))
        {
            e.Data[StepDataKey] = _step;
            throw;
        }
    }

    /// <summary>The key of <see cref="Exception.Data"/> under which an <see cref="IOException"/> thrown by
    /// <see cref="Run"/> carries the step the run had reached (a <see cref="long"/>).</summary>
    public const string StepDataKey = "Mede.ML.Step";

    private void RunToTheEnd(IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        _schedule.ConfigureThreads();
        var clock = Stopwatch.StartNew();
        long startStep = _step, lastReportStep = _step;
        TimeSpan lastReport = TimeSpan.Zero;
        while (_step < _options.TotalSteps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                WriteCheckpointIfConfigured();
                cancellationToken.ThrowIfCancellationRequested();
            }

            long before = _step, roundStarted = Stopwatch.GetTimestamp();
            int active = (int)Math.Min(Agents, _options.TotalSteps - _step);
            CollectRound(active);
            _step += active;
            _schedule.AfterRound(before, active);
            if (Crossed(before, _step, _options.MetricsInterval))
            {
                RecordMetrics();
            }

            if (_options.CheckpointInterval > 0 && Crossed(before, _step, _options.CheckpointInterval) && _step < _options.TotalSteps)
            {
                WriteCheckpointIfConfigured();
            }

            if (progress is not null && (clock.Elapsed - lastReport).TotalSeconds >= 0.25)
            {
                double rate = (_step - lastReportStep) / Math.Max(1e-9, (clock.Elapsed - lastReport).TotalSeconds);
                progress.Report(CreateProgress(rate));
                lastReport = clock.Elapsed;
                lastReportStep = _step;
            }

            if (_step > _options.WarmupSteps)
            {
                _learningTicks += Stopwatch.GetTimestamp() - roundStarted;
            }
        }

        if (_step > startStep && _metricsStep != _step)
        {
            // The last values, unless the loop's last round just recorded them (or a finished run was resumed).
            RecordMetrics();
        }

        if (_checkpointDirectory is null)
        {
            // Without checkpoints nothing else flushes the recorder: the last rows must not wait in its buffer.
            _recorder?.Flush();
        }

        WriteCheckpointIfConfigured();
        progress?.Report(CreateProgress(_step / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
    }

    /// <summary>Mean return of each agent's last (up to 10) episodes; NaN before the first.</summary>
    public double[] RecentReturns() => _episodes.RecentReturns();

    /// <inheritdoc />
    public void Dispose()
    {
        _collector.Dispose();
        (_learner as IDisposable)?.Dispose();
    }

    /// <summary>The first <paramref name="active"/> agents act (random actions during the warm-up) and step once.</summary>
    private void CollectRound(int active)
    {
        if (_step < _options.WarmupSteps)
        {
            // Uniform actions in the unit cube (correlated in time if asked): one stream for every agent in shared mode,
            // each agent's own in separate.
            for (int k = 0; k < active; k++)
            {
                Generator random = _learner.NetworkSets == 1 ? _agentRandom[0] : _agentRandom[k];
                _warmupActions.Draw(k, random, _unitActions.AsSpan(k * ActionSize, ActionSize));
            }
        }
        else
        {
            int o = ObservationSize;
            _learner.Act(_collector.Observations[..(active * o)], _agentIds.AsSpan(0, active), deterministic: false, _unitActions.AsSpan(0, active * ActionSize));
        }

        // The policy acts in (-1, 1); the environment's box may be wider (Pendulum's torque is +-2).
        for (int k = 0; k < Agents; k++)
        {
            _active[k] = k < active;
            if (_active[k])
            {
                _collector.ActionSpace.FromUnitCube(_unitActions.AsSpan(k * ActionSize, ActionSize), _environmentActions.AsSpan(k * ActionSize, ActionSize));
            }
        }

        for (int k = 0; k < Agents; k++)
        {
            // Book() compares: an environment whose count grew during this step ended its episode as a physics failure.
            _physicsFailuresBefore[k] = _collector.Environments[k].PhysicsFailures;
        }

        _collector.Step(_environmentActions, _active, _step, _book);
    }

    /// <summary>One agent's transition: into its replay buffer (actions in the policy's units) and the episode book.</summary>
    private void Book(in RolloutStep transition)
    {
        int k = transition.Agent;
        if (_collector.Environments[k].PhysicsFailures == _physicsFailuresBefore[k])
        {
            // A physics failure's transition leads into the engine's reset state, not to a consequence of the action:
            // it stays out of the buffer (its episode still ends in the book).
            _buffers[_buffers.Length == 1 ? 0 : k].Add(
                transition.Observation, _unitActions.AsSpan(k * ActionSize, ActionSize), transition.Reward, transition.NextObservation,
                transition.Terminated, transition.Truncated, k);
        }

        _episodes.Add(transition, _step + k);
        if (transition.Done)
        {
            _warmupActions.EndEpisode(k);
        }
    }

    private void RecordMetrics()
    {
        _metricsStep = _step;
        if (_recorder is null)
        {
            _accumulator.Clear();
            return;
        }

        double[] recent = RecentReturns();
        for (int k = 0; k < Agents; k++)
        {
            if (!double.IsNaN(recent[k]))
            {
                _recorder.RecordMetric(_step, "return", k, recent[k]);
            }
        }

        foreach (var (name, agent, value) in _accumulator.Means())
        {
            _recorder.RecordMetric(_step, name, agent, value);
        }

        RecordPhysicsFailures();

        _accumulator.Clear();
    }

    /// <summary>The run's physics failures so far (every agent's environment, restored with them from checkpoints),
    /// as the metric <c>physics_failures</c>; runs without any record none.</summary>
    private void RecordPhysicsFailures()
    {
        long failures = 0;
        foreach (IEnvironment environment in _collector.Environments)
        {
            failures += environment.PhysicsFailures;
        }

        if (failures > 0)
        {
            _recorder!.RecordMetric(_step, PhysicsFailuresMetric, null, failures);
        }
    }

    private TrainingProgress CreateProgress(double stepsPerSecond) => new(
        _step, _options.TotalSteps, stepsPerSecond, RecentReturns(), _accumulator.LastLogQStateAction, _accumulator.LastLogQState, _learner.Alpha)
    {
        Timing = _schedule.Updates == 0 ? null : new TrainingTiming(
            _schedule.Updates, Stopwatch.GetElapsedTime(0, _schedule.UpdatingTicks), Stopwatch.GetElapsedTime(0, _learningTicks)),
    };

    private static bool Crossed(long before, long after, long interval) => interval > 0 && before / interval != after / interval;
}
