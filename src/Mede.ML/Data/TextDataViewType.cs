namespace Mede.ML.Data;

/// <summary>The text column type, as in ML.NET: values are <see cref="ReadOnlyMemory{T}"/> of <c>char</c>; record
/// members of type <c>string</c> map to it.</summary>
public sealed class TextDataViewType : PrimitiveDataViewType
{
    private TextDataViewType()
        : base(typeof(ReadOnlyMemory<char>))
    {
    }

    /// <summary>The single instance.</summary>
    public static TextDataViewType Instance { get; } = new();

    /// <summary>Returns <c>Text</c>, the ML.NET name.</summary>
    public override string ToString() => "Text";
}
