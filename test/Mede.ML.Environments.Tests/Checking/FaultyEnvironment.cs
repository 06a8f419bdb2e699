using Mede.ML.Environments.Spaces;
using Mede.ML.Internal;

namespace Mede.ML.Environments.Tests.Checking;

/// <summary>
/// A noisy 1D random walk written against <see cref="IEnvironment"/> directly (not <see cref="EnvironmentBase"/>,
/// which would prevent most faults), correct unless told to break in one way.
/// </summary>
internal sealed class FaultyEnvironment(Fault fault) : IEnvironment
{
    private const int Limit = 20;
    private static int s_sharedCounter;
    private readonly float[] _terms = new float[2];
    private Xoshiro256 _random = new(0);
    private float _position;
    private bool _over = true;

    public string Name => "faulty-" + fault;

    public Box ObservationSpace { get; } = Box.Uniform(2, -100f, 100f);

    public Box ActionSpace { get; } = fault switch
    {
        Fault.ZeroActionDimension => Box.Uniform(0, -1f, 1f),
        Fault.UnboundedActionSpace => Box.Uniform(1, float.NegativeInfinity, float.PositiveInfinity),
        _ => Box.Uniform(1, -1f, 1f),
    };

    public int MaxEpisodeSteps => Limit;

    public int ElapsedSteps { get; private set; }

    public IReadOnlyList<string> RewardTermNames { get; } = ["distance", "noise"];

    public ReadOnlySpan<float> RewardTerms => fault == Fault.TermsLengthMismatch ? _terms.AsSpan(0, 1) : _terms;

    public void Reset(ulong? seed, Span<float> observation)
    {
        if (seed is ulong s && fault != Fault.IgnoresSeed)
        {
            _random = new Xoshiro256(s);
        }

        _position = fault == Fault.IgnoresSeed ? 0.5f : (float)(2 * _random.NextDouble() - 1);
        ElapsedSteps = 0;
        _over = false;
        Array.Clear(_terms);
        Observe(observation);
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (_over && fault != Fault.StepAfterDoneAllowed)
        {
            throw new InvalidOperationException("Step after the end; call Reset.");
        }

        if (action.Length != 1 && fault != Fault.AcceptsWrongLength)
        {
            if (fault == Fault.WrongExceptionType)
            {
                throw new IndexOutOfRangeException("bad length");
            }

            throw new ArgumentException("The action must have length 1.", nameof(action));
        }

        float a = action.Length > 0 ? action[0] : 0f;
        if (float.IsNaN(a) && fault != Fault.AcceptsNaN)
        {
            throw new ArgumentException("NaN action.", nameof(action));
        }

        if (!float.IsNaN(a) && (a < -1f || a > 1f) && fault != Fault.AcceptsOutsideBox)
        {
            throw new ArgumentException("Action outside [-1, 1].", nameof(action));
        }

        float noise = fault == Fault.Nondeterministic
            ? Interlocked.Increment(ref s_sharedCounter) % 7 * 0.01f
            : (float)(0.1 * _random.NextDouble());
        _position += a + noise;
        ElapsedSteps++;
        _terms[0] = -Math.Abs(_position);
        _terms[1] = -noise;
        float reward = _terms[0] + _terms[1];
        if (fault == Fault.RewardNotSumOfTerms)
        {
            reward += 1f;
        }

        if (fault == Fault.InfiniteReward && ElapsedSteps == 3)
        {
            reward = float.PositiveInfinity;
        }

        bool atLimit = ElapsedSteps >= Limit;
        bool terminated = fault == Fault.TerminatedAndTruncated && atLimit;
        bool truncated = fault switch
        {
            Fault.EarlyTruncation => ElapsedSteps >= Limit - 1,
            Fault.NoTruncation => false,
            _ => atLimit,
        };
        _over = terminated || truncated;
        Observe(observation);
        return new StepResult(reward, terminated, truncated);
    }

    public void SaveState(BinaryWriter writer)
    {
        var (s0, s1, s2, s3) = _random.State;
        writer.Write(s0);
        writer.Write(s1);
        writer.Write(s2);
        writer.Write(s3);
        writer.Write(fault == Fault.SaveForgetsPosition ? 0f : _position);
        writer.Write(ElapsedSteps);
        writer.Write(_over);
        if (fault == Fault.LoadReadsLess)
        {
            writer.Write(42);
        }
    }

    public void LoadState(BinaryReader reader)
    {
        _random = new Xoshiro256(reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64());
        _position = reader.ReadSingle();
        ElapsedSteps = reader.ReadInt32();
        _over = reader.ReadBoolean();
    }

    public void Dispose()
    {
    }

    private void Observe(Span<float> observation)
    {
        observation[0] = _position;
        observation[1] = ElapsedSteps / (float)Limit;
        if (fault == Fault.NaNObservation && ElapsedSteps == 5)
        {
            observation[1] = float.NaN;
        }

        if (fault == Fault.ObservationOutsideBox && ElapsedSteps == 5)
        {
            observation[1] = 1000f;
        }
    }
}
