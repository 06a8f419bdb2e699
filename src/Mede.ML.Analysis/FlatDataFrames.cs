using System.Globalization;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Mede.ML.Analysis;

/// <summary>
/// Data views as <see cref="DataFrame"/>s for offline analysis (notebooks, CSV): every row (not the 100 of
/// <c>IDataView.ToDataFrame()</c>'s default), and every vector flattened to one scalar column per slot
/// (<c>Observation.0</c>, <c>Observation.1</c>, ...), because a DataFrame's vector columns lose their size and print
/// their buffers past their length. <c>ml.Transforms.Concatenate("Observation", "Observation.0", ...)</c> joins the
/// slots back into a vector.
/// </summary>
public static class FlatDataFrames
{
    /// <summary>
    /// Reads <paramref name="data"/> into a DataFrame: Single, Double, Int32, Int64, Boolean and text columns as
    /// they are; vectors of Single, Double or Int32 as one column per slot named <c>Name.i</c> (for vectors of
    /// unknown size, as many slots as the longest row, missing slots null). Hidden columns are left out.
    /// </summary>
    /// <param name="data">Any data view, e.g. a rollout (<c>Reinforcement().Data.FromEnvironment</c>), a scored view or
    /// a run store query.</param>
    /// <param name="maxRows">The most rows to read; -1 (the default) reads all.</param>
    /// <exception cref="ArgumentException">A column is of a type a DataFrame column cannot hold; the message names it.</exception>
    public static DataFrame ToFlatDataFrame(this IDataView data, long maxRows = -1)
    {
        ArgumentNullException.ThrowIfNull(data);
        var readers = new List<ColumnReader>();
        var columns = new List<DataViewSchema.Column>();
        foreach (DataViewSchema.Column column in data.Schema)
        {
            if (column.IsHidden)
            {
                continue;
            }

            columns.Add(column);
        }

        using (DataViewRowCursor cursor = data.GetRowCursor(columns))
        {
            foreach (DataViewSchema.Column column in columns)
            {
                readers.Add(ColumnReader.Create(cursor, column));
            }

            long rows = 0;
            while ((maxRows < 0 || rows < maxRows) && cursor.MoveNext())
            {
                foreach (ColumnReader reader in readers)
                {
                    reader.Read();
                }

                rows++;
            }
        }

        return new DataFrame(readers.SelectMany(r => r.ToColumns()));
    }

    /// <summary>
    /// Writes <paramref name="data"/> as CSV through a flattened DataFrame (<see cref="ToFlatDataFrame"/>) with
    /// DataFrame's own writer: a header row, vectors as <c>Name.0</c> ... columns, values in the invariant culture.
    /// The file is replaced whole: readers see the old file or the new one.
    /// </summary>
    /// <param name="data">The data view to write.</param>
    /// <param name="path">The destination file; its directory must exist.</param>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    public static void SaveFlatCsv(this IDataView data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot write {full}: the directory {directory} does not exist.");
        }

        DataFrame frame = data.ToFlatDataFrame();
        string temporary = full + ".tmp-" + Environment.ProcessId;
        try
        {
            DataFrame.SaveCsv(frame, temporary, separator: ',', header: true, cultureInfo: CultureInfo.InvariantCulture);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Reads one column of every row and makes the DataFrame column(s) of it.</summary>
    private abstract class ColumnReader
    {
        public abstract void Read();

        public abstract IEnumerable<DataFrameColumn> ToColumns();

        public static ColumnReader Create(DataViewRow row, DataViewSchema.Column column)
        {
            DataViewType type = column.Type;
            if (type is VectorDataViewType vector)
            {
                return vector.ItemType.RawType == typeof(float) ? new VectorReader<float>(row, column, vector.Size)
                    : vector.ItemType.RawType == typeof(double) ? new VectorReader<double>(row, column, vector.Size)
                    : vector.ItemType.RawType == typeof(int) ? new VectorReader<int>(row, column, vector.Size)
                    : throw Unsupported(column);
            }

            return type.RawType == typeof(float) ? new ScalarReader<float>(row, column)
                : type.RawType == typeof(double) ? new ScalarReader<double>(row, column)
                : type.RawType == typeof(int) ? new ScalarReader<int>(row, column)
                : type.RawType == typeof(long) ? new ScalarReader<long>(row, column)
                : type.RawType == typeof(bool) ? new ScalarReader<bool>(row, column)
                : type.RawType == typeof(uint) ? new ScalarReader<uint>(row, column)
                : type is TextDataViewType ? new TextReader(row, column)
                : throw Unsupported(column);
        }

        private static ArgumentException Unsupported(DataViewSchema.Column column) => new(
            $"Column '{column.Name}' is of type {column.Type}, which no DataFrame column holds here; convert it (ml.Transforms.Conversion.ConvertType) or drop it (ml.Transforms.DropColumns) first.",
            nameof(column));
    }

    private sealed class ScalarReader<T>(DataViewRow row, DataViewSchema.Column column) : ColumnReader
        where T : unmanaged
    {
        private readonly ValueGetter<T> _getter = row.GetGetter<T>(column);
        private readonly List<T> _values = [];

        public override void Read()
        {
            T value = default;
            _getter(ref value);
            _values.Add(value);
        }

        public override IEnumerable<DataFrameColumn> ToColumns()
        {
            yield return new PrimitiveDataFrameColumn<T>(column.Name, _values);
        }
    }

    private sealed class VectorReader<T>(DataViewRow row, DataViewSchema.Column column, int size) : ColumnReader
        where T : unmanaged
    {
        private readonly ValueGetter<VBuffer<T>> _getter = row.GetGetter<VBuffer<T>>(column);
        private readonly List<T[]> _values = [];
        private VBuffer<T> _buffer;

        public override void Read()
        {
            _getter(ref _buffer);
            var dense = new T[_buffer.Length];
            _buffer.CopyTo(dense);
            _values.Add(dense);
        }

        public override IEnumerable<DataFrameColumn> ToColumns()
        {
            int slots = size > 0 ? size : _values.Count == 0 ? 0 : _values.Max(v => v.Length);
            for (int slot = 0; slot < slots; slot++)
            {
                var values = new T?[_values.Count];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = slot < _values[i].Length ? _values[i][slot] : null;
                }

                yield return new PrimitiveDataFrameColumn<T>(string.Create(CultureInfo.InvariantCulture, $"{column.Name}.{slot}"), values);
            }
        }
    }

    private sealed class TextReader(DataViewRow row, DataViewSchema.Column column) : ColumnReader
    {
        private readonly ValueGetter<ReadOnlyMemory<char>> _getter = row.GetGetter<ReadOnlyMemory<char>>(column);
        private readonly List<string> _values = [];

        public override void Read()
        {
            ReadOnlyMemory<char> value = default;
            _getter(ref value);
            _values.Add(value.ToString());
        }

        public override IEnumerable<DataFrameColumn> ToColumns()
        {
            yield return new StringDataFrameColumn(column.Name, _values);
        }
    }
}
