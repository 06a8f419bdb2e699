using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mede.ML.Algorithms;
using Mede.ML.Environments;
using Mede.ML.Neural;
using Mede.ML.Neural.Layers;
using Mede.ML.Neural.Optim;
using Mede.ML.Neural.Serialization;

namespace Mede.ML.Training;

// The checkpoint format, in one place (the model file's format is MedeModelFile, beside this file).
// A checkpoint is a folder checkpoints/step-N/ holding everything needed to continue exactly:
//   manifest.json          format, step, library version, the run's options and identity, each file's size and SHA-256
//   networks.safetensors   ILearner.Weights(forCheckpoint: true): learner{i}.policy.*, .critic1/2.*, .target_critic1/2.*,
//                          .log_alpha, discriminator_sa.*, discriminator_s.*, agent{k}.discriminator_*.* (separate mode)
//   optimizers.safetensors ILearner.OptimizerState(): Adam moments and step counts by the same prefixes
//   replay-{i}.bin         replay buffer i (one shared, or one per agent)
//   state.bin              step, agents and sizes, random streams (replay, agents, policy noise), current observations,
//                          per agent its episode book and environment state, then the recorder's position
//   metrics.bin            the sums of the metric interval in progress, so a resumed run records the same means
//   outcomes.bin           with OutcomeWeight only: the outcome term's memory (OutcomeMemory.Write)
// Files go into a hidden temporary folder, the manifest last, and the folder is renamed into place: a crash at any
// moment leaves either the complete new checkpoint or none of it, and the previous ones untouched.
public sealed partial class TrainingSession
{
    /// <summary>The current checkpoint format (2: each environment's state carries its physics-failure counts).</summary>
    public const int CheckpointFormat = 2;

    private const string ManifestFile = "manifest.json";
    private const string OutcomesFile = "outcomes.bin";
    private const string Prefix = "step-";

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private const string MetricsFile = "metrics.bin";

    /// <summary>The identity of the run this session belongs to (the CLI keeps one in run.json), written into every
    /// checkpoint's manifest so that a checkpoint from another run is recognised; null writes none.</summary>
    public string? RunIdentity { get; set; }

    /// <summary>A test hook: called with each file name after it is written (to inject failures).</summary>
    internal Action<string>? AfterCheckpointFile { get; set; }

