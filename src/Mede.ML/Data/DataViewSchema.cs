using System.Collections;
using System.Text;

namespace Mede.ML.Data;

/// <summary>
/// The columns of a data view, as in ML.NET: an ordered list of <see cref="Column"/>s with unique names.
/// Build one with <see cref="Builder"/>.
/// </summary>
public sealed class DataViewSchema : IReadOnlyList<DataViewSchema.Column>
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, int> _byName;

    private DataViewSchema(Column[] columns)
    {
        _columns = columns;
        _byName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            _byName[column.Name] = column.Index;
        }
    }

    /// <summary>The number of columns.</summary>
    public int Count => _columns.Length;

    /// <summary>The column at <paramref name="columnIndex"/>.</summary>
    /// <param name="columnIndex">The 0-based column index.</param>
    public Column this[int columnIndex] => _columns[columnIndex];

    /// <summary>The column named <paramref name="name"/>.</summary>
    /// <param name="name">The column name (case-sensitive).</param>
    /// <exception cref="ArgumentOutOfRangeException">No column has that name; the message lists the columns there are.</exception>
    public Column this[string name] =>
        GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(
            nameof(name), $"The schema has no column '{name}'. Its columns are: {DescribeNames()}.");

    /// <summary>The column named <paramref name="name"/>, or <c>null</c> when there is none.</summary>
    /// <param name="name">The column name (case-sensitive).</param>
    public Column? GetColumnOrNull(string name) =>
        _byName.TryGetValue(name, out var index) ? _columns[index] : null;

    /// <inheritdoc/>
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Lists the columns as <c>Name: Type</c>, one per line.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var column in _columns)
        {
            text.Append(column.ToString()).Append('\n');
        }

        return text.ToString();
    }

    internal string DescribeNames() =>
        _columns.Length == 0 ? "(none)" : string.Join(", ", _columns.Select(c => $"'{c.Name}'"));

    /// <summary>One column of a schema: its name, position and type.</summary>
    public readonly struct Column : IEquatable<Column>
    {
        internal Column(string name, int index, DataViewType type)
        {
            Name = name;
            Index = index;
            Type = type;
        }

        /// <summary>The column name; names are case-sensitive and unique within a schema.</summary>
        public string Name { get; }

        /// <summary>The 0-based position of the column in its schema.</summary>
        public int Index { get; }

        /// <summary>The column type.</summary>
        public DataViewType Type { get; }

        /// <summary>Always false: Mede.ML's schemas hold no hidden columns (kept for ML.NET's shape).</summary>
        public bool IsHidden => false;

        /// <summary>True when both describe the same column (name, index and type).</summary>
        /// <param name="other">The column to compare with.</param>
        public bool Equals(Column other) =>
            Index == other.Index && string.Equals(Name, other.Name, StringComparison.Ordinal) && Equals(Type, other.Type);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is Column other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(Name, Index, Type);

        /// <summary>Returns <c>Name: Type</c>, for example <c>Observation: Vector&lt;Single, 2&gt;</c>.</summary>
        public override string ToString() => $"{Name}: {Type}";

        /// <summary>True when both describe the same column.</summary>
        /// <param name="left">The first column.</param>
        /// <param name="right">The second column.</param>
        public static bool operator ==(Column left, Column right) => left.Equals(right);

        /// <summary>True when the columns differ.</summary>
        /// <param name="left">The first column.</param>
        /// <param name="right">The second column.</param>
        public static bool operator !=(Column left, Column right) => !left.Equals(right);
    }

    /// <summary>Builds a schema column by column, as ML.NET's <c>DataViewSchema.Builder</c>.</summary>
    public sealed class Builder
    {
        private readonly List<(string Name, DataViewType Type)> _columns = [];

        /// <summary>Appends a column.</summary>
        /// <param name="name">The column name; must differ from the names added before.</param>
        /// <param name="type">The column type.</param>
        /// <exception cref="ArgumentException">The name is empty or already used.</exception>
        public void AddColumn(string name, DataViewType type)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            ArgumentNullException.ThrowIfNull(type);
            if (_columns.Any(c => string.Equals(c.Name, name, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"The schema already has a column '{name}'; give each column its own name.", nameof(name));
            }

            _columns.Add((name, type));
        }

        /// <summary>Returns the schema of the columns added so far.</summary>
        public DataViewSchema ToSchema() =>
            new(_columns.Select((c, i) => new Column(c.Name, i, c.Type)).ToArray());
    }
}
