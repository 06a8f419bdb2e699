using System.IO.Compression;
using System.Text.Json;
using Mede.ML.Neural;
using Mede.ML.Neural.Serialization;
using Mede.ML.Training;

namespace Mede.ML.Persistence;

/// <summary>The Mede.ML payload of a saved <see cref="MedeTransformer"/>: a zip of <c>model.json</c> and
/// <c>weights.safetensors</c>, the SHA-256 of the weights kept in <c>model.json</c> as a checkpoint's manifest keeps
/// its files'.</summary>
internal static class MedeModelFile
{
    /// <summary>The current format; loading any other fails.</summary>
    public const int FormatVersion = 1;

    public const string ManifestEntry = "model.json";

    public const string WeightsEntry = "weights.safetensors";

    /// <summary>
    /// The model as the bytes of a small zip: <c>model.json</c> (format version, library version, options, sizes,
    /// action box) and <c>weights.safetensors</c> (every network by its PyTorch name, readable by Python's safetensors).
    /// This is the payload <see cref="Persistence.SavedModelChain"/> puts inside ML.NET's model file.
    /// </summary>
    public static byte[] ToBytes(MedeTransformer model)
    {
        string weights = Path.Combine(Path.GetTempPath(), "mede-weights-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            SafeTensors.Save(weights, model.NetworkTensors());
            var manifest = new Manifest(
                FormatVersion, TrainingSession.LibraryVersion, model.Options, model.ObservationSize, model.ActionSize,
                model.ActionLow.ToArray(), model.ActionHigh.ToArray(), model.NumberOfAgents, model.Options.NetworkMode.ToString(), model.Options.Algorithm.ToString(),
                new Dictionary<string, string>(StringComparer.Ordinal) { [WeightsEntry] = Sha256(File.ReadAllBytes(weights)) });
            using var stream = new MemoryStream();
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            {
                using (Stream entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
                {
                    JsonSerializer.Serialize(entry, manifest, TrainingSession.JsonOptions);
                }

                zip.CreateEntryFromFile(weights, WeightsEntry, CompressionLevel.Fastest);
            }

            return stream.ToArray();
        }
        finally
        {
            TryDelete(weights);
        }
    }

    /// <summary>Reads a model from the bytes <see cref="ToBytes"/> wrote; <paramref name="source"/> names where they
    /// came from in every error (the file and the place inside it).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a zip, an entry is missing or malformed, the format
    /// version is unknown, or a tensor is missing or has the wrong shape; the message names the source and the entry.</exception>
    public static MedeTransformer FromBytes(byte[] bytes, string source)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            // The central directory is read on first use, so a damaged one would otherwise throw from GetEntry
            // with a message that names no file.
            _ = zip.Entries.Count;
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source} is not a Mede.ML model: it is not a readable zip ({e.Message}).", e);
        }

        using (zip)
        {
            Manifest manifest = ReadManifest(source, zip);
            byte[] weightBytes = ReadEntry(source, zip, WeightsEntry);
            // Most bytes of a float tensor are valid whatever they hold: without the checksum, measured, 15 of 300 64-byte
            // overwrites of a saved model file loaded a different model silently.
            if (manifest.Checksums is not null
                && (!manifest.Checksums.TryGetValue(WeightsEntry, out string? expected) || !string.Equals(expected, Sha256(weightBytes), StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidDataException(
                    $"{source}: the entry '{WeightsEntry}' does not match the SHA-256 that '{ManifestEntry}' keeps for it; the model file is damaged (changed after it was saved). Save the model again, or load it from a checkpoint of its run.");
            }

            SafeTensorsFile weights = SafeTensors.Parse(weightBytes, $"{source}: entry '{WeightsEntry}'");
            var model = new MedeTransformer(manifest.Options!, manifest.ObservationSize, manifest.ActionSize, manifest.ActionLow!, manifest.ActionHigh!);
            CopyWeights(model, weights, $"{source}: entry '{WeightsEntry}'", $"{ManifestEntry} describes a model whose tensor has shape");
            return model;
        }
    }

    private static Manifest ReadManifest(string path, ZipArchive zip)
    {
        byte[] bytes = ReadEntry(path, zip, ManifestEntry);
        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(bytes, TrainingSession.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: entry '{ManifestEntry}' is not valid JSON of a Mede.ML model ({e.Message}).", e);
        }

        if (manifest is null)
        {
            throw new InvalidDataException($"{path}: entry '{ManifestEntry}' is empty.");
        }

        if (manifest.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException(
                $"{path}: entry '{ManifestEntry}' has format version {manifest.FormatVersion}, but this Mede.ML ({TrainingSession.LibraryVersion}) reads format {FormatVersion}; load it with the Mede.ML that wrote it ({manifest.Library}).");
        }

        string? problem = manifest.Options is null ? "Options are missing"
            : manifest.ObservationSize < 1 ? $"ObservationSize is {manifest.ObservationSize}"
            : manifest.ActionSize < 1 ? $"ActionSize is {manifest.ActionSize}"
            : manifest.ActionLow?.Length != manifest.ActionSize || manifest.ActionHigh?.Length != manifest.ActionSize ? "the action box does not have ActionSize bounds"
            : manifest.Agents != manifest.Options.NumberOfAgents ? $"Agents is {manifest.Agents} but Options.NumberOfAgents is {manifest.Options.NumberOfAgents}"
            : null;
        if (problem is null)
        {
            try
            {
                manifest.Options!.Validate();
            }
            catch (ArgumentException e)
            {
                problem = e.Message;
            }
        }

        if (problem is not null)
        {
            throw new InvalidDataException($"{path}: entry '{ManifestEntry}' is inconsistent: {problem}.");
        }

        return manifest;
    }

    private static byte[] ReadEntry(string path, ZipArchive zip, string name)
    {
        ZipArchiveEntry entry = zip.GetEntry(name) ?? throw new InvalidDataException(
            $"{path}: the entry '{name}' is missing; a Mede.ML model holds '{ManifestEntry}' and '{WeightsEntry}'.");
        try
        {
            using Stream stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: the entry '{name}' is corrupted ({e.Message}).", e);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // A temporary file left behind is harmless; the error that matters is the one being thrown.
        }
    }

    /// <summary>Fills every network tensor of <paramref name="model"/> from <paramref name="weights"/> by name, naming
    /// <paramref name="source"/> when a tensor is missing or has another shape.</summary>
    internal static void CopyWeights(MedeTransformer model, SafeTensorsFile weights, string source, string expectation)
    {
        foreach (var (name, tensor) in model.NetworkTensors())
        {
            if (!weights.Tensors.TryGetValue(name, out Tensor? stored))
            {
                throw new InvalidDataException($"{source} has no tensor '{name}' ({tensor.Shape}); the model is incomplete.");
            }

            if (stored.Rows != tensor.Rows || stored.Columns != tensor.Columns)
            {
                throw new InvalidDataException($"{source}, tensor '{name}' has shape {stored.Shape} but {expectation} {tensor.Shape}.");
            }

            stored.Data.CopyTo(tensor.Data);
        }
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    /// <summary>The content of <c>model.json</c>. <c>Checksums</c> holds the SHA-256 (lower-case hex) of
    /// <c>weights.safetensors</c>; it is null in models saved before checksums were kept, which load unchecked.</summary>
    private sealed record Manifest(
        int FormatVersion, string Library, TrainingConfiguration? Options, int ObservationSize, int ActionSize,
        float[]? ActionLow, float[]? ActionHigh, int Agents, string NetworkMode, string Algorithm,
        IReadOnlyDictionary<string, string>? Checksums = null);
}
