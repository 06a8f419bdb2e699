using Mede.ML.Data;

namespace Mede.ML;

/// <summary>
/// Loading, converting and saving data views, as ML.NET's <c>DataOperationsCatalog</c>; reached through
/// <see cref="MLContext.Data"/>.
/// </summary>
public sealed class DataOperationsCatalog
{
    internal DataOperationsCatalog(MLContext context)
    {
        Context = context;
    }

    /// <summary>The context the catalog belongs to.</summary>
    internal MLContext Context { get; }

    /// <summary>
    /// Wraps plain records in a lazy data view. Every public field and readable property of type <c>float</c>,
    /// <c>int</c>, <c>long</c>, <c>bool</c> or <c>float[]</c> becomes a column named after it or after its
    /// <see cref="ColumnNameAttribute"/>; <see cref="NoColumnAttribute"/> leaves a member out. A <c>float[]</c>
    /// member is a vector whose size comes from its <see cref="VectorTypeAttribute"/>, or else from the first row.
    /// </summary>
    /// <typeparam name="TRow">The record type.</typeparam>
    /// <param name="data">The rows; enumerated again by every cursor.</param>
    /// <returns>A view whose row count is known when <paramref name="data"/> is a collection.</returns>
    /// <exception cref="ArgumentException">A member has a type no column holds, or a vector size cannot be found.</exception>
    public IDataView LoadFromEnumerable<TRow>(IEnumerable<TRow> data)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(data);
        return new EnumerableDataView<TRow>(data);
    }

    /// <summary>
    /// Reads the rows of <paramref name="data"/> into records: each public field or property of
    /// <typeparamref name="TRow"/> (mapped as in <see cref="LoadFromEnumerable{TRow}"/>) receives the column of
    /// its name. Columns are checked now; rows are read lazily while enumerating.
    /// </summary>
    /// <typeparam name="TRow">The record type, with a public parameterless constructor.</typeparam>
    /// <param name="data">The data view to read.</param>
    /// <param name="reuseRowObject">True to fill and yield one record (and its arrays) for every row, which saves
    /// allocations when each row is used before the next is read.</param>
    /// <param name="ignoreMissingColumns">True to leave members without a matching column at their defaults.</param>
    /// <exception cref="ArgumentException">A member has no column (and <paramref name="ignoreMissingColumns"/> is
    /// false), a column's type does not fit its member, or a member cannot be written.</exception>
    public IEnumerable<TRow> CreateEnumerable<TRow>(IDataView data, bool reuseRowObject = false, bool ignoreMissingColumns = false)
        where TRow : class, new()
    {
        ArgumentNullException.ThrowIfNull(data);
        var bindings = new List<(RowMember Member, DataViewSchema.Column Column)>();
        foreach (var member in RowMember.Discover(typeof(TRow)))
        {
            if (data.Schema.GetColumnOrNull(member.ColumnName) is not { } column)
            {
                if (ignoreMissingColumns)
                {
                    continue;
                }

                throw new ArgumentException(
                    $"{typeof(TRow).Name}.{member.Member.Name} reads column '{member.ColumnName}', which the data view does not have. Its columns are: {data.Schema.DescribeNames()}. Rename the member or give it a [ColumnName], mark it [NoColumn], or pass ignoreMissingColumns: true.",
                    nameof(data));
            }

            var fits = member.IsVector
                ? column.Type is VectorDataViewType vector && vector.ItemType == NumberDataViewType.Single
                    && (member.DeclaredSize is null || member.DeclaredSize == vector.Size)
                : column.Type.Equals(member.ScalarType);
            if (!fits)
            {
                var expected = member.IsVector
                    ? member.DeclaredSize is { } size ? $"Vector<Single, {size}>" : "Vector<Single>"
                    : member.ScalarType.ToString();
                throw new ArgumentException(
                    $"Column '{column.Name}' is of type {column.Type} but {typeof(TRow).Name}.{member.Member.Name} ({member.ValueType.Name}) needs {expected}; change the member's type or map it to another column.",
                    nameof(data));
            }

            if (!member.CanWrite)
            {
                throw new ArgumentException(
                    $"{typeof(TRow).Name}.{member.Member.Name} cannot be written; give it a public setter or mark it [NoColumn].",
                    nameof(data));
            }

            bindings.Add((member, column));
        }

        return ReadRows<TRow>(data, bindings, reuseRowObject);
    }

    /// <summary>
    /// Loads a trajectory CSV written by <see cref="SaveAsCsv"/> (or by hand): a header naming the trajectory
    /// columns (<see cref="TrajectoryColumns"/>) with vectors spread over <c>Observation.0</c> ... <c>Observation.n-1</c>,
    /// then one transition per line. Columns may come in any order; columns of other names are ignored.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="observationSize">The expected observation size, or <c>null</c> to take it from the header.</param>
    /// <param name="actionSize">The expected action size, or <c>null</c> to take it from the header.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TrajectoryFormatException">A column is missing, a vector has the wrong size or a gap, a value is
    /// not a number or not finite, Terminated and Truncated are both set, or an episode's steps are not consecutive;
    /// the exception names the file, the 1-based line and the column.</exception>
    public TrajectoryDataView LoadTrajectoriesFromCsv(string path, int? observationSize = null, int? actionSize = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (observationSize is < 1 || actionSize is < 1)
        {
            throw new ArgumentOutOfRangeException(
                observationSize is < 1 ? nameof(observationSize) : nameof(actionSize),
                "Vector sizes are at least 1; pass null to take the size from the file's header.");
        }

        return TrajectoryCsvReader.Load(path, observationSize, actionSize);
    }

    /// <summary>
    /// Writes <paramref name="data"/> as CSV with a header row: scalar columns under their names and vector columns
    /// spread over <c>Name.0</c> ... <c>Name.n-1</c>; floats in their shortest round-trip form, Booleans as
    /// <c>true</c>/<c>false</c>. The file is replaced atomically: readers see the old file or the whole new one.
    /// </summary>
    /// <param name="data">The data view to write.</param>
    /// <param name="path">The destination file; its directory must exist.</param>
    public void SaveAsCsv(IDataView data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CsvDataViewWriter.Save(data, path);
    }

    private static IEnumerable<TRow> ReadRows<TRow>(
        IDataView data, List<(RowMember Member, DataViewSchema.Column Column)> bindings, bool reuseRowObject)
        where TRow : class, new()
    {
        using var cursor = data.GetRowCursor(bindings.Select(b => b.Column));
        var fill = bindings.Select(b => MakeFill<TRow>(cursor, b.Member, b.Column, reuseRowObject)).ToArray();
        TRow? shared = null;
        while (cursor.MoveNext())
        {
            var row = reuseRowObject ? shared ??= new TRow() : new TRow();
            foreach (var action in fill)
            {
                action(row);
            }

            yield return row;
        }
    }

    private static Action<TRow> MakeFill<TRow>(DataViewRowCursor cursor, RowMember member, DataViewSchema.Column column, bool reuseArrays)
    {
        if (member.IsVector)
        {
            var size = ((VectorDataViewType)column.Type).Size;
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            var read = member.CompileGetter<TRow, float[]?>();
            var write = member.CompileSetter<TRow, float[]>();
            var scratch = default(VBuffer<float>);
            return row =>
            {
                getter(ref scratch);
                var existing = reuseArrays ? read(row) : null;
                var array = existing is not null && existing.Length == size ? existing : new float[size];
                scratch.CopyTo(array);
                write(row, array);
            };
        }

        return member.ValueType == typeof(float) ? MakeScalarFill<TRow, float>(cursor, member, column)
            : member.ValueType == typeof(int) ? MakeScalarFill<TRow, int>(cursor, member, column)
            : member.ValueType == typeof(long) ? MakeScalarFill<TRow, long>(cursor, member, column)
            : member.ValueType == typeof(double) ? MakeScalarFill<TRow, double>(cursor, member, column)
            : member.ValueType == typeof(string) ? MakeTextFill<TRow>(cursor, member, column)
            : MakeScalarFill<TRow, bool>(cursor, member, column);
    }

    private static Action<TRow> MakeTextFill<TRow>(DataViewRowCursor cursor, RowMember member, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        var write = member.CompileSetter<TRow, string>();
        return row =>
        {
            ReadOnlyMemory<char> value = default;
            getter(ref value);
            write(row, value.ToString());
        };
    }

    private static Action<TRow> MakeScalarFill<TRow, TValue>(DataViewRowCursor cursor, RowMember member, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<TValue>(column);
        var write = member.CompileSetter<TRow, TValue>();
        return row =>
        {
            TValue value = default!;
            getter(ref value);
            write(row, value);
        };
    }
}
