namespace Mede.ML.Data;

/// <summary>
/// A lazily evaluated table with a schema, read through row cursors, as in ML.NET. Views over stored data give
/// every cursor the same rows in the same order; a view that generates rows (an environment rollout) may not.
/// </summary>
public interface IDataView
{
    /// <summary>The columns of every row.</summary>
    DataViewSchema Schema { get; }

    /// <summary>True when the view can hand out its rows in a random order (Mede.ML's views cannot yet).</summary>
    bool CanShuffle { get; }

    /// <summary>The number of rows when known without a pass over the data, otherwise <c>null</c>.</summary>
    long? GetRowCount();

    /// <summary>Opens a cursor that makes getters for <paramref name="columnsNeeded"/>.</summary>
    /// <param name="columnsNeeded">The columns to read; others may be skipped.</param>
    DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded);
}
