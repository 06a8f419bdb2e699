using System.Runtime.ExceptionServices;
using Mede.ML.Environments.Spaces;

namespace Mede.ML.Environments;

/// <summary>
/// N independent copies of an environment stepped together, with flat batched buffers: row i of every buffer
/// belongs to copy i. For evaluation throughput and for collecting with several agents at once.
/// </summary>
/// <remarks>
/// <para><b>Seeding.</b> <see cref="Reset"/> with seed s resets copy i with seed s + i (wrapping), so copy i of a
/// vector behaves exactly like a single environment reset with s + i. Later episodes continue each copy's own
/// random stream.</para>
/// <para><b>Auto-reset</b> (Gymnasium's same-step mode, as in its vector environments before 1.0): when copy i
/// ends an episode in <see cref="Step(ReadOnlySpan{float}, Span{float}, Span{float}, Span{bool}, Span{bool})"/>, its <c>terminated</c> or <c>truncated</c> flag and reward belong to that
/// last transition, but its row of <c>observations</c> already holds the first observation of the next episode
/// (reset with the copy's continued stream). The last observation of the finished episode, the one a learner needs
/// as next state to bootstrap a truncated transition, is in <see cref="FinalObservations"/> (Gymnasium's
/// <c>final_observation</c>); its return and length are in <see cref="FinalReturns"/> and <see cref="FinalLengths"/>.
/// Those rows are valid only for copies whose episode ended in the last step.</para>
/// <para><b>Threads.</b> With more than one thread the copies are split into contiguous blocks stepped by
/// <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>. Each copy owns its state and its rows, so
/// results are bit-identical for every thread count. One thread steps in a plain loop and allocates nothing;
/// more threads allocate Parallel.For's small per-call bookkeeping. If a copy throws, the exception propagates
/// (with several threads failing, one of their exceptions); the vector is then in an undefined state: Reset it.</para>
/// </remarks>
public sealed class VectorEnvironment : IDisposable
{
    private readonly IEnvironment[] _environments;
    private readonly int _observationSize;
    private readonly int _actionSize;
    private readonly int _termCount;
    private readonly int _threads;
    private readonly ParallelOptions _parallelOptions;
    private readonly Action<int> _stepBlock;
    private readonly float[] _actions;
    private readonly float[] _observations;
    private readonly float[] _rewards;
    private readonly bool[] _terminated;
    private readonly bool[] _truncated;
    private readonly float[] _rewardTerms;
    private readonly float[] _finalObservations;
    private readonly float[] _returns;
    private readonly int[] _lengths;
    private readonly float[] _finalReturns;
    private readonly int[] _finalLengths;
    private readonly int[] _finalGoals;
    private readonly (double X, double Y)[] _finalTravel;
    private readonly bool[] _active;

    /// <summary>Creates <paramref name="count"/> copies with <paramref name="create"/>.</summary>
    /// <param name="create">Makes a fresh, independent environment on each call.</param>
    /// <param name="count">Number of copies N.</param>
    /// <param name="threads">Maximum number of threads stepping copies (1 = the calling thread only).</param>
    /// <exception cref="ArgumentException">The copies disagree on their spaces, or reward terms.</exception>
    public VectorEnvironment(Func<IEnvironment> create, int count, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _environments = new IEnvironment[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                _environments[i] = create() ?? throw new InvalidOperationException($"The factory returned null for copy {i}.");
                CheckSameShape(_environments[0], _environments[i], i);
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        var first = _environments[0];
        _observationSize = first.ObservationSpace.Dimension;
        _actionSize = first.ActionSpace.Dimension;
        _termCount = first.RewardTermNames.Count;
        _threads = Math.Min(threads, count);
        _parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = _threads };
        _stepBlock = StepBlock;
        _actions = new float[count * _actionSize];
        _observations = new float[count * _observationSize];
        _rewards = new float[count];
        _terminated = new bool[count];
        _truncated = new bool[count];
        _rewardTerms = new float[count * _termCount];
        _finalObservations = new float[count * _observationSize];
        _returns = new float[count];
        _lengths = new int[count];
        _finalReturns = new float[count];
        _finalLengths = new int[count];
        _finalGoals = new int[count];
        _finalTravel = new (double X, double Y)[count];
        _active = new bool[count];
    }

    /// <summary>The number of copies N.</summary>
    public int Count => _environments.Length;

    /// <summary>The number of threads used to step (at most <see cref="Count"/>).</summary>
    public int Threads => _threads;

    /// <summary>The copies, in row order. Stepping one directly desynchronises the vector.</summary>
    public IReadOnlyList<IEnvironment> Environments => _environments;

    /// <summary>The observation space of one copy; batched buffers hold N rows of it.</summary>
    public Box ObservationSpace => _environments[0].ObservationSpace;

