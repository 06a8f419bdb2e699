namespace Mede.ML.Data;

/// <summary>
/// A data view over an enumerable of plain records (<c>LoadFromEnumerable</c>). Lazy as in ML.NET: every cursor
/// enumerates the source again, so the source should give the same rows each time.
/// </summary>
internal sealed class EnumerableDataView<TRow> : IDataView
    where TRow : class
{
    private readonly IEnumerable<TRow> _data;
    private readonly RowMember[] _members;
    private readonly Delegate[] _getters;

    public EnumerableDataView(IEnumerable<TRow> data)
    {
        _data = data;
        _members = RowMember.Discover(typeof(TRow));
        if (_members.Length == 0)
        {
            throw new ArgumentException(
                $"{typeof(TRow).Name} has no public field or property of type float, double, int, long, bool, string or float[] to make a column from.");
        }

        _getters = new Delegate[_members.Length];
        var builder = new DataViewSchema.Builder();
        TRow? first = null;
        for (var i = 0; i < _members.Length; i++)
        {
            var member = _members[i];
            DataViewType type = member.ScalarType;
            if (member.IsVector)
            {
                var getter = member.CompileGetter<TRow, float[]?>();
                _getters[i] = getter;
                var size = member.DeclaredSize;
                if (size is null)
                {
                    first ??= data.FirstOrDefault() ?? throw new ArgumentException(
                        $"The size of vector column '{member.ColumnName}' cannot be taken from the first row: there is none (or it is null). Declare it with [VectorType(size)] on {typeof(TRow).Name}.{member.Member.Name}.",
                        nameof(data));
                    size = getter(first)?.Length is > 0 and var length ? length : throw new ArgumentException(
                        $"The size of vector column '{member.ColumnName}' cannot be taken from the first row: its {member.Member.Name} is null or empty. Declare it with [VectorType(size)].",
                        nameof(data));
                }

                type = new VectorDataViewType(NumberDataViewType.Single, size.Value);
            }
            else
            {
                _getters[i] = member.ValueType == typeof(float) ? member.CompileGetter<TRow, float>()
                    : member.ValueType == typeof(int) ? member.CompileGetter<TRow, int>()
                    : member.ValueType == typeof(long) ? member.CompileGetter<TRow, long>()
                    : member.ValueType == typeof(double) ? member.CompileGetter<TRow, double>()
                    : member.ValueType == typeof(string) ? Text(member.CompileGetter<TRow, string?>())
                    : member.CompileGetter<TRow, bool>();
            }

            builder.AddColumn(member.ColumnName, type);
        }

        Schema = builder.ToSchema();

        static Func<TRow, ReadOnlyMemory<char>> Text(Func<TRow, string?> read) => row => (read(row) ?? string.Empty).AsMemory();
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => _data.TryGetNonEnumeratedCount(out var count) ? count : null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        return new Cursor(this, columnsNeeded);
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly EnumerableDataView<TRow> _view;
        private readonly IEnumerator<TRow> _rows;
        private readonly bool[] _active;
        private TRow? _current;
        private long _position = -1;

        public Cursor(EnumerableDataView<TRow> view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _view = view;
            _active = new bool[view.Schema.Count];
            foreach (var column in columnsNeeded)
            {
                if (column.Index >= 0 && column.Index < _active.Length)
                {
                    _active[column.Index] = true;
                }
            }

            _rows = view._data.GetEnumerator();
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index >= 0 && column.Index < _active.Length && _active[column.Index];

        public override bool MoveNext()
        {
            if (!_rows.MoveNext())
            {
                _current = null;
                return false;
            }

            _position++;
            _current = _rows.Current ?? throw new InvalidOperationException(
                $"Row {_position + 1} of the {typeof(TRow).Name} enumerable is null; remove null rows before LoadFromEnumerable.");
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetter<TValue>(column);
            var read = _view._getters[column.Index];
            if (column.Type is VectorDataViewType vector)
            {
                var size = vector.Size;
                var readArray = (Func<TRow, float[]?>)read;
                ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
                {
                    var source = readArray(Current());
                    if (source is null || source.Length != size)
                    {
                        throw new InvalidOperationException(
                            $"Row {_position + 1}, column '{column.Name}': the array holds {(source is null ? "null" : $"{source.Length} items")} but the column is a vector of {size}; give every row {size} items.");
                    }

                    var destination = value.GetWritableArray(size);
                    source.CopyTo(destination, 0);
                    value = new VBuffer<float>(size, destination);
                };
                return (ValueGetter<TValue>)(object)getter;
            }

            var readValue = (Func<TRow, TValue>)read;
            return (ref TValue value) => value = readValue(Current());
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _rows.Dispose();
            }

            base.Dispose(disposing);
        }

        private TRow Current() =>
            _current ?? throw new InvalidOperationException("The cursor is not on a row; call MoveNext and read only while it returns true.");
    }
}
