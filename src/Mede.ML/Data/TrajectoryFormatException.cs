namespace Mede.ML.Data;

/// <summary>
/// Trajectory data that cannot be used, with where it is: the file (or none, for a data view), the 1-based line
/// of the file (or row of the view) and the column.
/// </summary>
public sealed class TrajectoryFormatException : FormatException
{
    /// <summary>Creates the exception; the message starts with the place and ends with <paramref name="problem"/>.</summary>
    /// <param name="file">The file, or <c>null</c> when the data came from a data view.</param>
    /// <param name="line">The 1-based line of the file, or the 1-based row of the data view.</param>
    /// <param name="column">The column: a CSV header such as <c>Observation.2</c>, or a schema column name.</param>
    /// <param name="problem">What is wrong and what to do about it.</param>
    public TrajectoryFormatException(string? file, int line, string column, string problem)
        : base(file is null
            ? $"Row {line}, column '{column}': {problem}"
            : $"{file}, line {line}, column '{column}': {problem}")
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The file, or <c>null</c> when the data came from a data view.</summary>
    public string? File { get; }

    /// <summary>The 1-based line of <see cref="File"/>, or the 1-based row of the data view when there is no file.</summary>
    public int Line { get; }

    /// <summary>The column: a CSV header such as <c>Observation.2</c>, or a schema column name.</summary>
    public string Column { get; }
}
