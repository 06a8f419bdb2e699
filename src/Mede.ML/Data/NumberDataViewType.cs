namespace Mede.ML.Data;

/// <summary>The numeric column types of ML.NET that Mede.ML uses: <see cref="Single"/>, <see cref="Double"/>,
/// <see cref="Int32"/> and <see cref="Int64"/>.</summary>
public sealed class NumberDataViewType : PrimitiveDataViewType
{
    private readonly string _name;

    private NumberDataViewType(Type rawType, string name)
        : base(rawType)
    {
        _name = name;
    }

    /// <summary>32-bit floating point values (<c>float</c>).</summary>
    public static NumberDataViewType Single { get; } = new(typeof(float), "Single");

    /// <summary>64-bit floating point values (<c>double</c>): returns and metrics of the run store.</summary>
    public static NumberDataViewType Double { get; } = new(typeof(double), "Double");

    /// <summary>32-bit signed integers (<c>int</c>).</summary>
    public static NumberDataViewType Int32 { get; } = new(typeof(int), "Int32");

    /// <summary>64-bit signed integers (<c>long</c>).</summary>
    public static NumberDataViewType Int64 { get; } = new(typeof(long), "Int64");

    /// <summary>The ML.NET name of the type: <c>Single</c>, <c>Double</c>, <c>Int32</c> or <c>Int64</c>.</summary>
    public override string ToString() => _name;
}