    /// <summary>The action space of one copy; the batched action buffer holds N rows of it.</summary>
    public Box ActionSpace => _environments[0].ActionSpace;

    /// <summary>Names of the reward terms; <see cref="RewardTerms"/> holds N rows of them.</summary>
    public IReadOnlyList<string> RewardTermNames => _environments[0].RewardTermNames;

    /// <summary>Reward terms of the last step, N rows of <see cref="RewardTermNames"/>.Count, taken before any
    /// auto-reset (so a finished episode's last terms are here).</summary>
    public ReadOnlySpan<float> RewardTerms => _rewardTerms;

    /// <summary>N rows of observations: row i is copy i's last observation of the episode that ended in the last
    /// step; rows of copies that did not finish hold stale data.</summary>
    public ReadOnlySpan<float> FinalObservations => _finalObservations;

    /// <summary>Undiscounted return of the episode each copy finished in the last step (valid where done).</summary>
    public ReadOnlySpan<float> FinalReturns => _finalReturns;

    /// <summary>Length in steps of the episode each copy finished in the last step (valid where done).</summary>
    public ReadOnlySpan<int> FinalLengths => _finalLengths;

    /// <summary>Per copy, the goal its last finished episode ended at (<see cref="IGoalEnvironment.ReachedGoal"/>), or -1
    /// when it ended at none or the environment has no goals; valid where <see cref="FinalObservations"/> is.</summary>
    public ReadOnlySpan<int> FinalGoals => _finalGoals;

    /// <summary>Per copy, how far and which way its body travelled in its last finished episode
    /// (<see cref="ITravelEnvironment.Travelled"/>), or NaN when the environment does not say; valid where
    /// <see cref="FinalObservations"/> is.</summary>
    public ReadOnlySpan<(double X, double Y)> FinalTravel => _finalTravel;

    /// <summary>Row i of <see cref="FinalObservations"/>.</summary>
    public ReadOnlySpan<float> FinalObservation(int index) =>
        _finalObservations.AsSpan(CheckIndex(index) * _observationSize, _observationSize);

    /// <summary>Resets every copy: copy i with <paramref name="seed"/> + i, or its continued stream when
    /// <paramref name="seed"/> is null.</summary>
    /// <param name="seed">The base seed, or null.</param>
    /// <param name="observations">Receives N rows of first observations.</param>
    public void Reset(ulong? seed, Span<float> observations)
    {
        CheckLength(observations.Length, _observations.Length, nameof(observations), "observation dimension");
        for (int i = 0; i < _environments.Length; i++)
        {
            ulong? copySeed = seed is ulong s ? unchecked(s + (ulong)i) : null;
            _environments[i].Reset(copySeed, observations.Slice(i * _observationSize, _observationSize));
            _returns[i] = 0f;
            _lengths[i] = 0;
        }
    }

