using System.Diagnostics;
using Mede.ML.Environments.MuJoCo.Native;

namespace Mede.ML.Environments.Tests.MuJoCo;

/// <summary>
/// The one place MuJoCo tests decide whether they can run. Without the library (or a tool) a test is Inconclusive
/// with the install command; with MEDE_REQUIRE_NATIVE=1 (set by .ci/run) it fails instead.
/// </summary>
internal static class MuJoCoTest
{
    public const string Category = "MuJoCo";

    /// <summary>Stops the test unless MuJoCo 2.2.2 is loadable.</summary>
    public static void RequireLibrary() => Testing.MuJoCoRequirement.RequireLibrary();

    /// <summary>Stops the test unless <paramref name="tool"/> is on the PATH; returns its full path.</summary>
    public static string RequireTool(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Skip($"'{tool}' is not on the PATH; it is needed to compare the struct layouts with the C compiler. " +
             "Install it (sudo apt-get install -y gcc python3).");
        return "";
    }

    /// <summary>Stops the test unless the MuJoCo headers (libmujoco-dev) are installed.</summary>
    public static void RequireHeaders()
    {
        if (!File.Exists("/usr/include/mujoco/mjdata.h"))
        {
            Skip($"The MuJoCo headers (/usr/include/mujoco) are missing. {MuJoCoLibrary.InstallHint}");
        }
    }

    /// <summary>The repository root (the folder holding Mede.ML.sln), found upwards from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mede.ML.sln")))
            {
                return dir.FullName;
            }
        }

        Assert.Fail($"Mede.ML.sln not found above {AppContext.BaseDirectory}.");
        return "";
    }

    /// <summary>Runs a process to completion; fails the test with its output when it exits non-zero.</summary>
    public static string Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Assert.Fail($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr}");
        }

        return stdout.Result;
    }

    private static void Skip(string message) => Testing.NativeRequirement.Unavailable(message);
}
