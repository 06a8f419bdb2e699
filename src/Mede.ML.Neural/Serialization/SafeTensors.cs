using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Mede.ML.Neural.Layers;

namespace Mede.ML.Neural.Serialization;

/// <summary>
/// Reads and writes weights in the safetensors format (Hugging Face): an 8-byte little-endian header length N,
/// N bytes of JSON mapping each name to <c>{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}</c>
/// (plus optional <c>__metadata__</c> of strings), then the raw little-endian data. A PyTorch user opens the files
/// with <c>safetensors.torch.load_file</c>.
/// </summary>
/// <remarks>Writes are atomic: the file is written under a temporary name in the same folder, flushed to disk,
/// and renamed over the target, so a crash leaves either the old file or the new one. Every malformed input
/// fails with a <see cref="InvalidDataException"/> naming the file and, where there is one, the tensor.</remarks>
public static class SafeTensors
{
    /// <summary>Headers larger than this are rejected as corrupt (the format's reference reader uses 100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes named tensors atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, IEnumerable<(string Name, Tensor Value)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in list)
        {
            if (string.IsNullOrEmpty(name) || name == "__metadata__" || !names.Add(name))
            {
                throw new ArgumentException($"SafeTensors.Save({path}): the tensor name '{name}' is empty, reserved or repeated.");
            }
        }

