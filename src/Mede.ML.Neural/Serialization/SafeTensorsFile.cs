namespace Mede.ML.Neural.Serialization;

/// <summary>The contents of a safetensors file: tensors by name (in file order) and the string metadata.</summary>
public sealed class SafeTensorsFile
{
    internal SafeTensorsFile(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyList<string> names, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        Tensors = tensors;
        Names = names;
        Metadata = metadata;
    }

    /// <summary>Where the bytes came from (used in error messages).</summary>
    public string Path { get; }

    /// <summary>The tensors by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The tensor names in header order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The <c>__metadata__</c> entries.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
