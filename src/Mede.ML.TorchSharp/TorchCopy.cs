using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Mede.ML.TorchSharp;

/// <summary>Copies between .NET memory and TorchSharp tensors (on any device, through the CPU when needed).</summary>
internal static class TorchCopy
{
    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> (same element count), without autograd.</summary>
    public static void From(ReadOnlySpan<float> source, Tensor destination)
    {
        if (source.Length != destination.numel())
        {
            throw new ArgumentException($"TorchCopy: {source.Length} values for a tensor of {destination.numel()}.");
        }

        using var noGrad = no_grad();
        if (destination.device_type == DeviceType.CPU && destination.is_contiguous())
        {
            // The setter copies into the tensor's memory; it only reads the span it is given.
            destination.bytes = MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(source), source.Length));
            return;
        }

        using Tensor host = tensor(source.ToArray(), destination.shape);
        destination.copy_(host);
    }

    /// <summary>The tensor's values, row-major.</summary>
    public static float[] ToArray(Tensor source)
    {
        var values = new float[source.numel()];
        To(source, values);
        return values;
    }

    /// <summary>Copies the tensor's values into <paramref name="destination"/>, row-major.</summary>
    public static void To(Tensor source, Span<float> destination)
    {
        if (destination.Length != source.numel())
        {
            throw new ArgumentException($"TorchCopy: a tensor of {source.numel()} values into {destination.Length}.");
        }

        if (source.device_type == DeviceType.CPU && source.is_contiguous())
        {
            MemoryMarshal.Cast<byte, float>(Bytes(source)).CopyTo(destination);
            return;
        }

        using Tensor host = source.detach().cpu().contiguous();
        MemoryMarshal.Cast<byte, float>(Bytes(host)).CopyTo(destination);
    }

    /// <summary>The bytes of a contiguous float32 CPU tensor.</summary>
    private static ReadOnlySpan<byte> Bytes(Tensor t)
    {
        if (t.dtype != ScalarType.Float32)
        {
            throw new ArgumentException($"TorchCopy: expected a float32 tensor, got {t.dtype}.");
        }

        return t.bytes;
    }
}
