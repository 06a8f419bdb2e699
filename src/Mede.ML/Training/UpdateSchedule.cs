using System.Runtime.ExceptionServices;
using Mede.ML.Algorithms;
using Mede.ML.Neural;
using Mede.ML.Replay;

namespace Mede.ML.Training;

/// <summary>
/// When and on which data the learner updates, and on which threads: one gradient step per environment step (times
/// <c>UpdatesPerStep</c>) once the warm-up is over. Shared mode: every step on a batch of the one buffer that holds
/// every agent's transitions, on this thread (the GEMM may use a second core). Separate mode: agent k's set on
/// agent k's buffer (with <c>ShareExperience</c>, on a batch drawn evenly from every agent's buffer and relabelled
/// as agent k's), the agents in parallel (up to <c>Threads</c>), then the discriminator trainer on batches drawn
/// evenly from every agent with their true agents, and every <c>DiscriminatorSyncInterval</c> steps the agents'
/// copies follow it. With <c>OutcomeWeight</c> the <see cref="OutcomeMemory"/> adds the outcome term to the rewards of
/// every agent's batch (the discriminators' batches need no reward).
/// </summary>
/// <remarks>Each update reads only its own set's weights, buffer and random stream, and the round is a barrier, so
/// results are bit-identical for any thread count.</remarks>
internal sealed class UpdateSchedule
{
    private readonly ILearner _learner;
    private readonly TrainingConfiguration _options;
    private readonly ReplayBuffer[] _buffers;
    private readonly ReplayBatch[] _batches;
    private readonly Generator _replayRandom;
    private readonly Generator[] _agentRandom;
    private readonly MetricAccumulator _accumulator;
    private readonly UpdateMetrics[] _metrics;
    private readonly ReplayBatch? _discriminatorBatch;
    private readonly OutcomeMemory? _outcomes;
    private readonly float _outcomeWeight;

    /// <param name="learner">The learner to update.</param>
    /// <param name="options">The run's options.</param>
    /// <param name="buffers">One buffer per network set.</param>
    /// <param name="replayRandom">The sampling stream of the shared buffer.</param>
    /// <param name="agentRandom">The agents' streams.</param>
    /// <param name="accumulator">Where the update metrics go.</param>
    /// <param name="horizon">The environment's time limit, which an undiscounted outcome score reads
    /// (<see cref="OutcomePayment.Undiscounted"/>).</param>
    /// <param name="outcomeWeight">u before any fade (<see cref="TrainingConfiguration.OutcomeWeightFor"/>).</param>
    public UpdateSchedule(ILearner learner, TrainingConfiguration options, ReplayBuffer[] buffers, Generator replayRandom, Generator[] agentRandom, MetricAccumulator accumulator, int horizon, float outcomeWeight)
    {
        _learner = learner;
        _options = options;
        _buffers = buffers;
        _replayRandom = replayRandom;
        _agentRandom = agentRandom;
        _accumulator = accumulator;
        int o = learner.ObservationSize, a = learner.ActionSize;
        _batches = [.. buffers.Select(_ => new ReplayBatch(options.BatchSize, o, a, options.BootstrapTimeLimits))];
        _metrics = new UpdateMetrics[buffers.Length];
        if (learner.TrainsDiscriminatorsApart)
        {
            _discriminatorBatch = new ReplayBatch(options.BatchSize, o, a, options.BootstrapTimeLimits);
        }

        _outcomeWeight = outcomeWeight;
        if (outcomeWeight > 0f)
        {
            _outcomes = new OutcomeMemory(
                buffers, options.NumberOfAgents, outcomeWeight, options.OutcomeBandwidth, options.OutcomePseudoCount, options.OutcomeScore,
                options.OutcomePayment, horizon, options.DiscountFactor, options.OutcomeLossWeight);
            foreach (ReplayBatch batch in _batches)
            {
                batch.RecordsEpisodeEnds = options.OutcomePayment == OutcomePayment.Spread;
            }
        }
    }

    /// <summary>Updates made by this schedule (every network set's, and the discriminator trainer's).</summary>
    public long Updates { get; private set; }

