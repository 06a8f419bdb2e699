namespace Mede.ML.Neural;

/// <summary>The saved state of a <see cref="Generator"/>: the four words of xoshiro256**.</summary>
/// <param name="S0">Word 0.</param>
/// <param name="S1">Word 1.</param>
/// <param name="S2">Word 2.</param>
/// <param name="S3">Word 3.</param>
public readonly record struct GeneratorState(ulong S0, ulong S1, ulong S2, ulong S3)
{
    /// <summary>Writes the four words.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(S0);
        writer.Write(S1);
        writer.Write(S2);
        writer.Write(S3);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static GeneratorState Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new GeneratorState(reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64());
    }
}