        byte[] header = BuildHeader(list, metadata);
        string full = Path.GetFullPath(path);
        string temporary = full + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var (_, value) in list)
                {
                    WriteLittleEndian(stream, value.Data);
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes a module's parameters under their dotted names.</summary>
    public static void Save(string path, Module module, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        Save(path, module.NamedParameters(), metadata);
    }

    /// <summary>Reads every tensor of a file, in file order.</summary>
    public static SafeTensorsFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"Safetensors file '{path}' does not exist.", path);
        }

        return Parse(bytes, path);
    }

    /// <summary>Loads a file into a module's parameters: every parameter must be present with its exact shape, and
    /// the file may hold nothing else.</summary>
    public static void LoadInto(string path, Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        SafeTensorsFile file = Load(path);
        LoadInto(file, module);
    }

    /// <summary>Copies the tensors of a parsed file into a module's parameters (exact names and shapes).</summary>
    public static void LoadInto(SafeTensorsFile file, Module module)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(module);
        var parameters = module.NamedParameters();
        foreach (var (name, parameter) in parameters)
        {
            if (!file.Tensors.TryGetValue(name, out Tensor? stored))
            {
                throw new InvalidDataException($"{file.Path}: the tensor '{name}' ({parameter.Shape}) is missing.");
            }

            if (stored.Rows != parameter.Rows || stored.Columns != parameter.Columns)
            {
                throw new InvalidDataException($"{file.Path}: the tensor '{name}' has shape {stored.Shape}, the model expects {parameter.Shape}.");
            }
        }

        var expected = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string name in file.Tensors.Keys)
        {
            if (!expected.Contains(name))
            {
                throw new InvalidDataException($"{file.Path}: the tensor '{name}' is not a parameter of the model.");
            }
        }

        foreach (var (name, parameter) in parameters)
        {
            file.Tensors[name].Data.CopyTo(parameter.Data);
        }
    }

    /// <summary>Parses safetensors bytes; <paramref name="source"/> names them in errors.</summary>
    public static SafeTensorsFile Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"{source}: truncated safetensors file ({bytes.Length} bytes; the 8-byte header length is missing).");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(bytes.Length - 8))
        {
            throw new InvalidDataException($"{source}: the header length {headerLength} runs past the end of the file ({bytes.Length} bytes).");
        }

        ReadOnlySpan<byte> data = bytes[(8 + (int)headerLength)..];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.Slice(8, (int)headerLength).ToArray());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: the header is not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{source}: the header must be a JSON object.");
            }

            var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var order = new List<string>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var ranges = new List<(long Begin, long End, string Name)>();
            foreach (JsonProperty entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    ReadMetadata(entry.Value, metadata, source);
                    continue;
                }

                var (shape, begin, end) = ReadEntry(entry, source);
                long count = 1;
                foreach (long dimension in shape)
                {
                    count *= dimension;
                }

                if (begin > end || end > data.Length)
                {
                    throw new InvalidDataException(
                        $"{source}: tensor '{entry.Name}' has data offsets [{begin}, {end}] outside the {data.Length} data bytes.");
                }

                if (end - begin != count * sizeof(float))
                {
                    throw new InvalidDataException(
                        $"{source}: tensor '{entry.Name}' of shape [{string.Join(", ", shape)}] needs {count * sizeof(float)} bytes, its offsets span {end - begin}.");
                }

                if (shape.Count > 2 || count > int.MaxValue)
                {
                    throw new InvalidDataException($"{source}: tensor '{entry.Name}' has shape [{string.Join(", ", shape)}]; Mede.ML reads tensors of rank 0 to 2.");
                }

                var values = new float[count];
                ReadLittleEndian(data.Slice((int)begin, (int)(end - begin)), values);
                Tensor tensor = shape.Count switch
                {
                    0 => Tensor.FromArray(values, 1, 1),
                    1 => Tensor.FromArray(values),
                    _ => Tensor.FromArray(values, (int)shape[0], (int)shape[1]),
                };
                if (!tensors.TryAdd(entry.Name, tensor))
                {
                    throw new InvalidDataException($"{source}: tensor '{entry.Name}' appears twice in the header.");
                }

                order.Add(entry.Name);
                ranges.Add((begin, end, entry.Name));
            }

            ranges.Sort((x, y) => x.Begin.CompareTo(y.Begin));
            for (int i = 1; i < ranges.Count; i++)
            {
                if (ranges[i].Begin < ranges[i - 1].End)
                {
                    throw new InvalidDataException(
                        $"{source}: tensors '{ranges[i - 1].Name}' and '{ranges[i].Name}' have overlapping data offsets.");
                }
            }

            return new SafeTensorsFile(source, tensors, order, metadata);
        }
    }

    private static (List<long> Shape, long Begin, long End) ReadEntry(JsonProperty entry, string source)
    {
        JsonElement value = entry.Value;
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{source}: tensor '{entry.Name}' must be described by a JSON object.");
        }

        if (!value.TryGetProperty("dtype", out JsonElement dtype) || dtype.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"{source}: tensor '{entry.Name}' has no dtype.");
        }

        if (dtype.GetString() != "F32")
        {
            throw new InvalidDataException($"{source}: tensor '{entry.Name}' has dtype '{dtype.GetString()}'; Mede.ML reads only F32.");
        }

        if (!value.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{source}: tensor '{entry.Name}' has no shape array.");
        }

        var shape = new List<long>();
        foreach (JsonElement dimension in shapeElement.EnumerateArray())
        {
            if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt64(out long d) || d < 0)
            {
                throw new InvalidDataException($"{source}: tensor '{entry.Name}' has an invalid shape entry {dimension}.");
            }

            shape.Add(d);
        }

        if (!value.TryGetProperty("data_offsets", out JsonElement offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
        {
            throw new InvalidDataException($"{source}: tensor '{entry.Name}' needs data_offsets [begin, end].");
        }

        if (!offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < 0)
        {
            throw new InvalidDataException($"{source}: tensor '{entry.Name}' has invalid data_offsets {offsets}.");
        }

        return (shape, begin, end);
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> into, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{source}: __metadata__ must be an object of strings.");
        }

        foreach (JsonProperty item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{source}: __metadata__ entry '{item.Name}' is not a string.");
            }

            into[item.Name] = item.Value.GetString()!;
        }
    }

    private static byte[] BuildHeader(List<(string Name, Tensor Value)> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, value) in tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                if (value.Rank == 2)
                {
                    json.WriteNumberValue(value.Rows);
                }

                json.WriteNumberValue(value.Columns);
                json.WriteEndArray();
                long bytes = (long)value.Count * sizeof(float);
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }

            json.WriteEndObject();
        }

        // Pad with spaces to a multiple of 8 so the data starts aligned (the format allows trailing whitespace).
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        var header = new byte[padded];
        buffer.ToArray().CopyTo(header, 0);
        header.AsSpan((int)buffer.Length).Fill((byte)' ');
        return header;
    }

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        Span<byte> four = stackalloc byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, v);
            stream.Write(four);
        }
    }

    private static void ReadLittleEndian(ReadOnlySpan<byte> bytes, Span<float> into)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4, 4));
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
