using System.Linq.Expressions;
using System.Reflection;

namespace Mede.ML.Data;

/// <summary>One public field or property of a row class mapped to a column, with compiled accessors.</summary>
internal sealed class RowMember
{
    private RowMember(MemberInfo member, Type valueType, string columnName, int? declaredSize)
    {
        Member = member;
        ValueType = valueType;
        ColumnName = columnName;
        DeclaredSize = declaredSize;
    }

    public MemberInfo Member { get; }

    /// <summary>float, double, int, long, bool, string or float[].</summary>
    public Type ValueType { get; }

    public string ColumnName { get; }

    /// <summary>The size from <see cref="VectorTypeAttribute"/>, when given.</summary>
    public int? DeclaredSize { get; }

    public bool IsVector => ValueType == typeof(float[]);

    public bool CanWrite => Member switch
    {
        FieldInfo fieldInfo => !fieldInfo.IsInitOnly,
        PropertyInfo property => property.SetMethod is { IsPublic: true },
        _ => false,
    };

    /// <summary>The column type of a scalar member (vectors need a size: see <see cref="VectorDataViewType"/>).</summary>
    public PrimitiveDataViewType ScalarType =>
        ValueType == typeof(float) ? NumberDataViewType.Single
        : ValueType == typeof(int) ? NumberDataViewType.Int32
        : ValueType == typeof(long) ? NumberDataViewType.Int64
        : ValueType == typeof(bool) ? BooleanDataViewType.Instance
        : ValueType == typeof(double) ? NumberDataViewType.Double
        : ValueType == typeof(string) ? TextDataViewType.Instance
        : NumberDataViewType.Single; // float[]: the item type

    /// <summary>The public instance fields and readable properties of <paramref name="rowType"/> that map to columns.</summary>
    /// <exception cref="ArgumentException">A member has a type no column holds, or two members share a column name.</exception>
    public static RowMember[] Discover(Type rowType)
    {
        var members = new List<RowMember>();
        foreach (var member in rowType.GetMembers(BindingFlags.Public | BindingFlags.Instance))
        {
            Type type;
            if (member is FieldInfo fieldInfo)
            {
                type = fieldInfo.FieldType;
            }
            else if (member is PropertyInfo property && property.GetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
            {
                type = property.PropertyType;
            }
            else
            {
                continue;
            }

            if (member.GetCustomAttribute<NoColumnAttribute>() is not null)
            {
                continue;
            }

            if (type != typeof(float) && type != typeof(int) && type != typeof(long) && type != typeof(bool) && type != typeof(float[])
                && type != typeof(double) && type != typeof(string))
            {
                throw new ArgumentException(
                    $"Member '{member.Name}' of {rowType.Name} is of type {type.Name}, which no column holds; columns hold float, double, int, long, bool, string or float[]. Change its type or mark it [NoColumn].");
            }

            var name = member.GetCustomAttribute<ColumnNameAttribute>()?.Name ?? member.Name;
            if (members.Any(m => string.Equals(m.ColumnName, name, StringComparison.Ordinal)))
            {
                throw new ArgumentException(
                    $"Two members of {rowType.Name} map to column '{name}'; give one of them another [ColumnName] or mark it [NoColumn].");
            }

            members.Add(new RowMember(member, type, name, member.GetCustomAttribute<VectorTypeAttribute>()?.Size));
        }

        return [.. members];
    }

    /// <summary>Compiles <c>row =&gt; row.Member</c> as a <c>Func&lt;TRow, TValue&gt;</c>.</summary>
    public Func<TRow, TValue> CompileGetter<TRow, TValue>()
    {
        var row = Expression.Parameter(typeof(TRow), "row");
        return Expression.Lambda<Func<TRow, TValue>>(Expression.MakeMemberAccess(row, Member), row).Compile();
    }

    /// <summary>Compiles <c>(row, value) =&gt; row.Member = value</c> as an <c>Action&lt;TRow, TValue&gt;</c>.</summary>
    public Action<TRow, TValue> CompileSetter<TRow, TValue>()
    {
        var row = Expression.Parameter(typeof(TRow), "row");
        var value = Expression.Parameter(typeof(TValue), "value");
        var assign = Expression.Assign(Expression.MakeMemberAccess(row, Member), value);
        return Expression.Lambda<Action<TRow, TValue>>(assign, row, value).Compile();
    }
}
