using Microsoft.ML.Data;

namespace Mede.ML.Data;

/// <summary>Moving float vectors in and out of ML.NET's <see cref="VBuffer{T}"/> without allocating per row.</summary>
internal static class Vectors
{
    /// <summary>Writes <paramref name="source"/> into <paramref name="destination"/> as a dense vector, reusing its buffer.</summary>
    public static void Write(ReadOnlySpan<float> source, ref VBuffer<float> destination)
    {
        VBufferEditor<float> editor = VBufferEditor.Create(ref destination, source.Length);
        source.CopyTo(editor.Values);
        destination = editor.Commit();
    }

    /// <summary>
    /// The values of <paramref name="buffer"/> as a dense span: the buffer's own values when it is dense, else
    /// <paramref name="scratch"/> (grown when too short) filled with the zeros a sparse vector leaves out.
    /// </summary>
    public static ReadOnlySpan<float> Dense(in VBuffer<float> buffer, ref float[]? scratch)
    {
        if (buffer.IsDense)
        {
            return buffer.GetValues();
        }

        if (scratch is null || scratch.Length < buffer.Length)
        {
            scratch = new float[buffer.Length];
        }

        Span<float> dense = scratch.AsSpan(0, buffer.Length);
        dense.Clear();
        ReadOnlySpan<float> values = buffer.GetValues();
        ReadOnlySpan<int> indices = buffer.GetIndices();
        for (int i = 0; i < values.Length; i++)
        {
            dense[indices[i]] = values[i];
        }

        return dense;
    }
}
