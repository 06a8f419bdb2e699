namespace Mede.ML.Data;

/// <summary>The Boolean column type (<c>bool</c>), as in ML.NET.</summary>
public sealed class BooleanDataViewType : PrimitiveDataViewType
{
    private BooleanDataViewType()
        : base(typeof(bool))
    {
    }

    /// <summary>The single instance.</summary>
    public static BooleanDataViewType Instance { get; } = new();

    /// <summary>Returns <c>Boolean</c>, the ML.NET name.</summary>
    public override string ToString() => "Boolean";
}
