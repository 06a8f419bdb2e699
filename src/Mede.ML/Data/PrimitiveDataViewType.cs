namespace Mede.ML.Data;

/// <summary>A scalar column type (a number or a Boolean), the item type of vectors. As in ML.NET.</summary>
public abstract class PrimitiveDataViewType : DataViewType
{
    private protected PrimitiveDataViewType(Type rawType)
        : base(rawType)
    {
    }

    /// <summary>True when <paramref name="other"/> is this very type (each primitive type has one instance).</summary>
    /// <param name="other">The type to compare with.</param>
    public override bool Equals(DataViewType? other) => ReferenceEquals(this, other);
}