    /// <summary>Writes a checkpoint of the current state into <paramref name="directory"/>/step-NNNNNNNNNNNN.</summary>
    /// <returns>The checkpoint folder.</returns>
    public string WriteCheckpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        _recorder?.Flush();
        string final = Path.Combine(directory, Prefix + _step.ToString("D12", CultureInfo.InvariantCulture));
        string temporary = Path.Combine(directory, ".tmp-" + Prefix + _step.ToString("D12", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(temporary);
        try
        {
            var files = new Dictionary<string, long>(StringComparer.Ordinal);
            void Written(string name)
            {
                files[name] = new FileInfo(Path.Combine(temporary, name)).Length;
                AfterCheckpointFile?.Invoke(name);
            }

            SafeTensors.Save(Path.Combine(temporary, "networks.safetensors"), _learner.Weights(forCheckpoint: true));
            Written("networks.safetensors");
            SafeTensors.Save(Path.Combine(temporary, "optimizers.safetensors"), _learner.OptimizerState());
            Written("optimizers.safetensors");
            for (int i = 0; i < _buffers.Length; i++)
            {
                string name = $"replay-{i}.bin";
                WriteBinary(Path.Combine(temporary, name), _buffers[i].Save);
                Written(name);
            }

            if (_schedule.Outcomes is OutcomeMemory outcomes)
            {
                WriteBinary(Path.Combine(temporary, OutcomesFile), outcomes.Write);
                Written(OutcomesFile);
            }

            WriteBinary(Path.Combine(temporary, "state.bin"), WriteState);
            Written("state.bin");
            // The running sums of the metric interval in progress: a resumed run records the same means.
            WriteBinary(Path.Combine(temporary, MetricsFile), _accumulator.Write);
            Written(MetricsFile);

            var checksums = files.Keys.ToDictionary(name => name, name => Checksum(Path.Combine(temporary, name)), StringComparer.Ordinal);
            var manifest = new CheckpointManifest(CheckpointFormat, _step, LibraryVersion, _options, files, checksums, RunIdentity);
            using (var stream = new FileStream(Path.Combine(temporary, ManifestFile), FileMode.CreateNew))
            {
                JsonSerializer.Serialize(stream, manifest, JsonOptions);
                stream.Flush(flushToDisk: true);
            }

            if (Directory.Exists(final))
            {
                Directory.Delete(final, recursive: true);
            }

            Directory.Move(temporary, final);
        }
        catch
        {
            TryDeleteDirectory(temporary);
            throw;
        }

        Prune(directory);
        return final;
    }

    /// <summary>The newest complete checkpoint folder under <paramref name="directory"/>, or null.</summary>
    public static string? FindLatestCheckpoint(string directory) => FindCheckpoints(directory).FirstOrDefault();

    /// <summary>The complete checkpoint folders under <paramref name="directory"/> (those with a manifest), newest
    /// first by the step their manifest holds: a folder renamed by hand does not outrank the checkpoint it names.
    /// Their files are not checked here (<see cref="ReadManifest"/> does that).</summary>
    public static IReadOnlyList<string> FindCheckpoints(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.GetDirectories(directory, Prefix + "*")
            .Where(d => File.Exists(Path.Combine(d, ManifestFile)))
            .Select(d => (Folder: d, Step: PeekStep(d)))
            .OrderByDescending(c => c.Step)
            .ThenByDescending(c => Path.GetFileName(c.Folder), StringComparer.Ordinal)
            .Select(c => c.Folder)
            .ToList();
    }

    /// <summary>The step a checkpoint's manifest names, or -1 when the manifest cannot be read (such a checkpoint
    /// comes last, and <see cref="ReadManifest"/> says what is wrong with it).</summary>
    private static long PeekStep(string checkpoint)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(checkpoint, ManifestFile)));
            return document.RootElement.TryGetProperty(nameof(CheckpointManifest.Step), out JsonElement step) && step.TryGetInt64(out long value) ? value : -1;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static string Checksum(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    /// <summary>Reads a checkpoint's manifest, checking that every file it lists is present and complete.</summary>
    public static CheckpointManifest ReadManifest(string checkpoint)
    {
        string path = Path.Combine(checkpoint, ManifestFile);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{checkpoint} is not a complete checkpoint: {ManifestFile} is missing.");
        }

        CheckpointManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllText(path), JsonOptions)
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid checkpoint manifest: {e.Message}", e);
        }

        if (manifest.Format != CheckpointFormat)
        {
            throw new InvalidDataException($"{path}: checkpoint format {manifest.Format} is not supported (this Mede.ML reads format {CheckpointFormat}).");
        }

        foreach (var (file, size) in manifest.Files)
        {
            string full = Path.Combine(checkpoint, file);
            if (!File.Exists(full) || new FileInfo(full).Length != size)
            {
                throw new InvalidDataException($"{checkpoint}: the file {file} is missing or not {size} bytes long; the checkpoint is damaged.");
            }

            if (manifest.Checksums is not null
                && (!manifest.Checksums.TryGetValue(file, out string? expected) || !string.Equals(expected, Checksum(full), StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidDataException($"{checkpoint}: the file {file} does not match the checksum its manifest keeps; the checkpoint is damaged (changed on disk after it was written).");
            }
        }

        return manifest;
    }

    /// <summary>
    /// Continues a run from the newest complete checkpoint under <paramref name="directory"/> (a checkpoints folder
    /// or one checkpoint). The continued run draws the same random numbers and takes the same steps as one that
    /// never stopped (with Threads = 1, or in separate mode for any thread count).
    /// </summary>
    /// <param name="directory">A checkpoints folder or a checkpoint.</param>
    /// <param name="environmentFactory">Creates the environments (the same kind as the original run).</param>
    /// <param name="totalSteps">A new step budget, or null to keep the original.</param>
    /// <param name="checkpointDirectory">Where further checkpoints go (default: the checkpoints folder).</param>
    /// <param name="recorder">Receives metrics and episodes; it is first rewound to the position the checkpoint stored
    /// (see <see cref="ITrainingRecorder.Rewind"/>).</param>
    public static TrainingSession Resume(string directory, Func<IEnvironment> environmentFactory, long? totalSteps = null, string? checkpointDirectory = null, ITrainingRecorder? recorder = null)
    {
        string checkpoint = File.Exists(Path.Combine(directory, ManifestFile))
            ? directory
            : FindLatestCheckpoint(directory) ?? throw new InvalidDataException($"No complete checkpoint in {directory}.");
        CheckpointManifest manifest = ReadManifest(checkpoint);
        TrainingConfiguration options = manifest.Options.Clone();
        if (totalSteps is long total)
        {
            options.TotalSteps = total;
        }

        var session = new TrainingSession(options, environmentFactory, checkpointDirectory ?? Path.GetDirectoryName(Path.GetFullPath(checkpoint)), recorder);
        session.Load(checkpoint);
        session.RunIdentity = manifest.Run;
        // Rows the recorder received after this checkpoint are written again by the resumed run.
        recorder?.Rewind(session.RecorderPosition);
        return session;
    }

    /// <summary>Loads the networks of a checkpoint into this session (the state of its learners and discriminators).</summary>
    internal void Load(string checkpoint)
    {
        SafeTensorsFile networks = SafeTensors.Load(Path.Combine(checkpoint, "networks.safetensors"));
        _learner.LoadWeights(networks.Tensors, networks.Path);
        SafeTensorsFile optimizers = SafeTensors.Load(Path.Combine(checkpoint, "optimizers.safetensors"));
        _learner.LoadOptimizerState(optimizers.Tensors, optimizers.Path);
        for (int i = 0; i < _buffers.Length; i++)
        {
            ReadBinary(Path.Combine(checkpoint, $"replay-{i}.bin"), _buffers[i].Load);
        }

        if (_schedule.Outcomes is OutcomeMemory outcomes)
        {
            string path = Path.Combine(checkpoint, OutcomesFile);
            if (!File.Exists(path))
            {
                throw new InvalidDataException($"{checkpoint}: the run has an outcome term (OutcomeWeight {_options.OutcomeWeight}) but the checkpoint holds no {OutcomesFile}.");
            }

            ReadBinary(path, outcomes.Read);
        }

        ReadBinary(Path.Combine(checkpoint, "state.bin"), ReadState);
        string metrics = Path.Combine(checkpoint, MetricsFile);
        if (File.Exists(metrics))
        {
            // Checkpoints written before the interval's sums were kept start the interval afresh.
            ReadBinary(metrics, _accumulator.Read);
        }
    }

    /// <summary>The Mede.ML version written into checkpoints and run descriptions.</summary>
    public static string LibraryVersion => typeof(TrainingSession).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    private void WriteCheckpointIfConfigured()
    {
        if (_checkpointDirectory is not null)
        {
            WriteCheckpoint(_checkpointDirectory);
        }
    }

    private void WriteState(BinaryWriter writer)
    {
        writer.Write("MEDE-STATE");
        writer.Write(_step);
        writer.Write(Agents);
        writer.Write(ObservationSize);
        writer.Write(ActionSize);
        _replayRandom.State.Write(writer);
        foreach (Generator g in _agentRandom)
        {
            g.State.Write(writer);
        }

        _learner.SaveRandomState(writer);
        foreach (float v in _collector.Observations)
        {
            writer.Write(v);
        }

        for (int k = 0; k < Agents; k++)
        {
            _episodes.Write(writer, k);
            _collector.Environments[k].SaveState(writer);
        }

        // Nothing unless the warm-up's actions are correlated, so checkpoints of other runs keep their layout.
        _warmupActions.Write(writer);

        // The recorder's position last (values, then their count), so it can be read from the end of the file.
        IReadOnlyList<long> position = _recorder?.Position ?? [];
        foreach (long value in position)
        {
            writer.Write(value);
        }

        writer.Write(position.Count);
    }

    private void ReadState(BinaryReader reader)
    {
        if (reader.ReadString() != "MEDE-STATE")
        {
            throw new InvalidDataException("state.bin does not start with the MEDE-STATE marker.");
        }

        _step = reader.ReadInt64();
        int agents = reader.ReadInt32(), observationSize = reader.ReadInt32(), actionSize = reader.ReadInt32();
        if (agents != Agents || observationSize != ObservationSize || actionSize != ActionSize)
        {
            throw new InvalidDataException(
                $"state.bin is for {agents} agents with observation {observationSize} and action {actionSize}; the environment gives {Agents}, {ObservationSize}, {ActionSize}.");
        }

        _replayRandom.State = GeneratorState.Read(reader);
        foreach (Generator g in _agentRandom)
        {
            g.State = GeneratorState.Read(reader);
        }

        _learner.LoadRandomState(reader);
        Span<float> observations = _collector.Observations;
        for (int i = 0; i < observations.Length; i++)
        {
            observations[i] = reader.ReadSingle();
        }

        for (int k = 0; k < Agents; k++)
        {
            _episodes.Read(reader, k);
            _collector.Environments[k].LoadState(reader);
        }

        _warmupActions.Read(reader);

        RecorderPosition = ReadPosition(reader);
    }

    /// <summary>The recorder position stored in the loaded checkpoint (empty when it was written without a recorder).</summary>
    internal IReadOnlyList<long> RecorderPosition { get; private set; } = [];

    /// <summary>The position of the run's recorder when a checkpoint was written (<see cref="ITrainingRecorder.Position"/>;
    /// empty when the run had none). <see cref="Resume"/> rewinds the recorder it is given to this position itself.</summary>
    public static IReadOnlyList<long> ReadRecorderPosition(string checkpoint)
    {
        ReadManifest(checkpoint);
        string path = Path.Combine(checkpoint, "state.bin");
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        stream.Seek(-sizeof(int), SeekOrigin.End);
        int count = reader.ReadInt32();
        if (count < 0 || (long)count * sizeof(long) + sizeof(int) > stream.Length)
        {
            throw new InvalidDataException($"{path}: the recorder position at the end of the file is damaged (count {count}).");
        }

        stream.Seek(-sizeof(int) - (long)count * sizeof(long), SeekOrigin.End);
        return ReadPosition(reader);
    }

    private static long[] ReadPosition(BinaryReader reader)
    {
        long remaining = reader.BaseStream.Length - reader.BaseStream.Position - sizeof(int);
        if (remaining < 0 || remaining % sizeof(long) != 0)
        {
            throw new InvalidDataException($"state.bin: the recorder position takes {remaining + sizeof(int)} bytes, not a whole number of values.");
        }

        var values = new long[remaining / sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt64();
        }

        int count = reader.ReadInt32();
        if (count != values.Length)
        {
            throw new InvalidDataException($"state.bin: the recorder position says {count} values but holds {values.Length}.");
        }

        return values;
    }

    private void Prune(string directory)
    {
        foreach (string stale in Directory.GetDirectories(directory, ".tmp-" + Prefix + "*"))
        {
            TryDeleteDirectory(stale);
        }

        IReadOnlyList<string> complete = FindCheckpoints(directory);
        foreach (string old in complete.Skip(_options.CheckpointsToKeep))
        {
            TryDeleteDirectory(old);
        }
    }

    private static void WriteBinary(string path, Action<BinaryWriter> write)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        stream.Flush(flushToDisk: true);
    }

    private static void ReadBinary(string path, Action<BinaryReader> read)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream);
        try
        {
            read(reader);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path} is truncated.", e);
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException($"{path} has {stream.Length - stream.Position} unexpected trailing bytes.");
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
