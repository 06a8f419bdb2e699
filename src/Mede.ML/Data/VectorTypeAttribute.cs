namespace Mede.ML.Data;

/// <summary>
/// Gives the size of the vector column a <c>float[]</c> member maps to, as in ML.NET. Without it,
/// <c>LoadFromEnumerable</c> takes the size from the first row.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false)]
public sealed class VectorTypeAttribute : Attribute
{
    /// <summary>Declares a vector of <paramref name="size"/> items.</summary>
    /// <param name="size">The number of items, at least 1.</param>
    public VectorTypeAttribute(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
    }

    /// <summary>The number of items.</summary>
    public int Size { get; }
}
