using Mede.ML.Neural;
using Mede.ML.Replay;

namespace Mede.ML.Training;

/// <summary>
/// The outcome term (<see cref="TrainingConfiguration.OutcomeWeight"/>, an extension, not in the paper): where each
/// agent's recent episodes ended (its <i>outcomes</i>: the state an episode terminated in, or where the time limit
/// stopped it), and the posterior p(z | s) that a state is agent z's outcome rather than another agent's, which adds
/// <c>u log p(z | s')</c> to the reward of every transition (<see cref="OutcomeScore.Price"/>), or
/// <c>u log(K p(z | s'))</c> to the reward of every terminating transition, with only terminations remembered
/// (<see cref="OutcomeScore.Information"/>).
/// </summary>
/// <remarks>
/// <para>Why: MEDE's and DIAYN's discriminator terms enter the soft value of the <i>next</i> state, and the soft value
/// of a terminal state is zero, so the state an episode ends in (on MultiGoal, the goal) is never scored: two agents
/// that reach one goal on routes the discriminator tells apart pay nothing for sharing it, and which goal an agent
/// takes is decided by its own seed (docs/results/diversity). This term charges for arriving where other agents'
/// episodes end. Because time-limited episodes count too, it acts before any agent reaches a goal: while agents
/// still wander, it pushes each away from where the others' episodes stop, so they head for different goals before
/// they commit to one (a price on terminal states alone came too late to move a goal, measured). But a price can
/// be dodged by not ending at all: with a weight large enough to send an agent to a farther goal, agents stopped
/// short of their goals. The information score is not a price: log(K p(z | s)) is positive at a goal of the agent's
/// own (log K), zero at one all K share evenly, and only negative where others end more often; time-outs score
/// nothing and are not remembered, so reaching a goal, even a shared one, never scores below stopping short of it
/// while the goal is at most evenly shared.</para>
/// <para>The posterior is a kernel estimate over the last <see cref="EpisodesPerAgent"/> outcomes of every agent,
/// with equal priors: c_j(s) = mean over agent j's outcomes t of exp(-|s - t|^2 / 2h^2), and
/// p(z | s) = (c_z(s) + epsilon) / (c_z(s) + epsilon + sum over j != z of c_j(s)). The epsilon (a pseudo-count
/// for z itself) makes it <b>optimistic</b>: a state far from every other agent's outcomes scores log 1 = 0, even if
/// z has never ended there (the whole path, and a goal no other agent holds, are free); an outcome shared equally
/// with one other agent scores about log 1/2; one that is only another agent's, log(epsilon / (epsilon + 1)). A learned
/// q(z|s) has no such prior: trained on visited states only, it says nothing useful about a goal nobody holds. The
/// rewards are relabelled when a batch is drawn, from the memory as it is then, like the discriminator terms.</para>
/// <para>The memory reads the replay buffers (every transition that ends an episode, in the order it was added) once
/// the warm-up is over: what the buffers hold by then (the warm-up's uniformly random episodes, which say nothing
/// about which agent goes where, and any pre-filled rows) is skipped; without a warm-up, pre-filled rows count as
/// outcomes. A checkpoint keeps the memory
/// (<c>outcomes.bin</c>), so a resumed run goes on with exactly the memory it had.</para>
/// </remarks>
internal sealed class OutcomeMemory
{
    /// <summary>Outcomes remembered per agent: enough episodes to tell a habit from a visit, few enough to follow a
    /// change of goal within a few thousand steps.</summary>
    public const int EpisodesPerAgent = 64;

    /// <summary>The default of the agent's own pseudo-count epsilon in the posterior (in units of the kernel mean, at
    /// most 1): <c>OutcomePseudoCount</c>.</summary>
    public const float OwnPseudoCount = TrainerDefaults.OutcomePseudoCount;

