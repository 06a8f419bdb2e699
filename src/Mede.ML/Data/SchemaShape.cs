using System.Collections;

namespace Mede.ML.Data;

/// <summary>
/// What an estimator knows of a schema before it sees data, as in ML.NET: column names, scalar or vector, and
/// item types, but not vector sizes.
/// </summary>
public sealed class SchemaShape : IReadOnlyList<SchemaShape.Column>
{
    private readonly Column[] _columns;

    /// <summary>Creates a shape from its columns.</summary>
    /// <param name="columns">The columns.</param>
    public SchemaShape(IEnumerable<Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns.ToArray();
    }

    /// <summary>The number of columns.</summary>
    public int Count => _columns.Length;

    /// <summary>The column at <paramref name="index"/>.</summary>
    /// <param name="index">The 0-based index.</param>
    public Column this[int index] => _columns[index];

    /// <summary>The shape of <paramref name="schema"/>.</summary>
    /// <param name="schema">A schema.</param>
    public static SchemaShape Create(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new SchemaShape(schema.Select(c => c.Type is VectorDataViewType vector
            ? new Column(c.Name, Column.VectorKind.Vector, vector.ItemType)
            : new Column(c.Name, Column.VectorKind.Scalar, c.Type)));
    }

    /// <summary>Finds the column named <paramref name="name"/> (the last one when several share it, as in ML.NET).</summary>
    /// <param name="name">The column name (case-sensitive).</param>
    /// <param name="column">The column when found.</param>
    /// <returns>True when found.</returns>
    public bool TryFindColumn(string name, out Column column)
    {
        for (var i = _columns.Length - 1; i >= 0; i--)
        {
            if (string.Equals(_columns[i].Name, name, StringComparison.Ordinal))
            {
                column = _columns[i];
                return true;
            }
        }

        column = default;
        return false;
    }

    /// <inheritdoc/>
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One column of a shape.</summary>
    public readonly struct Column
    {
        /// <summary>Creates a column shape.</summary>
        /// <param name="name">The column name.</param>
        /// <param name="kind">Scalar or vector.</param>
        /// <param name="itemType">The type of the value, or of each item of a vector.</param>
        public Column(string name, VectorKind kind, DataViewType itemType)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            ArgumentNullException.ThrowIfNull(itemType);
            if (itemType is VectorDataViewType)
            {
                throw new ArgumentException(
                    $"Column '{name}': pass the item type of a vector (for example NumberDataViewType.Single) with VectorKind.Vector, not a vector type.",
                    nameof(itemType));
            }

            Name = name;
            Kind = kind;
            ItemType = itemType;
        }

        /// <summary>Whether a column holds one value or a vector of values.</summary>
        public enum VectorKind
        {
            /// <summary>One value per row.</summary>
            Scalar,

            /// <summary>A vector of known size per row.</summary>
            Vector,
        }

        /// <summary>The column name.</summary>
        public string Name { get; }

        /// <summary>Scalar or vector.</summary>
        public VectorKind Kind { get; }

        /// <summary>The type of the value, or of each item of a vector.</summary>
        public DataViewType ItemType { get; }

        /// <summary>True when a column of shape <paramref name="source"/> can be read where this shape is expected.</summary>
        /// <param name="source">The shape of the column offered.</param>
        public bool IsCompatibleWith(Column source) => source.Kind == Kind && source.ItemType.Equals(ItemType);

        /// <summary>Returns the ML.NET form, for example <c>Observation: Vector&lt;Single&gt;</c>.</summary>
        public override string ToString() => Kind == VectorKind.Vector ? $"{Name}: Vector<{ItemType}>" : $"{Name}: {ItemType}";
    }
}
