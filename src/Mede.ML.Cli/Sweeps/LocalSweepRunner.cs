using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Mede.ML.Cli.Sweeps;

/// <summary>
/// Runs a sweep on this machine as up to N <c>mede train</c> processes at once, one run folder per cell. Finished
/// cells are skipped and unfinished ones resume from their checkpoints, so the same command continues a sweep
/// killed at any moment. A cell still running from an earlier, killed sweep (its pid file names a live
/// <c>mede train</c> of that folder) is waited for rather than started twice. Progress lines show cells done,
/// running and left, and the ETA from the steps made so far.
/// </summary>
internal sealed partial class LocalSweepRunner(SweepFolder sweep, IReadOnlyList<string> mede, int parallel, TextWriter output)
{
    private const int SignalInterrupt = 2;
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_progressEvery = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromMinutes(2);

    /// <summary>Runs every unfinished cell; returns 0 when all are finished, 1 when some failed, 130 when cancelled.</summary>
    public int Run(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(sweep.LogsFolder);
        using FileStream sweepLock = Lock();
        var pending = new Queue<SweepCell>();
        var running = new List<RunningCell>();
        var failed = new List<(SweepCell Cell, string Why)>();
        int finished = 0;
        foreach (SweepCell cell in sweep.Cells)
        {
            if (sweep.IsDone(cell))
            {
                finished++;
                File.Delete(sweep.PidFile(cell)); // left by a sweep killed as the cell finished
            }
            else if (Adopt(cell) is RunningCell adopted)
            {
                output.WriteLine($"{cell.Name}: still running from an earlier sweep (pid {adopted.Pid}); waiting for it");
                running.Add(adopted);
            }
            else
            {
                pending.Enqueue(cell);
            }
        }

        long totalSteps = sweep.Cells.Sum(c => c.TotalSteps);
        long startSteps = sweep.Cells.Sum(sweep.StepsDone);
        var clock = Stopwatch.StartNew();
        TimeSpan lastProgress = TimeSpan.Zero;
        string lastLine = string.Empty;
        int reported = sweep.Cells.Count(c => sweep.State(c) == SweepCellState.Reported);
        string inReport = reported > 0 ? $" ({reported} of them in the report {sweep.Reported!.Folder})" : string.Empty;
        output.WriteLine($"sweep {sweep.Root}: {sweep.Cells.Count} cells, {finished} finished{inReport}, {parallel} at a time");
        while (true)
        {
            while (!cancellationToken.IsCancellationRequested && running.Count < parallel && pending.Count > 0)
            {
                SweepCell cell = pending.Dequeue();
                try
                {
                    running.Add(Start(cell));
                }
                catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or UnauthorizedAccessException)
                {
                    failed.Add((cell, $"could not start: {e.Message}"));
                }
            }

            if (running.Count == 0 && (pending.Count == 0 || cancellationToken.IsCancellationRequested))
            {
                break;
            }

            Thread.Sleep(s_poll);
            foreach (RunningCell cell in running.Where(r => r.HasExited).ToList())
            {
                running.Remove(cell);
                int? exitCode = cell.ExitCode;
                cell.Dispose();
                File.Delete(sweep.PidFile(cell.Cell));
                if (sweep.IsDone(cell.Cell))
                {
                    finished++;
                    output.WriteLine($"{cell.Cell.Name}: finished");
                }
                else if (exitCode is null && !cancellationToken.IsCancellationRequested)
                {
                    // An adopted run ended without finishing (killed with the old sweep): it continues from its checkpoint.
                    pending.Enqueue(cell.Cell);
                }
                else if (!cancellationToken.IsCancellationRequested)
                {
                    failed.Add((cell.Cell, $"mede train exited with {exitCode}"));
                    output.WriteLine($"{cell.Cell.Name}: FAILED (exit code {exitCode}); see {sweep.LogFile(cell.Cell)}");
                }
            }

            if (cancellationToken.IsCancellationRequested)
            {
                Stop(running);
                continue;
            }

            // A line when a cell starts or ends, and every so often between (the ETA alone changes every poll).
            string cells = Cells(finished, running.Count, pending.Count, failed.Count);
            if (cells != lastLine || clock.Elapsed - lastProgress >= s_progressEvery)
            {
                output.WriteLine($"{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {cells} · {Steps(totalSteps, startSteps, clock.Elapsed)}");
                lastLine = cells;
                lastProgress = clock.Elapsed;
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            output.WriteLine($"stopped: {finished} of {sweep.Cells.Count} cells finished; the running ones wrote checkpoints. Continue with: mede sweep --out {sweep.Root}");
            return 130;
        }

        foreach (var (cell, why) in failed)
        {
            output.WriteLine($"failed: cell {cell.Index} {cell.Name}: {why}; log {sweep.LogFile(cell)}");
        }

        string report = sweep.Reported is { } held
            ? $"mede report {held.Folder} {sweep.Root} --out {held.Folder}"
            : $"mede report {sweep.Root} --out {Path.Combine(sweep.Root, "report")}";
        output.WriteLine($"{finished} of {sweep.Cells.Count} cells finished. Report: {report}");
        return failed.Count == 0 ? 0 : 1;
    }

