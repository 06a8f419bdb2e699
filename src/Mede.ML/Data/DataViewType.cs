namespace Mede.ML.Data;

/// <summary>
/// The type of a data view column, as in ML.NET: <see cref="NumberDataViewType"/>, <see cref="BooleanDataViewType"/>
/// and <see cref="VectorDataViewType"/>. Two types are equal when they describe the same values.
/// </summary>
public abstract class DataViewType : IEquatable<DataViewType>
{
    // Only this library defines column types; users compose the ones it has.
    private protected DataViewType(Type rawType)
    {
        RawType = rawType;
    }

    /// <summary>The .NET type a getter for this column produces (<c>float</c>, <c>int</c>, <c>VBuffer&lt;float&gt;</c>...).</summary>
    public Type RawType { get; }

    /// <summary>True when <paramref name="other"/> describes the same values.</summary>
    /// <param name="other">The type to compare with.</param>
    public abstract bool Equals(DataViewType? other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataViewType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => RawType.GetHashCode();
}
