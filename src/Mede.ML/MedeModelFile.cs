using System.IO.Compression;
using System.Text.Json;
using Mede.ML.Neural;
using Mede.ML.Neural.Serialization;
using Mede.ML.Training;

namespace Mede.ML;

/// <summary>The zip format of a saved <see cref="MedeTransformer"/>: <c>model.json</c> and <c>weights.safetensors</c>.</summary>
internal static class MedeModelFile
{
    /// <summary>The current format; loading any other fails.</summary>
    public const int FormatVersion = 1;

    public const string ManifestEntry = "model.json";

    public const string WeightsEntry = "weights.safetensors";

    public static void Save(MedeTransformer model, string path)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        string suffix = ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        string weights = full + suffix + ".safetensors";
        string temporary = full + suffix;
        try
        {
            if (!Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"Cannot save the model to {full}: the directory {directory} does not exist.");
            }

            SafeTensors.Save(weights, model.NetworkTensors());
            var manifest = new Manifest(
                FormatVersion, TrainingSession.LibraryVersion, model.Options, model.ObservationSize, model.ActionSize,
                model.ActionLow.ToArray(), model.ActionHigh.ToArray(), model.NumberOfAgents, model.Options.NetworkMode.ToString(), model.Options.Algorithm.ToString());
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
                {
                    using (Stream entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
                    {
                        JsonSerializer.Serialize(entry, manifest, TrainingSession.JsonOptions);
                    }

                    zip.CreateEntryFromFile(weights, WeightsEntry, CompressionLevel.Fastest);
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            TryDelete(weights);
            TryDelete(temporary);
        }
    }

    public static MedeTransformer Load(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"Model file '{full}' does not exist.", full);
        }

        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(full);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{full} is not a Mede.ML model: it is not a readable zip file ({e.Message}).", e);
        }

        using (zip)
        {
            Manifest manifest = ReadManifest(full, zip);
            byte[] bytes = ReadEntry(full, zip, WeightsEntry);
            SafeTensorsFile weights = SafeTensors.Parse(bytes, $"{full}: entry '{WeightsEntry}'");
            var model = new MedeTransformer(manifest.Options!, manifest.ObservationSize, manifest.ActionSize, manifest.ActionLow!, manifest.ActionHigh!);
            CopyWeights(model, weights, $"{full}: entry '{WeightsEntry}'", $"{ManifestEntry} describes a model whose tensor has shape");
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

    /// <summary>The content of <c>model.json</c>.</summary>
    private sealed record Manifest(
        int FormatVersion, string Library, MedeTrainer.Options? Options, int ObservationSize, int ActionSize,
        float[]? ActionLow, float[]? ActionHigh, int Agents, string NetworkMode, string Algorithm);
}
