namespace Mede.ML.Data;

/// <summary>
/// A forward-only pass over the rows of a data view, as in ML.NET: call <see cref="MoveNext"/> until it returns
/// false, and read the current row through getters made once with <see cref="GetGetter{TValue}"/>.
/// </summary>
public abstract class DataViewRowCursor : IDisposable
{
    /// <summary>The schema of the rows.</summary>
    public abstract DataViewSchema Schema { get; }

    /// <summary>The 0-based index of the current row; -1 before the first <see cref="MoveNext"/>.</summary>
    public abstract long Position { get; }

    /// <summary>Moves to the next row.</summary>
    /// <returns>True when there is a row to read; false at the end.</returns>
    public abstract bool MoveNext();

    /// <summary>True when the cursor was asked for <paramref name="column"/> and its getter may be made.</summary>
    /// <param name="column">A column of <see cref="Schema"/>.</param>
    public abstract bool IsColumnActive(DataViewSchema.Column column);

    /// <summary>Makes a getter that reads <paramref name="column"/> of the current row.</summary>
    /// <typeparam name="TValue">The column's raw type: <c>float</c>, <c>int</c>, <c>long</c>, <c>bool</c> or <c>VBuffer&lt;float&gt;</c>.</typeparam>
    /// <param name="column">An active column of <see cref="Schema"/>.</param>
    /// <exception cref="InvalidOperationException"><typeparamref name="TValue"/> is not the column's raw type, or the
    /// column was not requested when the cursor was made; the message names the column and both types.</exception>
    public abstract ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column);

    /// <summary>Ends the pass and releases what the cursor holds.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources; override when the cursor holds any.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Checks that a getter of <typeparamref name="TValue"/> may be made for <paramref name="column"/>; implementations call it first.</summary>
    /// <typeparam name="TValue">The requested value type.</typeparam>
    /// <param name="column">The requested column.</param>
    /// <exception cref="InvalidOperationException">The column is foreign, inactive or of another type.</exception>
    protected void CheckGetter<TValue>(DataViewSchema.Column column)
    {
        if (column.Index < 0 || column.Index >= Schema.Count || Schema[column.Index] != column)
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
                $"Column '{column.Name}' is of type {column.Type} (values of {Describe(column.Type.RawType)}) but a getter of {Describe(typeof(TValue))} was requested; call GetGetter<{Describe(column.Type.RawType)}>.");
        }
    }

    private static string Describe(Type type) =>
        type.IsArray ? $"{Describe(type.GetElementType()!)}[]"
        : type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
            : type == typeof(float) ? "float"
            : type == typeof(int) ? "int"
            : type == typeof(long) ? "long"
            : type == typeof(bool) ? "bool"
            : type == typeof(double) ? "double"
            : type.Name;
}
