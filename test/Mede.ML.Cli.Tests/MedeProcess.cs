using System.Diagnostics;
using System.Text;

namespace Mede.ML.Cli.Tests;

/// <summary>A real <c>mede</c> process (dotnet mede.dll ...) with its output collected, for what only a separate
/// process can show: OS locks between processes, signals, kills.</summary>
internal sealed class MedeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private bool _disposed;

    public MedeProcess(params string[] args)
    {
        string mede = Path.Combine(Path.GetDirectoryName(typeof(Verbs).Assembly.Location)!, "mede.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(mede);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Waits for the exit (failing the test after <paramref name="seconds"/>) and returns the exit code.</summary>
    public int WaitForExit(double seconds = 120)
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"mede did not exit within {seconds} s. Output: {Output} Error: {Error}");
        }

        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    /// <summary>Sends a signal by name (INT, TERM) with the system's kill command.</summary>
    public void Signal(string name) => Assert.IsTrue(TrySignal(name), $"kill -{name} {_process.Id}: mede had already exited. Output: {Output} Error: {Error}");

    /// <summary>Sends a signal by name (INT, TERM); false if the process had already exited, so nothing received it.</summary>
    public bool TrySignal(string name)
    {
        int number = name switch { "INT" => 2, "TERM" => 15, "KILL" => 9, _ => 0 };
        if (number > 0 && Ignores(_process.Id, number))
        {
            // A signal ignored when a process starts stays ignored across exec: a shell starts background jobs with
            // SIGINT ignored, so a test run launched with `&` hands that on to mede, which then cannot see Ctrl-C.
            // The same policy as a missing native library: Inconclusive, or a failure under MEDE_REQUIRE_NATIVE=1 (CI).
            Mede.ML.Testing.NativeRequirement.Unavailable($"SIG{name} is ignored by this test run's processes (it was started in the background), so mede cannot receive it; run the tests in the foreground.");
        }

        using Process kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            Assert.IsTrue(_process.HasExited, $"kill -{name} {_process.Id} failed (exit {kill.ExitCode}) while mede is running");
            return false;
        }

        return true;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing if the process exits first or after a while.</summary>
    public void WaitUntil(Func<bool> condition, string what, double seconds = 120)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.IsFalse(_process.HasExited, $"mede exited before {what}. Output: {Output} Error: {Error}");
            Assert.IsLessThan(seconds, clock.Elapsed.TotalSeconds, $"no {what} within {seconds} s");
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }

    /// <summary>The number of complete checkpoints (with a manifest) in a run folder.</summary>
    public static int CompleteCheckpoints(string runFolder)
    {
        string folder = Path.Combine(runFolder, "checkpoints");
        return Directory.Exists(folder) ? Directory.GetDirectories(folder, "step-*").Count(d => File.Exists(Path.Combine(d, "manifest.json"))) : 0;
    }

    /// <summary>Whether process <paramref name="pid"/> ignores signal <paramref name="number"/> (Linux: the SigIgn mask
    /// of /proc/PID/status); false where that cannot be read.</summary>
    private static bool Ignores(int pid, int number)
    {
        string status = Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "status");
        if (!File.Exists(status))
        {
            return false;
        }

        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out ulong mask)
            && (mask & (1UL << (number - 1))) != 0;
    }
}
