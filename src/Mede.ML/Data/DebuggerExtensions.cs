namespace Mede.ML.Data;

/// <summary>Looking at data while developing, as ML.NET's <c>DebuggerExtensions</c>.</summary>
public static class DebuggerExtensions
{
    /// <summary>Reads the first <paramref name="maxRows"/> rows of every column into memory; print it to see a table.</summary>
    /// <param name="data">The data view to look at.</param>
    /// <param name="maxRows">The most rows to read, at least 0.</param>
    /// <example><code>Console.WriteLine(ml.Data.LoadTrajectoriesFromCsv("rollouts.csv").Preview(5));</code></example>
    public static DataDebuggerPreview Preview(this IDataView data, int maxRows = 10)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        return new DataDebuggerPreview(data, maxRows);
    }
}
