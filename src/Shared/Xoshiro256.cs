// Compiled into more than one assembly (linked source), so that the neural core and the environments share one
// generator without depending on each other. Keep it free of anything but the BCL.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Mede.ML.Internal;

/// <summary>
/// xoshiro256** (Blackman and Vigna, 2018): a small, fast generator whose whole state is four 64-bit words, so
/// it can be saved and restored exactly (<see cref="System.Random"/> cannot). Seeded through SplitMix64, as the
/// authors recommend, so that nearby seeds give unrelated streams.
/// </summary>
internal struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    public Xoshiro256(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new ArgumentException("A xoshiro256 state of all zeros is invalid (the generator would only return 0).");
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    public readonly (ulong S0, ulong S1, ulong S2, ulong S3) State => (_s0, _s1, _s2, _s3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) by Lemire's multiply-shift with rejection (no modulo bias).</summary>
    public int NextInt(int n)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The upper bound must be positive.");
        }

        ulong bound = (ulong)n;
        while (true)
        {
            ulong r = NextUInt64() >> 32;
            ulong m = r * bound;
            if ((uint)m >= (uint)((0x1_0000_0000UL - bound) % bound))
            {
                return (int)(m >> 32);
            }
        }
    }

    /// <summary>Standard normal by the Marsaglia polar method (one value per call; the spare is discarded so the
    /// state stays four words).</summary>
    public double NextGaussian()
    {
        while (true)
        {
            double u = 2.0 * NextDouble() - 1.0;
            double v = 2.0 * NextDouble() - 1.0;
            double s = u * u + v * v;
            if (s > 0.0 && s < 1.0)
            {
                return u * Math.Sqrt(-2.0 * Math.Log(s) / s);
            }
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
