namespace Mede.ML.Data;

/// <summary>Names the column a field or property maps to in <c>LoadFromEnumerable</c> and <c>CreateEnumerable</c>, as in ML.NET.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false)]
public sealed class ColumnNameAttribute : Attribute
{
    /// <summary>Maps the member to the column <paramref name="name"/>.</summary>
    /// <param name="name">The column name (case-sensitive).</param>
    public ColumnNameAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }
}
