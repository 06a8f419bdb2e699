using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mede.ML.Cli.Runs;

namespace Mede.ML.Cli.Sweeps;

/// <summary>
/// A sweep's folder on disk: <c>sweep.json</c> (the definition, kept so the same command, a bare
/// <c>mede sweep --out DIR</c> or a cluster's array task can continue it), <c>runs/&lt;cell&gt;/</c> (one
/// <c>mede train</c> run folder per cell, what <c>mede report</c> merges) and <c>logs/</c> (each cell's output).
/// </summary>
internal sealed class SweepFolder
{
    public const string DefinitionFile = "sweep.json";

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private SweepFolder(string root, SweepDefinition definition)
    {
        Root = Path.GetFullPath(root);
        Definition = definition;
        Cells = definition.Cells();
    }

    /// <summary>The sweep folder (absolute).</summary>
    public string Root { get; }

    public SweepDefinition Definition { get; }

    public IReadOnlyList<SweepCell> Cells { get; }

    public string RunsFolder => Path.Combine(Root, "runs");

    public string LogsFolder => Path.Combine(Root, "logs");

    /// <summary>Opens the sweep in <paramref name="root"/>: with an empty <paramref name="definition"/> the one saved
    /// there; otherwise the given one, saved if the folder has none, and refused if the folder holds a different sweep.</summary>
    /// <exception cref="UsageException">No definition anywhere, or a different one in the folder.</exception>
    public static SweepFolder Open(string root, SweepDefinition definition)
    {
        string path = Path.Combine(root, DefinitionFile);
        SweepDefinition? saved = File.Exists(path) ? Load(path) : null;
        if (definition.IsEmpty)
        {
            return new SweepFolder(root, saved
                ?? throw new UsageException($"--out {root}: no {DefinitionFile} there. Give the sweep (--env, --algo, ... or --file) to start one."));
        }

        var folder = new SweepFolder(root, definition);
        if (saved is null)
        {
            Directory.CreateDirectory(folder.Root);
            string temporary = path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(definition, s_json));
            File.Move(temporary, path, overwrite: true);
        }
        else if (JsonSerializer.Serialize(saved, s_json) != JsonSerializer.Serialize(definition, s_json))
        {
            throw new UsageException(
                $"--out {root} holds a different sweep ({path}). Continue it with 'mede sweep --out {root}' (or the arguments that started it), " +
                "or choose another --out for this one.");
        }

        return folder;
    }

    /// <summary>The report whose digests count as finished cells (<c>--reported</c>), or null.</summary>
    public ReportedCells? Reported { get; private set; }

    /// <summary>Counts the cells <paramref name="reportFolder"/> holds as done (<see cref="ReportedCells"/>).</summary>
    /// <exception cref="UsageException">Not a report folder, or a digest of a cell cannot be read.</exception>
    public void UseReport(string reportFolder) => Reported = new ReportedCells(Definition, Cells, reportFolder);

    /// <summary>True for a cell with nothing left to train here: finished, or held by the report.</summary>
    public bool IsDone(SweepCell cell) => State(cell) is SweepCellState.Finished or SweepCellState.Reported;

    public string CellFolder(SweepCell cell) => Path.Combine(RunsFolder, cell.Name);

    public string LogFile(SweepCell cell) => Path.Combine(LogsFolder, cell.Name + ".log");

    public string PidFile(SweepCell cell) => Path.Combine(LogsFolder, cell.Name + ".pid");

    /// <summary>The cell at an array index, or an error naming the valid range.</summary>
    public SweepCell Cell(int index)
    {
        if (index < 0 || index >= Cells.Count)
        {
            throw new UsageException($"--cell {index}: the sweep in {Root} has {Cells.Count} cells, indices 0 to {Cells.Count - 1}.");
        }

        return Cells[index];
    }

    /// <summary>Where a cell stands: finished (its <c>evaluation.json</c>, written last by <c>mede train</c>, exists),
    /// running (a process holds its run folder's lock), reported (the <see cref="Reported"/> report holds it), resumable
    /// (a run folder with a complete checkpoint), or to start.</summary>
    public SweepCellState State(SweepCell cell)
    {
        string folder = CellFolder(cell);
        if (File.Exists(Path.Combine(folder, "evaluation.json")))
        {
            return SweepCellState.Finished;
        }

        if (RunFolderLock.Holder(folder) is not null)
        {
            return SweepCellState.Running;
        }

        if (Reported?.Digest(cell) is not null)
        {
            return SweepCellState.Reported;
        }

        return File.Exists(Path.Combine(folder, RunSpecification.FileName)) && RunSpecification.LatestCheckpoint(folder) is not null
            ? SweepCellState.Resumable
            : SweepCellState.New;
    }

    /// <summary>The <c>mede train</c> arguments that bring the cell forward: resume from its checkpoint, or start it
    /// (clearing what a run killed before its first checkpoint left, which cannot be resumed); null when finished or
    /// reported.</summary>
    /// <exception cref="IOException">Another process trains the cell now (its folder is left as it is: a run still
    /// before its first checkpoint would otherwise be cleared from under it).</exception>
    public IReadOnlyList<string>? NextArguments(SweepCell cell)
    {
        string folder = CellFolder(cell);
        switch (State(cell))
        {
            case SweepCellState.Finished or SweepCellState.Reported:
                return null;
            case SweepCellState.Running:
                throw new IOException(
                    $"cell {cell.Index} ({cell.Name}) is being trained by {RunFolderLock.Holder(folder) ?? "another process"} in {folder}; " +
                    "it was left as it is. Wait for that run to finish, or stop it (it resumes from its checkpoint), then run this again.");
            case SweepCellState.Resumable:
                return Definition.ResumeArguments(folder);
            default:
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                Directory.CreateDirectory(RunsFolder);
                return Definition.TrainArguments(cell, folder);
        }
    }

    /// <summary>Steps the cell has reached: its budget when finished or reported, else the last step in its
    /// <c>metrics.csv</c>.</summary>
    public long StepsDone(SweepCell cell)
    {
        if (IsDone(cell))
        {
            return cell.TotalSteps;
        }

        string metrics = Path.Combine(CellFolder(cell), "metrics.csv");
        try
        {
            using var stream = new FileStream(metrics, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long start = Math.Max(0, stream.Length - 512);
            stream.Seek(start, SeekOrigin.Begin);
            string tail = new StreamReader(stream).ReadToEnd();
            string[] lines = tail.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (int i = lines.Length - 1; i >= 0; i--)
            {
                int comma = lines[i].IndexOf(',', StringComparison.Ordinal);
                if (comma > 0 && long.TryParse(lines[i].AsSpan(0, comma), NumberStyles.Integer, CultureInfo.InvariantCulture, out long step))
                {
                    return Math.Min(step, cell.TotalSteps);
                }
            }
        }
        catch (IOException)
        {
            // Not started, or being replaced: nothing done yet as far as progress is concerned.
        }

        return 0;
    }

    private static SweepDefinition Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<SweepDefinition>(File.ReadAllText(path), s_json)
                ?? throw new UsageException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path} is not a sweep definition: {e.Message}");
        }
    }
}
