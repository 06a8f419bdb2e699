using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mede.ML.Data;

/// <summary>
/// The common part of Mede.ML's row cursors over ML.NET's <see cref="DataViewRowCursor"/>: one batch, row ids from
/// the position, and getters that check their column, its activity and the value type with messages a caller can act on.
/// </summary>
internal abstract class CheckedCursor : DataViewRowCursor
{
    /// <summary>Always 0: the cursors of Mede.ML's views are not split into parallel batches.</summary>
    public override long Batch => 0;

    /// <summary>Row ids are the positions (unique, and the same on every pass over a view).</summary>
    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        (ref DataViewRowId value) => value = new DataViewRowId((ulong)Position, 0);

    /// <summary>Throws when <paramref name="column"/> is not this cursor's, was not requested, or is not of
    /// <typeparamref name="TValue"/>.</summary>
    protected void CheckGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < 0 || column.Index >= Schema.Count || Schema[column.Index].Name != column.Name)
        {
            throw new InvalidOperationException(
                $"Column '{column.Name}' (index {column.Index}) does not belong to this cursor's schema; take the column from the cursor's Schema or the data view's Schema.");
        }

        if (!IsColumnActive(column))
        {
            throw new InvalidOperationException(
                $"Column '{column.Name}' was not requested when the cursor was made; pass it in columnsNeeded to GetRowCursor.");
        }

        if (typeof(TValue) != column.Type.RawType)
        {
            throw new InvalidOperationException(
                $"Column '{column.Name}' is {column.Type}: ask for GetGetter<{CSharpName(column.Type.RawType)}>, not GetGetter<{CSharpName(typeof(TValue))}>.");
        }
    }

    /// <summary>The C# spelling of a getter's value type (float, VBuffer&lt;float&gt;, float[]).</summary>
    internal static string CSharpName(Type type) =>
        type == typeof(float) ? "float"
        : type == typeof(double) ? "double"
        : type == typeof(int) ? "int"
        : type == typeof(long) ? "long"
        : type == typeof(bool) ? "bool"
        : type == typeof(ReadOnlyMemory<char>) ? "ReadOnlyMemory<char>"
        : type.IsArray ? CSharpName(type.GetElementType()!) + "[]"
        : type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(CSharpName))}>"
        : type.Name;

    /// <summary>The active flags of a cursor over <paramref name="schema"/> asked for <paramref name="columnsNeeded"/>.</summary>
    protected static bool[] ActiveFlags(DataViewSchema schema, IEnumerable<DataViewSchema.Column> columnsNeeded)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var active = new bool[schema.Count];
        foreach (DataViewSchema.Column column in columnsNeeded)
        {
            if (column.Index >= 0 && column.Index < active.Length)
            {
                active[column.Index] = true;
            }
        }

        return active;
    }
}