    /// <summary>Stopwatch ticks spent in <see cref="AfterRound"/>'s updates, batch sampling included.</summary>
    public long UpdatingTicks { get; private set; }

    /// <summary>The outcome term's memory, or null without <c>OutcomeWeight</c> (checkpoints keep it).</summary>
    public OutcomeMemory? Outcomes => _outcomes;

    /// <summary>Sets the GEMM's thread count for the run: in shared mode the second core splits the products.</summary>
    public void ConfigureThreads()
    {
        if (_learner.NetworkSets == 1)
        {
            Neural.Kernels.Gemm.Threads = Math.Min(_options.Threads, 2);
        }
    }

    /// <summary>The updates that follow a round of <paramref name="active"/> environment steps begun at <paramref name="stepAtStart"/>.</summary>
    public void AfterRound(long stepAtStart, int active)
    {
        long step = stepAtStart + active;
        if (step <= _options.WarmupSteps)
        {
            _outcomes?.Skip();
            return;
        }

        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            UpdateRound(stepAtStart, step, active);
        }
        finally
        {
            UpdatingTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
        }
    }

    private void UpdateRound(long stepAtStart, long step, int active)
    {
        int updates = active * _options.UpdatesPerStep;
        Updates += updates;
        if (_outcomes is not null)
        {
            _outcomes.Update();
            _outcomes.Weight = _options.OutcomeWeightAt(step, _outcomeWeight);
        }

        if (_learner.NetworkSets == 1)
        {
            for (int u = 0; u < updates; u++)
            {
                _buffers[0].Sample(_batches[0], _replayRandom);
                _outcomes?.Relabel(_batches[0]);
                UpdateMetrics metrics = _learner.Update(0, _batches[0], step);
                _accumulator.AddUpdate(metrics);
                if (metrics.Discriminability is Discriminability d)
                {
                    _accumulator.AddDiscriminability(d.LogQStateAction, d.LogQState);
                }
            }

            return;
        }

        UpdateAgents(stepAtStart, active);
        for (int k = 0; k < active; k++)
        {
            _accumulator.AddUpdate(_metrics[k]);
        }

        if (!_learner.TrainsDiscriminatorsApart)
        {
            return;
        }

        for (int u = 0; u < updates; u++)
        {
            FillDiscriminatorBatch();
            Discriminability d = _learner.UpdateDiscriminators(_discriminatorBatch!, step);
            _accumulator.AddDiscriminability(d.LogQStateAction, d.LogQState);
        }

        int interval = _options.DiscriminatorSyncInterval;
        if (interval > 0 && stepAtStart / interval != step / interval)
        {
            _learner.SyncDiscriminators();
        }
    }

    private void UpdateAgents(long stepAtStart, int active)
    {
        void UpdateAgent(int k)
        {
            for (int u = 0; u < _options.UpdatesPerStep; u++)
            {
                if (_options.ShareExperience)
                {
                    // Every agent's transitions, taken as agent k's: the update is off-policy and recomputes the
                    // diversity terms for k from s, a and s', so only the label changes.
                    FillEvenly(_batches[k], _agentRandom[k]);
                    _batches[k].AgentsWritable.Fill(k);
                }
                else
                {
                    _buffers[k].Sample(_batches[k], _agentRandom[k]);
                }

                _outcomes?.Relabel(_batches[k]);

                _metrics[k] = _learner.Update(k, _batches[k], stepAtStart + k);
            }
        }

        if (_options.Threads <= 1 || active <= 1)
        {
            for (int k = 0; k < active; k++)
            {
                UpdateAgent(k);
            }

            return;
        }

        try
        {
            Parallel.For(0, active, new ParallelOptions { MaxDegreeOfParallelism = _options.Threads }, UpdateAgent);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report the agent's own error (a divergence names its network and step), not the wrapper.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    private void FillDiscriminatorBatch() => FillEvenly(_discriminatorBatch!, _replayRandom);

    /// <summary>Row r from agent r mod K's buffer, one draw of <paramref name="random"/> per row.</summary>
    private void FillEvenly(ReplayBatch batch, Generator random)
    {
        for (int r = 0; r < batch.BatchSize; r++)
        {
            _buffers[r % _buffers.Length].SampleInto(batch, r, random);
        }
    }
}