    /// <summary>Steps every copy with its row of <paramref name="actions"/>, auto-resetting copies whose episode
    /// ended (see the remarks).</summary>
    /// <param name="actions">N rows of actions.</param>
    /// <param name="observations">Receives N rows: the next observation, or the first of the next episode for a
    /// copy that finished.</param>
    /// <param name="rewards">Receives N rewards.</param>
    /// <param name="terminated">Receives N termination flags.</param>
    /// <param name="truncated">Receives N truncation flags.</param>
    /// <exception cref="ArgumentException">A buffer has the wrong length, or a copy rejected its action.</exception>
    public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<bool> terminated, Span<bool> truncated) =>
        Step(actions, observations, rewards, terminated, truncated, active: default);

    /// <summary>
    /// Steps the copies whose <paramref name="active"/> flag is set (all of them when it is empty); an inactive copy is
    /// left exactly as it is: its row of <paramref name="observations"/> is not written, and its reward and flags read
    /// 0, not terminated, not truncated. Evaluation uses it to stop copies that have played their episodes while the others finish theirs.
    /// </summary>
    /// <param name="actions">Row i is copy i's action (rows of inactive copies are ignored).</param>
    /// <param name="observations">Receives each copy's next observation (the next episode's first when it ended).</param>
    /// <param name="rewards">Receives each copy's reward.</param>
    /// <param name="terminated">Receives each copy's termination flag.</param>
    /// <param name="truncated">Receives each copy's truncation flag.</param>
    /// <param name="active">One flag per copy, or empty for all.</param>
    public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<bool> terminated, Span<bool> truncated, ReadOnlySpan<bool> active)
    {
        if (active.IsEmpty)
        {
            _active.AsSpan().Fill(true);
        }
        else
        {
            CheckLength(active.Length, Count, nameof(active), null);
            active.CopyTo(_active);
        }

        CheckLength(actions.Length, _actions.Length, nameof(actions), "action dimension");
        CheckLength(observations.Length, _observations.Length, nameof(observations), "observation dimension");
        CheckLength(rewards.Length, Count, nameof(rewards), null);
        CheckLength(terminated.Length, Count, nameof(terminated), null);
        CheckLength(truncated.Length, Count, nameof(truncated), null);

        // Spans cannot enter the parallel body, so rows go through owned buffers either way.
        actions.CopyTo(_actions);
        if (_threads == 1)
        {
            StepBlock(0);
        }
        else
        {
            try
            {
                Parallel.For(0, _threads, _parallelOptions, _stepBlock);
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }

        for (int i = 0; i < Count; i++)
        {
            if (_active[i])
            {
                _observations.AsSpan(i * _observationSize, _observationSize).CopyTo(observations.Slice(i * _observationSize, _observationSize));
            }
        }

        _rewards.CopyTo(rewards);
        _terminated.CopyTo(terminated);
        _truncated.CopyTo(truncated);
    }

    /// <summary>Writes every copy's state and the episode statistics, so a vector continues exactly after
    /// <see cref="LoadState"/>.</summary>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Count);
        for (int i = 0; i < Count; i++)
        {
            _environments[i].SaveState(writer);
            writer.Write(_returns[i]);
            writer.Write(_lengths[i]);
        }
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The saved vector has another number of copies.</exception>
    public void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int count = reader.ReadInt32();
        if (count != Count)
        {
            throw new InvalidDataException($"The saved vector has {count} copies; this one has {Count}.");
        }

        for (int i = 0; i < Count; i++)
        {
            _environments[i].LoadState(reader);
            _returns[i] = reader.ReadSingle();
            _lengths[i] = reader.ReadInt32();
        }
    }

    /// <summary>Disposes every copy.</summary>
    public void Dispose()
    {
        foreach (var env in _environments)
        {
            env?.Dispose();
        }
    }

    /// <summary>Steps the copies of one contiguous block; block b of T covers [b N / T, (b + 1) N / T).</summary>
    private void StepBlock(int block)
    {
        int start = block * Count / _threads;
        int end = (block + 1) * Count / _threads;
        for (int i = start; i < end; i++)
        {
            StepOne(i);
        }
    }

    private void StepOne(int i)
    {
        if (!_active[i])
        {
            _rewards[i] = 0f;
            _terminated[i] = false;
            _truncated[i] = false;
            return;
        }

        var env = _environments[i];
        var observation = _observations.AsSpan(i * _observationSize, _observationSize);
        var result = env.Step(_actions.AsSpan(i * _actionSize, _actionSize), observation);
        _rewards[i] = result.Reward;
        _terminated[i] = result.Terminated;
        _truncated[i] = result.Truncated;
        env.RewardTerms.CopyTo(_rewardTerms.AsSpan(i * _termCount, _termCount));
        _returns[i] += result.Reward;
        _lengths[i]++;
        if (result.Done)
        {
            observation.CopyTo(_finalObservations.AsSpan(i * _observationSize, _observationSize));
            _finalReturns[i] = _returns[i];
            _finalLengths[i] = _lengths[i];
            _finalGoals[i] = env is IGoalEnvironment goals ? goals.ReachedGoal : -1;
            _finalTravel[i] = env is ITravelEnvironment travel ? travel.Travelled : (double.NaN, double.NaN);
            _returns[i] = 0f;
            _lengths[i] = 0;
            env.Reset(null, observation);
        }
    }

    private int CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return index;
    }

    private void CheckLength(int actual, int expected, string name, string? per)
    {
        if (actual != expected)
        {
            string shape = per is null ? $"{Count} copies" : $"{Count} copies x {expected / Count} ({per})";
            throw new ArgumentException($"Vector of '{_environments[0].Name}': {name} has length {actual}, expected {expected} = {shape}.", name);
        }
    }

    private static void CheckSameShape(IEnvironment first, IEnvironment other, int index)
    {
        if (other.ObservationSpace.Dimension != first.ObservationSpace.Dimension
            || other.ActionSpace.Dimension != first.ActionSpace.Dimension
            || !other.RewardTermNames.SequenceEqual(first.RewardTermNames))
        {
            throw new ArgumentException(
                $"Vector copy {index} ('{other.Name}': observation {other.ObservationSpace.Dimension}, action {other.ActionSpace.Dimension}, " +
                $"terms {string.Join("/", other.RewardTermNames)}) differs from copy 0 ('{first.Name}': observation {first.ObservationSpace.Dimension}, " +
                $"action {first.ActionSpace.Dimension}, terms {string.Join("/", first.RewardTermNames)}); the factory must make identical copies.");
        }
    }
}
