using System.Diagnostics;
using Mede.ML.Algorithms;
using Mede.ML.Environments;
using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;
using Mede.ML.Replay;

namespace Mede.ML.Training;

/// <summary>
/// One training run: K agents acting in their own copies of the environment, the replay buffer(s), the learners
/// and discriminators, metrics and checkpoints. <see cref="Run"/> trains until <see cref="MedeTrainer.Options.TotalSteps"/>;
/// <see cref="Resume"/> continues a run from its last complete checkpoint exactly where it stopped.
/// </summary>
/// <remarks>
/// <para>A round steps every agent once (K environment steps), then makes K x UpdatesPerStep gradient steps:
/// one per environment step, as in the paper. In shared mode one learner is updated on batches from one buffer
/// holding every agent's transitions, each row labelled with its agent. In separate mode agent k's learner is
/// updated on agent k's own buffer, agents run in parallel (up to <c>Threads</c>), and after each round the
/// discriminator trainer takes its steps on batches drawn evenly from every agent's buffer; agents copy its
/// weights every <c>DiscriminatorSyncInterval</c> steps. The round is a barrier, so results do not depend on
/// thread timing, for any thread count.</para>
/// </remarks>
public sealed partial class TrainingSession : IDisposable
{
    private const int RecentEpisodes = 10;

    private readonly MedeTrainer.Options _options;
    private readonly IEnvironment[] _environments;
    private readonly Learner[] _learners;
    private readonly ReplayBuffer[] _buffers;
    private readonly ReplayBatch[] _batches;
    private readonly Discriminator? _stateAction;
    private readonly Discriminator? _state;
    private readonly Discriminator?[] _localStateAction;
    private readonly Discriminator?[] _localState;
    private readonly ReplayBatch? _discriminatorBatch;
    private ReplayBatch? _scratchBatch;
    private readonly Generator[] _agentRandom;
    private readonly Generator _replayRandom;
    private readonly float[] _observations;
    private readonly float[] _unitActions;
    private readonly float[][] _environmentActions;
    private readonly float[][] _nextObservations;
    private readonly double[] _episodeReturns;
    private readonly int[] _episodeLengths;
    private readonly long[] _episodeCounts;
    private readonly double[,] _recentReturns;
    private readonly ITrainingRecorder? _recorder;
    private long _metricsStep = -1;
    private readonly string? _checkpointDirectory;
    private readonly MetricAccumulator _accumulator = new();
    private long _step;

    /// <summary>Starts a new run.</summary>
    /// <param name="options">Training options (validated here).</param>
    /// <param name="environmentFactory">Creates one environment per agent.</param>
    /// <param name="checkpointDirectory">Where checkpoints go, or null for none.</param>
    /// <param name="recorder">Receives metrics and episodes, or null.</param>
    public TrainingSession(MedeTrainer.Options options, Func<IEnvironment> environmentFactory, string? checkpointDirectory = null, ITrainingRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environmentFactory);
        options.Validate();
        _options = options.Clone();
        _checkpointDirectory = checkpointDirectory;
        _recorder = recorder;
        int agents = _options.NumberOfAgents;
        _environments = new IEnvironment[agents];
        for (int k = 0; k < agents; k++)
        {
            _environments[k] = environmentFactory() ?? throw new InvalidOperationException("The environment factory returned null.");
        }

        ObservationSize = _environments[0].ObservationSpace.Dimension;
        ActionSize = _environments[0].ActionSpace.Dimension;
        for (int k = 1; k < agents; k++)
        {
            if (_environments[k].ObservationSpace.Dimension != ObservationSize || _environments[k].ActionSpace.Dimension != ActionSize)
            {
                throw new InvalidOperationException("The environment factory made environments with different spaces.");
            }
        }

        var master = new Generator((ulong)(uint)(_options.Seed ?? 0));
        Generator init = master.Fork(0);
        _replayRandom = master.Fork(1);
        Generator discriminatorInit = master.Fork(2);
        _agentRandom = new Generator[agents];
        for (int k = 0; k < agents; k++)
        {
            _agentRandom[k] = master.Fork(100 + (ulong)k);
        }

        bool shared = _options.NetworkMode == NetworkMode.Shared;
        int learnerCount = shared ? 1 : agents;
        _learners = new Learner[learnerCount];
        _buffers = new ReplayBuffer[learnerCount];
        _batches = new ReplayBatch[learnerCount];
        for (int i = 0; i < learnerCount; i++)
        {
            _learners[i] = new Learner(_options, ObservationSize, ActionSize, shared && agents > 1 ? agents : 0, init.Fork((ulong)i));
            _buffers[i] = new ReplayBuffer(_options.ReplayBufferSize, ObservationSize, ActionSize);
            _batches[i] = new ReplayBatch(_options.BatchSize, ObservationSize, ActionSize);
        }

