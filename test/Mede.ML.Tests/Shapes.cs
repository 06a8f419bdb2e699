using System.Reflection;
using Microsoft.ML;

namespace Mede.ML.Tests;

/// <summary>A data view's schema as the <see cref="SchemaShape"/> estimators check. ML.NET makes it with its internal
/// <c>SchemaShape.Create</c>; the tests reach that by reflection (the library itself does not).</summary>
internal static class Shapes
{
    private static readonly MethodInfo s_create = typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(DataViewSchema)])
        ?? throw new InvalidOperationException("SchemaShape.Create(DataViewSchema) is gone from this ML.NET; update Shapes.Of.");

    public static SchemaShape Of(DataViewSchema schema) => (SchemaShape)s_create.Invoke(null, [schema])!;

    public static bool Has(this SchemaShape shape, string name) => shape.Any(c => c.Name == name);
}
