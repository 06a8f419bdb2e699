namespace Mede.ML.Environments.Spaces;

/// <summary>
/// A box in R^n: every coordinate i lies in [<see cref="Low"/>[i], <see cref="High"/>[i]]. Infinite bounds are
/// allowed for observations; action boxes must be finite.
/// </summary>
public sealed class Box
{
    private readonly float[] _low;
    private readonly float[] _high;

    /// <summary>Creates a box from per-coordinate bounds.</summary>
    /// <exception cref="ArgumentException">The bounds differ in length, are NaN, or low &gt; high somewhere.</exception>
    public Box(ReadOnlySpan<float> low, ReadOnlySpan<float> high)
    {
        if (low.Length != high.Length)
        {
            throw new ArgumentException($"Box bounds differ in length: low has {low.Length}, high has {high.Length}.");
        }

        for (int i = 0; i < low.Length; i++)
        {
            if (float.IsNaN(low[i]) || float.IsNaN(high[i]) || low[i] > high[i])
            {
                throw new ArgumentException($"Box bound {i} is invalid: low {low[i]}, high {high[i]}.");
            }
        }

        _low = low.ToArray();
        _high = high.ToArray();
    }

    /// <summary>Creates an n-dimensional box with the same bounds in every coordinate.</summary>
    public static Box Uniform(int dimension, float low, float high)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        var lows = new float[dimension];
        var highs = new float[dimension];
        Array.Fill(lows, low);
        Array.Fill(highs, high);
        return new Box(lows, highs);
    }

    /// <summary>The number of coordinates (the flat shape).</summary>
    public int Dimension => _low.Length;

    /// <summary>Lower bounds, one per coordinate.</summary>
    public ReadOnlySpan<float> Low => _low;

    /// <summary>Upper bounds, one per coordinate.</summary>
    public ReadOnlySpan<float> High => _high;

    /// <summary>True when every bound is finite.</summary>
    public bool IsBounded
    {
        get
        {
            for (int i = 0; i < _low.Length; i++)
            {
                if (!float.IsFinite(_low[i]) || !float.IsFinite(_high[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>True when <paramref name="x"/> has the box's length, is finite and lies inside the bounds.</summary>
    public bool Contains(ReadOnlySpan<float> x) => FindViolation(x) < 0 && x.Length == Dimension;

    /// <summary>Index of the first coordinate of <paramref name="x"/> that is NaN or outside the bounds; -1 if none.
    /// The lengths must already agree.</summary>
    public int FindViolation(ReadOnlySpan<float> x)
    {
        int n = Math.Min(x.Length, _low.Length);
        for (int i = 0; i < n; i++)
        {
            if (!(x[i] >= _low[i] && x[i] <= _high[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Clips <paramref name="x"/> into the box, writing the result to <paramref name="destination"/>.</summary>
    public void Clip(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (int i = 0; i < _low.Length; i++)
        {
            destination[i] = Math.Clamp(x[i], _low[i], _high[i]);
        }
    }

    /// <summary>Maps a point of [-1, 1]^n (a tanh-squashed action) affinely onto the box.</summary>
    public void FromUnitCube(ReadOnlySpan<float> unit, Span<float> destination)
    {
        for (int i = 0; i < _low.Length; i++)
        {
            destination[i] = _low[i] + 0.5f * (unit[i] + 1f) * (_high[i] - _low[i]);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Box({Dimension}: [{string.Join(", ", _low)}] .. [{string.Join(", ", _high)}])";
}
