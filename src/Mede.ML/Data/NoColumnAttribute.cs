namespace Mede.ML.Data;

/// <summary>Leaves a public field or property out of the columns <c>LoadFromEnumerable</c> and <c>CreateEnumerable</c> map, as in ML.NET.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false)]
public sealed class NoColumnAttribute : Attribute
{
}
