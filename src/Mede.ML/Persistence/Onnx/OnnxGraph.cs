using System.Runtime.InteropServices;

namespace Mede.ML.Persistence.Onnx;

/// <summary>
/// Builds an ONNX GraphProto (onnx.proto3 field numbers) node by node: float initialisers, nodes with int, float and
/// int-list attributes, and inputs and outputs with a symbolic batch dimension.
/// </summary>
internal sealed class OnnxGraph
{
    // onnx.proto: TensorProto.DataType FLOAT = 1, INT64 = 7; AttributeProto.AttributeType FLOAT = 1, INT = 2, INTS = 7.
    public const int Float = 1;
    public const int Int64 = 7;

    private readonly List<ProtobufWriter> _nodes = [];
    private readonly List<ProtobufWriter> _initializers = [];
    private readonly List<ProtobufWriter> _inputs = [];
    private readonly List<ProtobufWriter> _outputs = [];
    private int _names;

    /// <summary>A fresh value name.</summary>
    public string Name(string hint) => $"{hint}_{_names++}";

    /// <summary>Adds a float initialiser of the given shape (row-major data).</summary>
    public string Constant(string name, ReadOnlySpan<float> data, params long[] shape)
    {
        var tensor = new ProtobufWriter();
        foreach (long d in shape)
        {
            tensor.Int(1, d); // dims
        }

        tensor.Int(2, Float).String(8, name).Bytes(9, MemoryMarshal.AsBytes(data)); // data_type, name, raw_data (little-endian)
        _initializers.Add(tensor);
        return name;
    }

    /// <summary>Adds an int64 initialiser.</summary>
    public string Constant(string name, ReadOnlySpan<long> data, params long[] shape)
    {
        var tensor = new ProtobufWriter();
        foreach (long d in shape)
        {
            tensor.Int(1, d);
        }

        tensor.Int(2, Int64).String(8, name).Bytes(9, MemoryMarshal.AsBytes(data));
        _initializers.Add(tensor);
        return name;
    }

    /// <summary>Adds a node and returns its (first) output's name.</summary>
    public string Node(string op, string[] inputs, string? output = null, params (string Name, object Value)[] attributes)
    {
        output ??= Name(op.ToLowerInvariant());
        var node = new ProtobufWriter();
        foreach (string input in inputs)
        {
            node.String(1, input);
        }

        node.String(2, output).String(3, Name(op)).String(4, op);
        foreach (var (name, value) in attributes)
        {
            var attribute = new ProtobufWriter().String(1, name);
            switch (value)
            {
                case int i:
                    attribute.Int(3, i).Int(20, 2);
                    break;
                case float f:
                    attribute.Float(2, f).Int(20, 1);
                    break;
                case long[] list:
                    foreach (long v in list)
                    {
                        attribute.Int(8, v);
                    }

                    attribute.Int(20, 7);
                    break;
                default:
                    throw new ArgumentException($"Attribute '{name}' of {op} has an unsupported type {value.GetType().Name}.");
            }

            node.Message(5, attribute);
        }

        _nodes.Add(node);
        return output;
    }

    /// <summary>Declares a graph input of shape [N, width] (N symbolic), or [N] when width is null.</summary>
    public void Input(string name, int elementType, int? width) => _inputs.Add(ValueInfo(name, elementType, width));

    /// <summary>Declares a graph output of shape [N, width].</summary>
    public void Output(string name, int width) => _outputs.Add(ValueInfo(name, Float, width));

    /// <summary>The ModelProto bytes: IR version 8, opset 17 of the default domain.</summary>
    public byte[] ToModel(string graphName, string producer, string producerVersion, string docString)
    {
        var graph = new ProtobufWriter();
        foreach (ProtobufWriter node in _nodes)
        {
            graph.Message(1, node);
        }

        graph.String(2, graphName);
        foreach (ProtobufWriter initializer in _initializers)
        {
            graph.Message(5, initializer);
        }

        graph.String(10, docString);
        foreach (ProtobufWriter input in _inputs)
        {
            graph.Message(11, input);
        }

        foreach (ProtobufWriter output in _outputs)
        {
            graph.Message(12, output);
        }

        var opset = new ProtobufWriter().String(1, string.Empty).Int(2, 17);
        return new ProtobufWriter()
            .Int(1, 8)                       // ir_version
            .String(2, producer)             // producer_name
            .String(3, producerVersion)      // producer_version
            .Message(7, graph)               // graph
            .Message(8, opset)               // opset_import
            .ToArray();
    }

    private static ProtobufWriter ValueInfo(string name, int elementType, int? width)
    {
        var shape = new ProtobufWriter().Message(1, new ProtobufWriter().String(2, "N")); // dim { dim_param: "N" }
        if (width is int w)
        {
            shape.Message(1, new ProtobufWriter().Int(1, w)); // dim { dim_value: w }
        }

        var tensorType = new ProtobufWriter().Int(1, elementType).Message(2, shape);
        var type = new ProtobufWriter().Message(1, tensorType);
        return new ProtobufWriter().String(1, name).Message(2, type);
    }
}