    private readonly ReplayBuffer[] _buffers;
    private readonly long[] _seen;
    private readonly float[][] _outcomes;
    private readonly int[] _count;
    private readonly int[] _next;
    private readonly int _observationSize;
    private readonly float _inverseTwoBandwidthSquared;
    private readonly float _pseudoCount;
    // The scores differ in four places, fixed here: which ends are outcomes, which rows are scored, the log K the
    // information scores add (log p(z|s) + log K = log(K p(z|s))), and what a loss weighs against a gain of the same
    // size (0 for the positive part, OutcomeLossWeight / u for the information score with a loss weight, 1 otherwise).
    private readonly bool _terminationsOnly;
    private readonly float _offset;
    private readonly float _lossRatio;
    // When the end's score is paid (OutcomePayment), and gamma, which the undiscounted and shaped payments read.
    private readonly OutcomePayment _payment;
    private readonly float _discount;
    // Undiscounted ends: 1 / gamma^(t - 1) for an end at step t (index t), read from the observed time left; null for
    // any other payment.
    private readonly float[]? _undiscount;

    /// <summary>A memory for <paramref name="agents"/> agents fed by <paramref name="buffers"/> (one shared buffer
    /// with agent labels, or one per agent), scoring outcomes as <paramref name="score"/> says.</summary>
    /// <param name="buffers">The replay buffers the outcomes are read from.</param>
    /// <param name="agents">K.</param>
    /// <param name="weight">u.</param>
    /// <param name="bandwidth">h.</param>
    /// <param name="pseudoCount">epsilon.</param>
    /// <param name="score">How an end is scored.</param>
    /// <param name="payment">When the end's score is paid (scores paid at the end only, <see cref="OutcomeScore.Information"/>
    /// and <see cref="OutcomeScore.PositiveInformation"/>). <see cref="OutcomePayment.Spread"/> needs batches that record
    /// their episodes' ends (<see cref="ReplayBatch.RecordsEpisodeEnds"/>).</param>
    /// <param name="horizon">The environment's time limit, with <see cref="OutcomePayment.Undiscounted"/>: the
    /// observation's last value is the fraction of it left, so an end's step t = (1 - that value) x horizon.</param>
    /// <param name="discount">gamma, with <see cref="OutcomePayment.Undiscounted"/> and <see cref="OutcomePayment.Shaped"/>.</param>
    /// <param name="lossWeight">With <see cref="OutcomeScore.Information"/>, the weight of negative scores in place of
    /// <paramref name="weight"/> (<c>OutcomeLossWeight</c>); it keeps its ratio to <see cref="Weight"/> when the schedule
    /// lowers that. Null: <paramref name="weight"/>.</param>
    public OutcomeMemory(ReplayBuffer[] buffers, int agents, float weight, float bandwidth, float pseudoCount = OwnPseudoCount, OutcomeScore score = OutcomeScore.Price, OutcomePayment payment = OutcomePayment.AtEnd, int horizon = 0, float discount = 1f, float? lossWeight = null)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 2);
        if (!(bandwidth > 0f) || !float.IsFinite(bandwidth))
        {
            throw new ArgumentOutOfRangeException(nameof(bandwidth), bandwidth, "The outcome bandwidth must be positive and finite.");
        }

        if (!(pseudoCount > 0f) || !float.IsFinite(pseudoCount))
        {
            throw new ArgumentOutOfRangeException(nameof(pseudoCount), pseudoCount, "The outcome pseudo-count must be positive and finite.");
        }

        if (!Enum.IsDefined(score))
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, "Not an outcome score.");
        }

        if (!Enum.IsDefined(payment))
        {
            throw new ArgumentOutOfRangeException(nameof(payment), payment, "Not an outcome payment.");
        }

        if (payment != OutcomePayment.AtEnd && score == OutcomeScore.Price)
        {
            throw new ArgumentException($"Outcome payment {payment} needs a score paid at the end (Information or PositiveInformation), not the Price paid on every step.", nameof(payment));
        }

        if (lossWeight is float l && (!(l >= 0f) || !float.IsFinite(l) || score != OutcomeScore.Information || !(weight > 0f)))
        {
            throw new ArgumentOutOfRangeException(nameof(lossWeight), lossWeight, "A loss weight must be non-negative and finite, with the Information score and a positive weight.");
        }

        if (!(discount is >= 0f and <= 1f) || (payment == OutcomePayment.Undiscounted && discount == 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(discount), discount, payment == OutcomePayment.Undiscounted ? "An undiscounted outcome score divides by the discount: it must lie in (0, 1]." : "The discount must lie in [0, 1].");
        }

        if (payment == OutcomePayment.Undiscounted)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
            _undiscount = new float[horizon + 1];
            for (int t = 1; t <= horizon; t++)
            {
                _undiscount[t] = (float)Math.Pow(discount, -(t - 1));
            }
        }

        _payment = payment;
        _discount = discount;
        _pseudoCount = pseudoCount;
        _terminationsOnly = score is OutcomeScore.Information or OutcomeScore.PositiveInformation;
        _offset = _terminationsOnly ? MathF.Log(agents) : 0f;
        _lossRatio = score == OutcomeScore.PositiveInformation ? 0f : lossWeight is float loss ? loss / weight : 1f;
        _buffers = buffers;
        _seen = new long[buffers.Length];
        _observationSize = buffers[0].ObservationSize;
        _outcomes = [.. Enumerable.Range(0, agents).Select(_ => new float[EpisodesPerAgent * _observationSize])];
        _count = new int[agents];
        _next = new int[agents];
        Weight = weight;
        _inverseTwoBandwidthSquared = 1f / (2f * bandwidth * bandwidth);
    }

    /// <summary>u, the weight <see cref="Relabel"/> scores ends with: the constructor's, until the training schedule
    /// lowers it (<c>OutcomeFadeStart</c>, <c>OutcomeFadeEnd</c>). At 0 <see cref="Relabel"/> adds nothing.</summary>
    public float Weight
    {
        get;
        set
        {
            if (!(value >= 0f) || !float.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The outcome weight must be non-negative and finite.");
            }

            field = value;
        }
    }

    /// <summary>Outcomes remembered for <paramref name="agent"/> (at most <see cref="EpisodesPerAgent"/>).</summary>
    public int Count(int agent) => _count[agent];

    /// <summary>Reads the transitions added to the buffers since the last call and remembers those that end an episode.</summary>
    public void Update()
    {
        for (int b = 0; b < _buffers.Length; b++)
        {
            ReplayBuffer buffer = _buffers[b];
            long added = buffer.TotalAdded;
            long first = Math.Max(_seen[b], added - buffer.Count);
            for (long ordinal = first; ordinal < added; ordinal++)
            {
                if (_terminationsOnly ? buffer.TerminatesAt(ordinal) : buffer.EndsEpisodeAt(ordinal))
                {
                    Remember(buffer.AgentAt(ordinal), buffer.NextObservationAt(ordinal));
                }
            }

            _seen[b] = added;
        }
    }

    /// <summary>Marks everything in the buffers as read without remembering it (what they hold before learning starts).</summary>
    public void Skip()
    {
        for (int b = 0; b < _buffers.Length; b++)
        {
            _seen[b] = _buffers[b].TotalAdded;
        }
    }

    /// <summary>log p(z | <paramref name="outcome"/>) under the memory as it is now (0 when no agent has an outcome
    /// yet: nothing is known to be shared).</summary>
    public float LogPosterior(int agent, ReadOnlySpan<float> outcome)
    {
        // Reads only the memory: agents relabel their batches in parallel.
        float others = 0f;
        for (int j = 0; j < _count.Length; j++)
        {
            if (j != agent)
            {
                others += Density(j, outcome);
            }
        }

        float own = Density(agent, outcome) + _pseudoCount;
        return MathF.Log(own / (own + others));
    }

    /// <summary>Adds the outcome term to the rewards of <paramref name="batch"/> (z the row's agent), in the
    /// environment's reward units (the reward scale applies to it as to the reward): u log p(z | s') to every row
    /// (<see cref="OutcomeScore.Price"/>), or u log(K p(z | s')) to the rows that terminate
    /// (<see cref="OutcomeScore.Information"/>; no less than 0 with <see cref="OutcomeScore.PositiveInformation"/>),
    /// divided by gamma^(t - 1) for an end at step t when the score is undiscounted; spread, u log(K p(z | s_T)) / T to
    /// every row of an episode that terminated at s_T after T transitions.</summary>
    public void Relabel(ReplayBatch batch)
    {
        Span<float> rewards = batch.Rewards.Data;
        ReadOnlySpan<float> next = batch.NextObservations.Data;
        ReadOnlySpan<float> notTerminated = batch.NotTerminated.Data;
        ReadOnlySpan<int> agents = batch.Agents;
        int o = _observationSize;
        float weight = Weight;
        if (weight == 0f)
        {
            return;
        }

        if (_payment == OutcomePayment.Spread)
        {
            RelabelSpread(batch, weight);
            return;
        }

        if (_payment == OutcomePayment.Shaped)
        {
            Shape(batch, weight);
        }

        for (int r = 0; r < batch.BatchSize; r++)
        {
            if (!_terminationsOnly || notTerminated[r] == 0f)
            {
                ReadOnlySpan<float> end = next.Slice(r * o, o);
                float score = EndScore(weight, agents[r], end);
                rewards[r] += _undiscount is null ? score : score * _undiscount[StepOf(end[o - 1])];
            }
        }
    }

    /// <summary>Adds gamma Phi(s') - Phi(s) to every row, Phi(s) the score an end at s
    /// would get, and Phi(s') = 0 where the backup ends at s' (<see cref="ReplayBatch.Bootstraps"/> 0): at a termination
    /// the end's own score takes its place. Summed over an episode the terms telescope to -Phi(s_0), which no action
    /// changes, so the optimal policies are those of the score at the end alone (Ng, Harada and Russell, 1999); but the
    /// values the critics learn are the score's values minus Phi, which rise to the end's score gradually instead of
    /// jumping at the state before it.</summary>
    private void Shape(ReplayBatch batch, float weight)
    {
        Span<float> rewards = batch.Rewards.Data;
        ReadOnlySpan<float> states = batch.Observations.Data;
        ReadOnlySpan<float> next = batch.NextObservations.Data;
        ReadOnlySpan<float> bootstraps = batch.Bootstraps.Data;
        ReadOnlySpan<int> agents = batch.Agents;
        int o = _observationSize;
        for (int r = 0; r < batch.BatchSize; r++)
        {
            float potential = EndScore(weight, agents[r], states.Slice(r * o, o));
            float nextPotential = bootstraps[r] == 0f ? 0f : EndScore(weight, agents[r], next.Slice(r * o, o));
            rewards[r] += (_discount * nextPotential) - potential;
        }
    }

    /// <summary><see cref="Relabel"/> with the score spread: u log(K p(z | s_T)) / T on every row of an episode that
    /// terminated at s_T after T transitions, nothing on the rows of other episodes.</summary>
    private void RelabelSpread(ReplayBatch batch, float weight)
    {
        if (!batch.RecordsEpisodeEnds)
        {
            throw new InvalidOperationException("A spread outcome score needs batches that record their episodes' ends.");
        }

        Span<float> rewards = batch.Rewards.Data;
        ReadOnlySpan<float> ends = batch.EpisodeEnds;
        ReadOnlySpan<int> lengths = batch.EpisodeLengths;
        ReadOnlySpan<int> agents = batch.Agents;
        int o = _observationSize;
        for (int r = 0; r < batch.BatchSize; r++)
        {
            if (lengths[r] > 0)
            {
                float score = EndScore(weight, agents[r], ends.Slice(r * o, o));
                rewards[r] += score / lengths[r];
            }
        }
    }

    /// <summary>What an episode of <paramref name="agent"/> ending at <paramref name="end"/> scores under this memory's
    /// score: u (log K +) log p(z | end), a negative value weighed by the loss ratio (0 for the positive part). The one
    /// formula the end's score, its spread shares and the shaping potential all use.</summary>
    private float EndScore(float weight, int agent, ReadOnlySpan<float> end)
    {
        float score = _offset + LogPosterior(agent, end);
        return weight * (score >= 0f ? score : _lossRatio * score);
    }

    /// <summary>The step t (1 to the horizon) at which an observation with <paramref name="timeLeft"/> of the horizon left
    /// was reached.</summary>
    private int StepOf(float timeLeft)
    {
        int horizon = _undiscount!.Length - 1;
        int t = (int)MathF.Round((1f - timeLeft) * horizon);
        return Math.Clamp(t, 1, horizon);
    }

    /// <summary>Writes what the memory has read (per buffer) and holds (per agent), for a checkpoint.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("MEDE-OUTCOMES");
        writer.Write(_buffers.Length);
        writer.Write(_count.Length);
        writer.Write(_observationSize);
        foreach (long seen in _seen)
        {
            writer.Write(seen);
        }

        for (int k = 0; k < _count.Length; k++)
        {
            writer.Write(_count[k]);
            writer.Write(_next[k]);
            foreach (float v in _outcomes[k])
            {
                writer.Write(v);
            }
        }
    }

    /// <summary>Restores what <see cref="Write"/> wrote for a run of the same shape.</summary>
    public void Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ReadString() != "MEDE-OUTCOMES")
        {
            throw new InvalidDataException("The outcome memory does not start with the MEDE-OUTCOMES marker.");
        }

        int buffers = reader.ReadInt32(), agents = reader.ReadInt32(), observationSize = reader.ReadInt32();
        if (buffers != _buffers.Length || agents != _count.Length || observationSize != _observationSize)
        {
            throw new InvalidDataException(
                $"The outcome memory is for {buffers} buffers, {agents} agents and observation {observationSize}; this run has {_buffers.Length}, {_count.Length} and {_observationSize}.");
        }

        for (int b = 0; b < buffers; b++)
        {
            _seen[b] = reader.ReadInt64();
        }

        for (int k = 0; k < agents; k++)
        {
            _count[k] = reader.ReadInt32();
            _next[k] = reader.ReadInt32();
            if (_count[k] is < 0 or > EpisodesPerAgent || _next[k] is < 0 or >= EpisodesPerAgent)
            {
                throw new InvalidDataException($"The outcome memory of agent {k} is damaged (count {_count[k]}, next {_next[k]}).");
            }

            float[] outcomes = _outcomes[k];
            for (int i = 0; i < outcomes.Length; i++)
            {
                outcomes[i] = reader.ReadSingle();
            }
        }
    }

    private void Remember(int agent, ReadOnlySpan<float> outcome)
    {
        if ((uint)agent >= (uint)_count.Length)
        {
            throw new InvalidOperationException($"A replay buffer holds a transition of agent {agent}; the run has {_count.Length} agents.");
        }

        outcome.CopyTo(_outcomes[agent].AsSpan(_next[agent] * _observationSize, _observationSize));
        _next[agent] = (_next[agent] + 1) % EpisodesPerAgent;
        _count[agent] = Math.Min(_count[agent] + 1, EpisodesPerAgent);
    }

    /// <summary>c_j(s): the mean kernel between <paramref name="outcome"/> and agent j's remembered outcomes (0 with none).</summary>
    private float Density(int agent, ReadOnlySpan<float> outcome)
    {
        int n = _count[agent], o = _observationSize;
        if (n == 0)
        {
            return 0f;
        }

        // Oldest first, whatever the ring position: a memory rebuilt from a resumed run's buffers sums in the same order.
        ReadOnlySpan<float> outcomes = _outcomes[agent];
        int oldest = n < EpisodesPerAgent ? 0 : _next[agent];
        float sum = 0f;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> t = outcomes.Slice(((oldest + i) % EpisodesPerAgent) * o, o);
            float squared = 0f;
            for (int d = 0; d < o; d++)
            {
                float diff = outcome[d] - t[d];
                squared += diff * diff;
            }

            // Beyond e^-30 a kernel value is below float resolution next to the pseudo-count: skip the exponential.
            float exponent = squared * _inverseTwoBandwidthSquared;
            if (exponent < 30f)
            {
                sum += MathF.Exp(-exponent);
            }
        }

        return sum / n;
    }
}
