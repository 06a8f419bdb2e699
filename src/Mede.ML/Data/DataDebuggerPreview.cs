using System.Globalization;
using System.Text;

namespace Mede.ML.Data;

/// <summary>
/// The first rows of a data view held in memory, as ML.NET's <c>DataDebuggerPreview</c>: by row
/// (<see cref="RowView"/>), by column (<see cref="ColumnView"/>), or as an aligned text table (<see cref="ToString"/>).
/// Cells hold <c>float</c>, <c>int</c>, <c>long</c>, <c>bool</c> or <see cref="VBuffer{T}"/> values.
/// </summary>
public sealed class DataDebuggerPreview
{
    // Vectors longer than this show their first items and the length.
    private const int MaxVectorItems = 8;
    private const string ColumnGap = "  ";

    internal DataDebuggerPreview(IDataView data, int maxRows)
    {
        Schema = data.Schema;
        var columns = Schema.ToArray();
        var values = columns.Select(_ => new List<object>()).ToArray();
        using (var cursor = data.GetRowCursor(columns))
        {
            var readers = columns.Select(column => MakeReader(cursor, column)).ToArray();
            var read = 0;
            while (read < maxRows && cursor.MoveNext())
            {
                for (var c = 0; c < readers.Length; c++)
                {
                    values[c].Add(readers[c]());
                }

                read++;
            }

            HasMoreRows = cursor.MoveNext();
        }

        TotalRowCount = data.GetRowCount();
        ColumnView = columns.Select((column, c) => new ColumnInfo(column, [.. values[c]])).ToArray();
        var rowCount = values.Length == 0 ? 0 : values[0].Count;
        RowView = Enumerable.Range(0, rowCount)
            .Select(r => new RowInfo(columns.Select((column, c) => new KeyValuePair<string, object>(column.Name, values[c][r])).ToArray()))
            .ToArray();
    }

    /// <summary>The schema of the data view.</summary>
    public DataViewSchema Schema { get; }

    /// <summary>The rows read, in order.</summary>
    public IReadOnlyList<RowInfo> RowView { get; }

    /// <summary>The values read, column by column.</summary>
    public IReadOnlyList<ColumnInfo> ColumnView { get; }

    /// <summary>True when the data view has rows past the ones read.</summary>
    public bool HasMoreRows { get; }

    /// <summary>The data view's row count when it knows it.</summary>
    public long? TotalRowCount { get; }

    /// <summary>
    /// An aligned table: a header, a rule, one line per row (numbers right-aligned, vectors as <c>[a, b, ...]</c>),
    /// and a line saying how many rows are shown.
    /// </summary>
    public override string ToString()
    {
        var cells = ColumnView.Select(c => c.Values.Select(FormatValue).ToArray()).ToArray();
        var widths = ColumnView.Select((c, i) => cells[i].Append(c.Column.Name).Max(s => s.Length)).ToArray();
        var rightAligned = ColumnView.Select(c => c.Column.Type is NumberDataViewType).ToArray();
        var text = new StringBuilder();
        AppendLine(text, ColumnView.Select(c => c.Column.Name).ToArray(), widths, rightAligned);
        AppendLine(text, widths.Select(w => new string('-', w)).ToArray(), widths, rightAligned);
        for (var r = 0; r < RowView.Count; r++)
        {
            AppendLine(text, cells.Select(column => column[r]).ToArray(), widths, rightAligned);
        }

        var shown = RowView.Count;
        text.Append(
            TotalRowCount is { } total ? $"{shown} of {total} rows"
            : HasMoreRows ? $"First {shown} rows; more follow"
            : $"{shown} rows");
        text.Append('\n');
        return text.ToString();
    }

    private static void AppendLine(StringBuilder text, string[] cells, int[] widths, bool[] rightAligned)
    {
        var line = new StringBuilder();
        for (var c = 0; c < cells.Length; c++)
        {
            if (c > 0)
            {
                line.Append(ColumnGap);
            }

            line.Append(rightAligned[c] ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }

    private static string FormatValue(object value) => value switch
    {
        float single => FormatItem(single),
        VBuffer<float> vector => FormatVector(vector),
        VBuffer<int> vector => FormatVector(vector),
        VBuffer<long> vector => FormatVector(vector),
        VBuffer<bool> vector => FormatVector(vector),
        _ => FormatItem(value),
    };

    private static string FormatVector<T>(VBuffer<T> vector)
    {
        var values = vector.GetValues();
        var shown = Math.Min(values.Length, MaxVectorItems);
        var items = new string[shown];
        for (var i = 0; i < shown; i++)
        {
            items[i] = FormatItem(values[i]!);
        }

        var more = values.Length > shown ? $", ... ({values.Length} items)" : string.Empty;
        return $"[{string.Join(", ", items)}{more}]";
    }

    // Six significant digits: enough to read, short enough to align.
    private static string FormatItem(object value) => value switch
    {
        float single => single.ToString("G6", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static Func<object> MakeReader(DataViewRowCursor cursor, DataViewSchema.Column column) =>
        column.Type.RawType == typeof(float) ? Reader<float>(cursor, column)
        : column.Type.RawType == typeof(int) ? Reader<int>(cursor, column)
        : column.Type.RawType == typeof(long) ? Reader<long>(cursor, column)
        : column.Type.RawType == typeof(bool) ? Reader<bool>(cursor, column)
        : column.Type.RawType == typeof(VBuffer<float>) ? Reader<VBuffer<float>>(cursor, column)
        : column.Type.RawType == typeof(VBuffer<int>) ? Reader<VBuffer<int>>(cursor, column)
        : column.Type.RawType == typeof(VBuffer<long>) ? Reader<VBuffer<long>>(cursor, column)
        : Reader<VBuffer<bool>>(cursor, column);

    // A fresh value per call, so a vector cell never shares the getter's reused array.
    private static Func<object> Reader<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<T>(column);
        return () =>
        {
            T value = default!;
            getter(ref value);
            return value!;
        };
    }

    /// <summary>One row of the preview.</summary>
    public sealed class RowInfo
    {
        internal RowInfo(KeyValuePair<string, object>[] values)
        {
            Values = values;
        }

        /// <summary>The row's values by column name, in schema order.</summary>
        public IReadOnlyList<KeyValuePair<string, object>> Values { get; }
    }

    /// <summary>One column of the preview.</summary>
    public sealed class ColumnInfo
    {
        internal ColumnInfo(DataViewSchema.Column column, object[] values)
        {
            Column = column;
            Values = values;
        }

        /// <summary>The column.</summary>
        public DataViewSchema.Column Column { get; }

        /// <summary>The column's values, one per row read.</summary>
        public IReadOnlyList<object> Values { get; }
    }
}
