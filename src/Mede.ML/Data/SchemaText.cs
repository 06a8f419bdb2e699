using Microsoft.ML;

namespace Mede.ML.Data;

/// <summary>How error messages name the columns of a schema.</summary>
internal static class SchemaText
{
    /// <summary>The column names, quoted and comma-separated, or "(none)".</summary>
    public static string DescribeNames(this DataViewSchema schema) =>
        schema.Count == 0 ? "(none)" : string.Join(", ", schema.Select(c => $"'{c.Name}'"));
}
