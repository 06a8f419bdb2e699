using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Mede.ML.Data;

/// <summary>Writes any data view as CSV: scalars under their names, vectors over <c>Name.0</c> ... columns; atomically.</summary>
internal static class CsvDataViewWriter
{
    public static void Save(IDataView data, string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot save '{path}': the directory '{directory}' does not exist; create it first.");
        }

        // Write beside the destination and rename, so a crash never leaves a half-written file under its name.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new StreamWriter(temporary))
            using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture)))
            {
                Write(data, csv);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void Write(IDataView data, CsvWriter csv)
    {
        foreach (var column in data.Schema)
        {
            if (column.Type is VectorDataViewType vector)
            {
                for (var i = 0; i < vector.Size; i++)
                {
                    csv.WriteField($"{column.Name}.{i}");
                }
            }
            else
            {
                csv.WriteField(column.Name);
            }
        }

        csv.NextRecord();
        using var cursor = data.GetRowCursor(data.Schema);
        var writers = data.Schema.Select(column => MakeWriter(cursor, column, csv)).ToArray();
        while (cursor.MoveNext())
        {
            foreach (var write in writers)
            {
                write();
            }

            csv.NextRecord();
        }
    }

    private static Action MakeWriter(DataViewRowCursor cursor, DataViewSchema.Column column, CsvWriter csv)
    {
        var itemType = column.Type is VectorDataViewType vector ? vector.ItemType : column.Type;
        var format = itemType.Equals(NumberDataViewType.Single) ? Format<float>(v => v.ToString("R", CultureInfo.InvariantCulture))
            : itemType.Equals(NumberDataViewType.Int32) ? Format<int>(v => v.ToString(CultureInfo.InvariantCulture))
            : itemType.Equals(NumberDataViewType.Int64) ? Format<long>(v => v.ToString(CultureInfo.InvariantCulture))
            : itemType.Equals(NumberDataViewType.Double) ? Format<double>(v => v.ToString("R", CultureInfo.InvariantCulture))
            : itemType.Equals(TextDataViewType.Instance) ? Format<ReadOnlyMemory<char>>(v => v.ToString())
            : Format<bool>(v => v ? "true" : "false");
        return format.Make(cursor, column, csv);
    }

    private static IFieldFormat Format<T>(Func<T, string> format) => new FieldFormat<T>(format);

    private interface IFieldFormat
    {
        Action Make(DataViewRowCursor cursor, DataViewSchema.Column column, CsvWriter csv);
    }

    private sealed class FieldFormat<T>(Func<T, string> format) : IFieldFormat
    {
        public Action Make(DataViewRowCursor cursor, DataViewSchema.Column column, CsvWriter csv)
        {
            if (column.Type is VectorDataViewType)
            {
                var getVector = cursor.GetGetter<VBuffer<T>>(column);
                var buffer = default(VBuffer<T>);
                return () =>
                {
                    getVector(ref buffer);
                    foreach (var item in buffer.GetValues())
                    {
                        csv.WriteField(format(item));
                    }
                };
            }

            var get = cursor.GetGetter<T>(column);
            var value = default(T)!;
            return () =>
            {
                get(ref value);
                csv.WriteField(format(value));
            };
        }
    }
}
