namespace Mede.ML.Data;

/// <summary>
/// The value of one vector cell, as in ML.NET, in a minimal dense form: <see cref="Length"/> items read through
/// <see cref="GetValues"/>. Getters may write into the array of the buffer passed to them (ML.NET's buffer reuse),
/// so copy the values out before the next call if you keep them.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public readonly struct VBuffer<T>
{
    private readonly T[]? _values;

    /// <summary>Creates a dense buffer over the first <paramref name="length"/> items of <paramref name="values"/> (not copied).</summary>
    /// <param name="length">The logical length.</param>
    /// <param name="values">The items; at least <paramref name="length"/> long.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is shorter than <paramref name="length"/>.</exception>
    public VBuffer(int length, T[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (values.Length < length)
        {
            throw new ArgumentException(
                $"The values array holds {values.Length} items but the buffer length is {length}; pass at least {length} values.",
                nameof(values));
        }

        Length = length;
        _values = values;
    }

    /// <summary>Creates a dense buffer over all of <paramref name="values"/> (not copied).</summary>
    /// <param name="values">The items.</param>
    public VBuffer(T[] values)
        : this(values?.Length ?? 0, values!)
    {
    }

    /// <summary>The logical number of items.</summary>
    public int Length { get; }

    /// <summary>Always true: this minimal version stores every item (kept for ML.NET's shape).</summary>
    public bool IsDense => true;

    /// <summary>The items, <see cref="Length"/> of them.</summary>
    public ReadOnlySpan<T> GetValues() => _values is null ? default : _values.AsSpan(0, Length);

    /// <summary>Copies the items into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="Length"/> long.</param>
    public void CopyTo(Span<T> destination) => GetValues().CopyTo(destination);

    /// <summary>Returns a new array holding a copy of the items.</summary>
    public T[] ToArray() => GetValues().ToArray();

    /// <summary>Returns the array a getter may fill with <paramref name="length"/> items: this buffer's own when it is long enough.</summary>
    internal T[] GetWritableArray(int length) =>
        _values is not null && _values.Length >= length ? _values : new T[length];
}