    private static string Cells(int finished, int running, int pending, int failed) =>
        $"cells: {finished} done, {running} running, {pending} left{(failed > 0 ? $", {failed} failed" : string.Empty)}";

    /// <summary>The share of all steps made and the ETA from the rate of steps since this command started.</summary>
    private string Steps(long totalSteps, long startSteps, TimeSpan elapsed)
    {
        long done = sweep.Cells.Sum(sweep.StepsDone);
        double rate = (done - startSteps) / Math.Max(1e-9, elapsed.TotalSeconds);
        string eta = rate <= 0 ? "ETA unknown" : "ETA " + Duration(TimeSpan.FromSeconds((totalSteps - done) / rate));
        double percent = totalSteps == 0 ? 100 : 100.0 * done / totalSteps;
        return string.Create(CultureInfo.InvariantCulture, $"{percent:F0}% of {totalSteps:N0} steps · {eta}");
    }

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m" : span.TotalMinutes >= 1 ? $"{span.Minutes}m{span.Seconds:00}s" : $"{span.Seconds}s";

    private FileStream Lock()
    {
        string path = Path.Combine(sweep.Root, "sweep.lock");
        try
        {
            // .NET takes an advisory lock for FileShare.None; the system drops it when this process dies.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new UsageException($"--out {sweep.Root}: another mede sweep is running this sweep (it holds {path}). Wait for it, or stop it first.");
        }
    }

    private RunningCell Start(SweepCell cell)
    {
        IReadOnlyList<string> arguments = sweep.NextArguments(cell)!;
        var info = new ProcessStartInfo(mede[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string word in mede.Skip(1).Concat(arguments))
        {
            info.ArgumentList.Add(word);
        }

        var log = new StreamWriter(new FileStream(sweep.LogFile(cell), FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        log.WriteLine($"--- {DateTimeOffset.UtcNow:u} cell {cell.Index}: {MedeExecutable.Quote(mede.Concat(arguments))}");
        var process = Process.Start(info) ?? throw new IOException($"could not start {mede[0]}");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        File.WriteAllText(sweep.PidFile(cell), process.Id.ToString(CultureInfo.InvariantCulture) + "\n");
        output.WriteLine($"{cell.Name}: {(arguments.Contains("--resume") ? "resuming" : "started")} (cell {cell.Index}, pid {process.Id})");
        return new RunningCell(cell, process, log);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>A cell whose pid file names a live process whose command line holds the cell's folder.</summary>
    private RunningCell? Adopt(SweepCell cell)
    {
        string pidFile = sweep.PidFile(cell);
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid))
        {
            return null;
        }

        try
        {
            string commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            if (commandLine.Contains(sweep.CellFolder(cell), StringComparison.Ordinal))
            {
                return new RunningCell(cell, Process.GetProcessById(pid), log: null);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Gone (or not ours to see): the cell is not running.
        }

        File.Delete(pidFile);
        return null;
    }

    /// <summary>Asks every running cell to stop as Ctrl+C would (mede train then writes a checkpoint), then waits.</summary>
    private void Stop(List<RunningCell> running)
    {
        if (running.Count == 0)
        {
            return;
        }

        output.WriteLine($"stopping {running.Count} running cell(s); each writes a checkpoint first");
        foreach (RunningCell cell in running)
        {
            _ = Kill(cell.Pid, SignalInterrupt);
        }

        var clock = Stopwatch.StartNew();
        while (running.Any(r => !r.HasExited) && clock.Elapsed < s_stopGrace)
        {
            Thread.Sleep(s_poll);
        }

        foreach (RunningCell cell in running)
        {
            if (!cell.HasExited)
            {
                cell.Process.Kill();
            }

            File.Delete(sweep.PidFile(cell.Cell));
            cell.Dispose();
        }

        running.Clear();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private sealed class RunningCell(SweepCell cell, Process process, StreamWriter? log) : IDisposable
    {
        public SweepCell Cell => cell;

        public Process Process => process;

        public int Pid => process.Id;

        public bool HasExited
        {
            get
            {
                try
                {
                    return process.HasExited;
                }
                catch (InvalidOperationException)
                {
                    return true;
                }
            }
        }

        /// <summary>The exit code of a process this sweep started; null for one it adopted (not its child).</summary>
        public int? ExitCode
        {
            get
            {
                if (log is null)
                {
                    return null;
                }

                process.WaitForExit(); // drains the redirected output
                return process.ExitCode;
            }
        }

        public void Dispose()
        {
            if (log is not null)
            {
                if (process.HasExited)
                {
                    process.WaitForExit();
                }

                lock (log)
                {
                    log.Dispose();
                }
            }

            process.Dispose();
        }
    }
}