        _localStateAction = new Discriminator?[agents];
        _localState = new Discriminator?[agents];
        if (agents > 1)
        {
            int[] hidden = _options.DiscriminatorHiddenLayerSizes;
            _stateAction = new Discriminator(ObservationSize + ActionSize, agents, hidden, _options.LearningRate, discriminatorInit, usesAction: true);
            _state = new Discriminator(ObservationSize, agents, hidden, _options.LearningRate, discriminatorInit, usesAction: false);
            if (!shared)
            {
                // Each agent reads its own copy, so agents on other threads never see a discriminator mid-update.
                for (int k = 0; k < agents; k++)
                {
                    _localStateAction[k] = new Discriminator(ObservationSize + ActionSize, agents, hidden, _options.LearningRate, discriminatorInit, usesAction: true);
                    _localState[k] = new Discriminator(ObservationSize, agents, hidden, _options.LearningRate, discriminatorInit, usesAction: false);
                }

                _discriminatorBatch = new ReplayBatch(_options.BatchSize, ObservationSize, ActionSize);
                SyncDiscriminators();
            }
        }

        _observations = new float[agents * ObservationSize];
        _unitActions = new float[agents * ActionSize];
        _environmentActions = Enumerable.Range(0, agents).Select(_ => new float[ActionSize]).ToArray();
        _nextObservations = Enumerable.Range(0, agents).Select(_ => new float[ObservationSize]).ToArray();
        _episodeReturns = new double[agents];
        _episodeLengths = new int[agents];
        _episodeCounts = new long[agents];
        _recentReturns = new double[agents, RecentEpisodes];
        for (int k = 0; k < agents; k++)
        {
            _environments[k].Reset(EnvironmentSeed(k), _observations.AsSpan(k * ObservationSize, ObservationSize));
            CheckObservation(k, _observations.AsSpan(k * ObservationSize, ObservationSize));
        }
    }

    /// <summary>The options of the run (a copy).</summary>
    public MedeTrainer.Options Options => _options.Clone();

    /// <summary>Environment steps taken so far (all agents).</summary>
    public long Step => _step;

    /// <summary>Observation length.</summary>
    public int ObservationSize { get; }

    /// <summary>Action length.</summary>
    public int ActionSize { get; }

    /// <summary>K.</summary>
    public int Agents => _options.NumberOfAgents;

    /// <summary>The learners: one in shared mode, one per agent in separate mode.</summary>
    public IReadOnlyList<Learner> Learners => _learners;

    /// <summary>q(z|s,a), or null for SAC.</summary>
    public Discriminator? StateActionDiscriminator => _stateAction;

    /// <summary>q(z|s), or null for SAC.</summary>
    public Discriminator? StateDiscriminator => _state;

    /// <summary>The replay buffers (one shared, or one per agent).</summary>
    public IReadOnlyList<ReplayBuffer> ReplayBuffers => _buffers;

    /// <summary>The environments, one per agent.</summary>
    public IReadOnlyList<IEnvironment> Environments => _environments;

    /// <summary>The learner that serves agent <paramref name="agent"/>.</summary>
    public Learner LearnerOf(int agent) => _learners.Length == 1 ? _learners[0] : _learners[agent];

    /// <summary>One policy per agent, each with its own random stream (acting never disturbs training).</summary>
    public IReadOnlyList<Policies.IPolicy> CreatePolicies(ulong seed = 0) =>
        Enumerable.Range(0, Agents)
            .Select(k => (Policies.IPolicy)new Policies.AgentPolicy(LearnerOf(k), k, _environments[k].ActionSpace, seed + (ulong)k))
            .ToList();

    /// <summary>Trains until the step budget is spent, checkpointing on the way and at the end.</summary>
    /// <exception cref="TrainingDivergedException">A loss, gradient or observation was not finite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; a checkpoint of the state at the stop was written.</exception>
    public void Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (_options.NetworkMode == NetworkMode.Shared)
        {
            Neural.Kernels.Gemm.Threads = Math.Min(_options.Threads, 2);
        }

        var clock = Stopwatch.StartNew();
        long startStep = _step;
        long lastReportStep = _step;
        TimeSpan lastReport = TimeSpan.Zero;
        while (_step < _options.TotalSteps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                WriteCheckpointIfConfigured();
                cancellationToken.ThrowIfCancellationRequested();
            }

            long before = _step;
            if (_options.NetworkMode == NetworkMode.Shared)
            {
                RoundShared();
            }
            else
            {
                RoundSeparate();
            }

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
    public double[] RecentReturns()
    {
        var result = new double[Agents];
        for (int k = 0; k < Agents; k++)
        {
            long n = Math.Min(_episodeCounts[k], RecentEpisodes);
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += _recentReturns[k, i];
            }

            result[k] = n == 0 ? double.NaN : sum / n;
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (IEnvironment environment in _environments)
        {
            environment.Dispose();
        }
    }

    private void RoundShared()
    {
        int agents = Agents;
        bool warmup = _step < _options.WarmupSteps;
        if (warmup)
        {
            _agentRandom[0].FillUniform(_unitActions, -1f, 1f);
        }
        else
        {
            // All agents act in one batched forward pass: row k is agent k's observation and one-hot z.
            Learner learner = _learners[0];
            using TapeScope scope = Tape.Scope();
            using (Tensor.NoGrad())
            {
                Tensor observations = Tensor.Empty(agents, ObservationSize);
                _observations.CopyTo(observations.Data);
                Span<int> ids = stackalloc int[agents];
                for (int k = 0; k < agents; k++)
                {
                    ids[k] = k;
                }

                var (action, _) = learner.Sample(learner.PolicyInput(observations, ids));
                action.Data.CopyTo(_unitActions);
            }
        }

        for (int k = 0; k < agents && _step < _options.TotalSteps; k++)
        {
            StepAgent(k, _buffers[0]);
            _step++;
        }

        if (_step <= _options.WarmupSteps)
        {
            return;
        }

        for (int u = 0; u < agents * _options.UpdatesPerStep; u++)
        {
            _buffers[0].Sample(_batches[0], _replayRandom);
            UpdateMetrics metrics = _learners[0].Update(_batches[0], _stateAction, _state, "shared", _step);
            _accumulator.AddUpdate(metrics);
            if (_stateAction is not null)
            {
                TrainDiscriminators(_batches[0]);
            }
        }
    }

    private void RoundSeparate()
    {
        int agents = Agents;
        long stepAtStart = _step;
        int active = (int)Math.Min(agents, _options.TotalSteps - _step);
        bool warmup = _step < _options.WarmupSteps;
        bool learn = stepAtStart + active > _options.WarmupSteps;
        var metrics = new UpdateMetrics[agents];

        void AgentRound(int k)
        {
            Span<float> unit = _unitActions.AsSpan(k * ActionSize, ActionSize);
            if (warmup)
            {
                _agentRandom[k].FillUniform(unit, -1f, 1f);
            }
            else
            {
                using TapeScope scope = Tape.Scope();
                using (Tensor.NoGrad())
                {
                    Tensor observation = Tensor.Empty(1, ObservationSize);
                    _observations.AsSpan(k * ObservationSize, ObservationSize).CopyTo(observation.Data);
                    var (action, _) = _learners[k].Sample(observation);
                    action.Data.CopyTo(unit);
                }
            }

            StepAgent(k, _buffers[k]);
            if (learn)
            {
                for (int u = 0; u < _options.UpdatesPerStep; u++)
                {
                    _buffers[k].Sample(_batches[k], _agentRandom[k]);
                    metrics[k] = _learners[k].Update(_batches[k], _localStateAction[k], _localState[k], AgentNames[k], stepAtStart + k);
                }
            }
        }

        if (_options.Threads > 1 && active > 1)
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Threads };
            try
            {
                Parallel.For(0, active, parallel, AgentRound);
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                // Report the agent's own error (a divergence names its network and step), not the wrapper.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                throw;
            }
        }
        else
        {
            for (int k = 0; k < active; k++)
            {
                AgentRound(k);
            }
        }

        _step += active;
        if (!learn)
        {
            return;
        }

        for (int k = 0; k < active; k++)
        {
            _accumulator.AddUpdate(metrics[k]);
        }

        if (_stateAction is null)
        {
            return;
        }

        // The discriminator trainer: one step per environment step, each batch drawn evenly from every agent.
        for (int u = 0; u < active * _options.UpdatesPerStep; u++)
        {
            FillDiscriminatorBatch();
            TrainDiscriminators(_discriminatorBatch!);
        }

        if (Crossed(stepAtStart, _step, _options.DiscriminatorSyncInterval))
        {
            SyncDiscriminators();
        }
    }

    private void FillDiscriminatorBatch()
    {
        // Row r comes from agent r mod K: sample a one-row batch from that agent's buffer into a scratch batch.
        ReplayBatch batch = _discriminatorBatch!;
        int agents = Agents, o = ObservationSize, a = ActionSize;
        ReplayBatch one = _scratchBatch ??= new ReplayBatch(1, o, a);
        for (int r = 0; r < batch.BatchSize; r++)
        {
            _buffers[r % agents].Sample(one, _replayRandom);
            one.Observations.Data.CopyTo(batch.Observations.Data.Slice(r * o, o));
            one.Actions.Data.CopyTo(batch.Actions.Data.Slice(r * a, a));
            one.NextObservations.Data.CopyTo(batch.NextObservations.Data.Slice(r * o, o));
            batch.Rewards.Data[r] = one.Rewards.Data[0];
            batch.NotTerminated.Data[r] = one.NotTerminated.Data[0];
            batch.AgentsWritable[r] = one.Agents[0];
        }
    }

    private void TrainDiscriminators(ReplayBatch batch)
    {
        using TapeScope scope = Tape.Scope();
        float logQStateAction = _stateAction!.Train(Tensor.Concat(batch.Observations, batch.Actions), batch.Agents, "q(z|s,a)", _step);
        float logQState = _state!.Train(batch.Observations, batch.Agents, "q(z|s)", _step);
        _accumulator.AddDiscriminability(logQStateAction, logQState);
    }

    private void SyncDiscriminators()
    {
        for (int k = 0; k < Agents; k++)
        {
            _localStateAction[k]?.Network.CopyFrom(_stateAction!.Network);
            _localState[k]?.Network.CopyFrom(_state!.Network);
        }
    }

    private void StepAgent(int k, ReplayBuffer buffer)
    {
        IEnvironment environment = _environments[k];
        Span<float> observation = _observations.AsSpan(k * ObservationSize, ObservationSize);
        ReadOnlySpan<float> unit = _unitActions.AsSpan(k * ActionSize, ActionSize);
        float[] next = _nextObservations[k];

        // The policy acts in (-1, 1); the environment's box may be wider (Pendulum's torque is +-2).
        environment.ActionSpace.FromUnitCube(unit, _environmentActions[k]);
        StepResult result = environment.Step(_environmentActions[k], next);
        CheckObservation(k, next);
        if (!float.IsFinite(result.Reward))
        {
            throw new TrainingDivergedException($"environment (agent {k})", "reward", _step, $"the reward is {result.Reward}");
        }

        buffer.Add(observation, unit, result.Reward, next, result.Terminated, result.Truncated, k);
        if (_recorder is { TransitionEpisodeInterval: > 0 and int every } && _episodeCounts[k] % every == 0)
        {
            var transition = new TransitionRecord(k, _episodeCounts[k], _episodeLengths[k], observation.ToArray(), _environmentActions[k].ToArray(),
                result.Reward, (float[])next.Clone(), result.Terminated, result.Truncated);
            lock (_recorder)
            {
                _recorder.RecordTransition(transition);
            }
        }

        _episodeReturns[k] += result.Reward;
        _episodeLengths[k]++;
        if (result.Done)
        {
            int goal = environment is MultiGoal multiGoal ? multiGoal.ReachedGoal : -1;
            if (_recorder is not null)
            {
                // Separate-mode agents finish episodes on their own threads; the recorder is not thread-safe.
                lock (_recorder)
                {
                    _recorder.RecordEpisode(new EpisodeRecord(_step + 1, k, _episodeCounts[k], _episodeReturns[k], _episodeLengths[k], result.Terminated, goal));
                }
            }

            _recentReturns[k, _episodeCounts[k] % RecentEpisodes] = _episodeReturns[k];
            _episodeCounts[k]++;
            _episodeReturns[k] = 0;
            _episodeLengths[k] = 0;
            environment.Reset(null, observation);
            CheckObservation(k, observation);
        }
        else
        {
            next.CopyTo(observation);
        }
    }

    private void CheckObservation(int agent, ReadOnlySpan<float> observation)
    {
        for (int i = 0; i < observation.Length; i++)
        {
            if (!float.IsFinite(observation[i]))
            {
                throw new TrainingDivergedException(
                    $"environment '{_environments[agent].Name}' (agent {agent})", $"observation[{i}]", _step, $"the value is {observation[i]}");
            }
        }
    }

    private ulong EnvironmentSeed(int agent) => ((ulong)(uint)(_options.Seed ?? 0) * 7919UL) + (ulong)agent;

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

        foreach (var (name, value) in _accumulator.Means())
        {
            _recorder.RecordMetric(_step, name, null, value);
        }

        _accumulator.Clear();
    }

    private TrainingProgress CreateProgress(double stepsPerSecond) => new(
        _step, _options.TotalSteps, stepsPerSecond, RecentReturns(), _accumulator.LastLogQStateAction, _accumulator.LastLogQState, _learners[0].Alpha);

    private static readonly string[] AgentNames = Enumerable.Range(0, 64).Select(k => $"agent {k}").ToArray();

    private static bool Crossed(long before, long after, long interval) => interval > 0 && before / interval != after / interval;
}
