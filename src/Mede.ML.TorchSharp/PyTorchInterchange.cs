using Mede.ML.Networks;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using ManagedTensor = Mede.ML.Neural.Tensor;

namespace Mede.ML.TorchSharp;

/// <summary>
/// Networks to and from PyTorch: named weights (as a model or checkpoint names them, e.g. <c>learner0.policy.0.weight</c>)
/// written as a PyTorch state_dict (<c>torch.save</c> layout, through TorchSharp.PyBridge) or a safetensors file, and read
/// back. A policy exported here loads into a plain <c>nn.Sequential(Linear, ReLU, Linear, ReLU, Linear)</c> with
/// <c>load_state_dict</c> after the <c>learner0.policy.</c> prefix is removed.
/// </summary>
/// <remarks>Shapes are PyTorch's: a Linear weight is [out, in], a bias [out].</remarks>
public static class PyTorchInterchange
{
    /// <summary>Writes named weights to <paramref name="path"/>.</summary>
    /// <param name="weights">The weights by dotted name.</param>
    /// <param name="path">The file to write (replaced if it exists).</param>
    /// <param name="format">state_dict or safetensors.</param>
    /// <exception cref="InvalidOperationException">libtorch cannot be loaded (the application does not carry it).</exception>
    public static void Save(IEnumerable<(string Name, ManagedTensor Value)> weights, string path, PyTorchFormat format)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentException.ThrowIfNullOrEmpty(path);
        TorchDevices.RequireLibTorch("Writing PyTorch and safetensors files");
        using DisposeScope scope = NewDisposeScope();
        using var module = new WeightTree();
        foreach (var (name, value) in weights)
        {
            Tensor t = tensor(value.ToArray(), Shape(value));
            module.Add(name, t);
        }

        string temporary = path + ".partial";
        if (format == PyTorchFormat.PyTorch)
        {
            module.save_py(temporary);
        }
        else
        {
            module.save_safetensors(temporary);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes a model's networks (actors, twin critics, discriminators) to <paramref name="path"/>.</summary>
    /// <param name="model">The model's networks.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="format">state_dict or safetensors.</param>
    public static void Save(ModelNetworks model, string path, PyTorchFormat format)
    {
        ArgumentNullException.ThrowIfNull(model);
        Save(model.NamedTensors(), path, format);
    }

    /// <summary>Reads a file written by PyTorch (or by <see cref="Save(IEnumerable{ValueTuple{string, ManagedTensor}}, string, PyTorchFormat)"/>)
    /// into <paramref name="weights"/>: every name must be present with as many values; other entries are an error too.</summary>
    /// <param name="weights">The tensors to fill, by name.</param>
    /// <param name="path">The file to read.</param>
    /// <param name="format">state_dict or safetensors.</param>
    /// <exception cref="InvalidDataException">The file lacks a name, has one of another size, or has names the model does not.</exception>
    /// <exception cref="InvalidOperationException">libtorch cannot be loaded (the application does not carry it).</exception>
    public static void Load(IEnumerable<(string Name, ManagedTensor Value)> weights, string path, PyTorchFormat format)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No weights file at {path}.", path);
        }

        var targets = weights.ToList();
        TorchDevices.RequireLibTorch("Reading PyTorch and safetensors files");
        using DisposeScope scope = NewDisposeScope();
        using var module = new WeightTree();
        foreach (var (name, value) in targets)
        {
            // NaN until loaded: a tensor the loader skipped is caught below.
            module.Add(name, full(Shape(value), float.NaN));
        }

        try
        {
            if (format == PyTorchFormat.PyTorch)
            {
                module.load_py(path, strict: true);
            }
            else
            {
                module.load_safetensors(path, strict: true);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: the {format} file does not hold the expected weights ({targets.Count} tensors named like {targets[0].Name}): {e.Message}", e);
        }

        var loaded = module.state_dict();
        foreach (var (name, value) in targets)
        {
            Tensor t = loaded[name];
            long[] expected = Shape(value);
            if (!t.shape.SequenceEqual(expected))
            {
                throw new InvalidDataException($"{path}: the tensor '{name}' has shape [{string.Join(", ", t.shape)}], the model expects [{string.Join(", ", expected)}].");
            }

            if (t.isnan().any().item<bool>())
            {
                throw new InvalidDataException($"{path}: the tensor '{name}' is missing from the file (or holds NaN).");
            }

            TorchCopy.To(t, value.Data);
        }
    }

    /// <summary>Reads a model's networks from a file written by PyTorch or by <see cref="Save(ModelNetworks, string, PyTorchFormat)"/>.</summary>
    /// <param name="model">The networks to fill (their shapes say what the file must hold).</param>
    /// <param name="path">The file to read.</param>
    /// <param name="format">state_dict or safetensors.</param>
    public static void Load(ModelNetworks model, string path, PyTorchFormat format)
    {
        ArgumentNullException.ThrowIfNull(model);
        Load(model.NamedTensors(), path, format);
    }

    private static long[] Shape(ManagedTensor t) => t.Rank == 1 ? [t.Columns] : [t.Rows, t.Columns];

    /// <summary>A module whose parameters are the given dotted names, nested as PyTorch nests them.</summary>
    private sealed class WeightTree() : nn.Module("weights")
    {
        private readonly Dictionary<string, WeightTree> _children = new(StringComparer.Ordinal);

        public void Add(string dottedName, Tensor value)
        {
            int dot = dottedName.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                register_parameter(dottedName, new global::TorchSharp.Modules.Parameter(value, requires_grad: false));
                return;
            }

            string head = dottedName[..dot];
            if (!_children.TryGetValue(head, out WeightTree? child))
            {
                child = new WeightTree();
                _children[head] = child;
                register_module(head, child);
            }

            child.Add(dottedName[(dot + 1)..], value);
        }
    }
}
