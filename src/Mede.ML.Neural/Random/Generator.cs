using Mede.ML.Internal;

namespace Mede.ML.Neural;

/// <summary>
/// A seeded random number generator (xoshiro256**) whose whole state can be saved and restored, so a resumed
/// training run draws exactly the numbers it would have drawn. <see cref="System.Random"/> cannot do that.
/// </summary>
/// <remarks>Not thread-safe: give each thread or component its own stream with <see cref="Fork"/>.</remarks>
public sealed class Generator
{
    private Xoshiro256 _state;

    /// <summary>Creates a generator from a seed; equal seeds give equal streams.</summary>
    public Generator(ulong seed) => _state = new Xoshiro256(seed);

    private Generator(Xoshiro256 state) => _state = state;

    /// <summary>The full state (four 64-bit words).</summary>
    public GeneratorState State
    {
        get
        {
            var (s0, s1, s2, s3) = _state.State;
            return new GeneratorState(s0, s1, s2, s3);
        }

        set => _state = new Xoshiro256(value.S0, value.S1, value.S2, value.S3);
    }

    /// <summary>An independent stream for another component, seeded from this one's next output and a stream id
    /// (so forks made in the same order are reproducible).</summary>
    public Generator Fork(ulong streamId = 0) => new(new Xoshiro256(_state.NextUInt64() ^ (streamId * 0x9E3779B97F4A7C15UL)));

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => _state.NextDouble();

    /// <summary>Uniform in [low, high).</summary>
    public float NextUniform(float low = 0f, float high = 1f) => (float)(low + (high - low) * _state.NextDouble());

    /// <summary>Standard normal.</summary>
    public float NextNormal() => (float)_state.NextGaussian();

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => _state.NextInt(n);

    /// <summary>Raw 64 random bits.</summary>
    public ulong NextUInt64() => _state.NextUInt64();

    /// <summary>Fills <paramref name="destination"/> with uniform values in [low, high).</summary>
    public void FillUniform(Span<float> destination, float low, float high)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)(low + (high - low) * _state.NextDouble());
        }
    }

    /// <summary>Fills <paramref name="destination"/> with standard normal values.</summary>
    public void FillNormal(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)_state.NextGaussian();
        }
    }
}
