namespace Mede.ML.Data;

/// <summary>
/// A vector column of known size whose cells are <see cref="VBuffer{T}"/> values, as in ML.NET
/// (<c>Vector&lt;Single, 3&gt;</c>). Mede.ML's vectors are always of known size.
/// </summary>
public sealed class VectorDataViewType : DataViewType
{
    /// <summary>Creates a vector type of <paramref name="size"/> items of <paramref name="itemType"/>.</summary>
    /// <param name="itemType">The item type, for example <see cref="NumberDataViewType.Single"/>.</param>
    /// <param name="size">The number of items, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is less than 1.</exception>
    public VectorDataViewType(PrimitiveDataViewType itemType, int size)
        : base(MakeRawType(itemType))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ItemType = itemType;
        Size = size;
    }

    /// <summary>The type of each item.</summary>
    public PrimitiveDataViewType ItemType { get; }

    /// <summary>The number of items in every cell.</summary>
    public int Size { get; }

    /// <summary>Always true: Mede.ML's vectors have a known size (kept for ML.NET's shape).</summary>
    public bool IsKnownSize => true;

    /// <inheritdoc/>
    public override bool Equals(DataViewType? other) =>
        other is VectorDataViewType vector && vector.Size == Size && vector.ItemType.Equals(ItemType);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ItemType, Size);

    /// <summary>Returns the ML.NET form, for example <c>Vector&lt;Single, 3&gt;</c>.</summary>
    public override string ToString() => $"Vector<{ItemType}, {Size}>";

    private static Type MakeRawType(PrimitiveDataViewType itemType)
    {
        ArgumentNullException.ThrowIfNull(itemType);
        return typeof(VBuffer<>).MakeGenericType(itemType.RawType);
    }
}
