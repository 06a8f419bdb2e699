namespace Mede.ML.Data;

/// <summary>A fitted model that maps a data view to another, as ML.NET's <c>ITransformer</c>.</summary>
public interface ITransformer
{
    /// <summary>False for Mede.ML's transformers: they map whole views, not single rows (kept for ML.NET's shape).</summary>
    bool IsRowToRowMapper { get; }

    /// <summary>The schema <see cref="Transform"/> produces from <paramref name="inputSchema"/>.</summary>
    /// <param name="inputSchema">The schema of the input.</param>
    /// <exception cref="ArgumentException">A column the transformer reads is missing or of the wrong type; the message names it.</exception>
    DataViewSchema GetOutputSchema(DataViewSchema inputSchema);

    /// <summary>Maps <paramref name="input"/> lazily to a view with the transformer's output columns.</summary>
    /// <param name="input">The data to transform.</param>
    IDataView Transform(IDataView input);
}
