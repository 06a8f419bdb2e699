using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Mede.ML.Data;

/// <summary>
/// Reads trajectory CSV files (header row, vectors as <c>Observation.0</c> ... columns) into a
/// <see cref="TrajectoryDataView"/>, reporting any problem with the file, the 1-based line and the column.
/// </summary>
internal static class TrajectoryCsvReader
{
    private static readonly string[] _scalarColumns =
    [
        TrajectoryColumns.Reward, TrajectoryColumns.Terminated, TrajectoryColumns.Truncated,
        TrajectoryColumns.Agent, TrajectoryColumns.Episode, TrajectoryColumns.Step,
    ];

    public static TrajectoryDataView Load(string path, int? observationSize, int? actionSize)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The trajectory file '{path}' does not exist; check the path.", path);
        }

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            // A stray quote leaves the field as it is; the number parser then names the line and column.
            BadDataFound = null,
            IgnoreBlankLines = true,
        };
        using var reader = new StreamReader(path);
        using var parser = new CsvParser(reader, configuration);
        if (!parser.Read())
        {
            throw new TrajectoryFormatException(path, 1, TrajectoryColumns.Observation + ".0",
                "the file is empty; a trajectory CSV starts with a header row naming its columns (Observation.0, ..., Step).");
        }

        var header = parser.Record!.Select(name => name.Trim()).ToArray();
        var headerLine = parser.RawRow;
        var byName = IndexHeader(path, headerLine, header);
        var observation = FindVector(path, headerLine, byName, TrajectoryColumns.Observation, observationSize, "observation size", "observationSize");
        var action = FindVector(path, headerLine, byName, TrajectoryColumns.Action, actionSize, "action size", "actionSize");
        var nextObservation = FindVector(path, headerLine, byName, TrajectoryColumns.NextObservation, observation.Length, "observation size", null);
        var scalars = _scalarColumns.Select(name => FindScalar(path, headerLine, byName, name)).ToArray();

        var builder = new TrajectoryBuilder(observation.Length, action.Length);
        var validator = new TrajectoryRowValidator();
        var observationValues = new float[observation.Length];
        var actionValues = new float[action.Length];
        var nextObservationValues = new float[observation.Length];
        while (parser.Read())
        {
            var record = parser.Record!;
            var line = parser.RawRow;
            if (record.Length < header.Length)
            {
                throw new TrajectoryFormatException(path, line, header[record.Length],
                    $"the line has {record.Length} fields but the header has {header.Length}; every line needs a value for every column.");
            }

            if (record.Length > header.Length)
            {
                throw new TrajectoryFormatException(path, line, $"field {header.Length + 1}",
                    $"the line has {record.Length} fields but the header has {header.Length}; remove the extra fields or name them in the header.");
            }

            var row = new Row(path, line, header, record);
            row.ReadVector(observation, observationValues);
            row.ReadVector(action, actionValues);
            row.ReadVector(nextObservation, nextObservationValues);
            var reward = row.ReadSingle(scalars[0]);
            var terminated = row.ReadBoolean(scalars[1]);
            var truncated = row.ReadBoolean(scalars[2]);
            var agent = row.ReadInt32(scalars[3]);
            var episode = row.ReadInt64(scalars[4]);
            var step = row.ReadInt32(scalars[5]);
            if (validator.Check(observationValues, actionValues, reward, nextObservationValues, terminated, truncated, agent, episode, step) is { } issue)
            {
                var column = issue.Item >= 0 ? $"{issue.Column}.{issue.Item}" : issue.Column;
                throw new TrajectoryFormatException(path, line, column, issue.Problem);
            }

            builder.AddValidated(observationValues, actionValues, reward, nextObservationValues, terminated, truncated, agent, episode, step);
        }

        return builder.ToDataView();
    }

    private static Dictionary<string, int> IndexHeader(string path, int line, string[] header)
    {
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (!byName.TryAdd(header[i], i))
            {
                throw new TrajectoryFormatException(path, line, header[i],
                    $"the header names this column twice (fields {byName[header[i]] + 1} and {i + 1}); keep one.");
            }
        }

        return byName;
    }

    private static int FindScalar(string path, int line, Dictionary<string, int> byName, string name) =>
        byName.TryGetValue(name, out var index)
            ? index
            : throw new TrajectoryFormatException(path, line, name, $"the header has no column '{name}'.{Hint(byName, name)} A trajectory CSV needs Observation.*, Action.*, Reward, NextObservation.*, Terminated, Truncated, Agent, Episode and Step.");

    /// <summary>
    /// The field indices of <c>name.0</c> ... <c>name.n-1</c>, checked against the expected size when there is one;
    /// <paramref name="parameter"/> names the load parameter that sets that size, or is null when Observation sets it.
    /// </summary>
    private static int[] FindVector(
        string path, int line, Dictionary<string, int> byName, string name, int? expectedSize, string sizeName, string? parameter)
    {
        var items = new SortedDictionary<int, int>();
        foreach (var (header, index) in byName)
        {
            if (header.StartsWith(name + ".", StringComparison.Ordinal)
                && int.TryParse(header.AsSpan(name.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var item))
            {
                items[item] = index;
            }
        }

        if (items.Count == 0)
        {
            throw new TrajectoryFormatException(path, line, name + ".0",
                $"the header has no column '{name}.0'.{Hint(byName, name + ".0")} The vector {name} is spread over the columns {name}.0, {name}.1, ... one per item.");
        }

        var found = items.Keys.Max() + 1;
        var size = expectedSize ?? found;
        if (found > size)
        {
            throw new TrajectoryFormatException(path, line, $"{name}.{found - 1}",
                $"{name} has columns up to {name}.{found - 1} ({found} items) but the {sizeName} is {size}; drop the extra columns"
                + (parameter is null ? $" ({name} has as many items as Observation)." : $" or load with {parameter}: {found}."));
        }

        for (var item = 0; item < size; item++)
        {
            if (!items.ContainsKey(item))
            {
                throw new TrajectoryFormatException(path, line, $"{name}.{item}",
                    $"the header has no column '{name}.{item}'; {name} needs the columns {name}.0 to {name}.{size - 1} ({sizeName} {size}) with no gaps.");
            }
        }

        return [.. items.Values];
    }

    private static string Hint(Dictionary<string, int> byName, string name) =>
        byName.Keys.FirstOrDefault(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase)) is { } near
            ? $" It has '{near}'; column names are case-sensitive."
            : string.Empty;

    /// <summary>One line of the file, with parsers that name the line and column of a bad field.</summary>
    private readonly ref struct Row(string path, int line, string[] header, string[] record)
    {
        public void ReadVector(int[] fields, Span<float> values)
        {
            for (var i = 0; i < fields.Length; i++)
            {
                values[i] = ReadSingle(fields[i]);
            }
        }

        public float ReadSingle(int field) =>
            float.TryParse(record[field], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Bad(field, "is not a number; write it like 0.25 or -1.5e-3 (a '.' as the decimal point)");

        public int ReadInt32(int field) =>
            int.TryParse(record[field], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Bad(field, "is not a whole number (Int32)");

        public long ReadInt64(int field) =>
            long.TryParse(record[field], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Bad(field, "is not a whole number (Int64)");

        public bool ReadBoolean(int field) => record[field].Trim() switch
        {
            "1" => true,
            "0" => false,
            var text when bool.TryParse(text, out var value) => value,
            _ => throw Bad(field, "is not a Boolean; write true or false (or 1 or 0)"),
        };

        private TrajectoryFormatException Bad(int field, string problem) =>
            new(path, line, header[field], $"'{record[field]}' {problem}.");
    }
}
