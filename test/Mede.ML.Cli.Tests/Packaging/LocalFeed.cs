using System.Diagnostics;
using System.Globalization;

namespace Mede.ML.Cli.Tests.Packaging;

/// <summary>
/// The solution's packages packed once per test run into a temporary folder feed, with one private package folder
/// beside it, shared by every test that installs from the feed (the tool test and the notebook tests): one pack, one
/// set of downloaded dependencies. The version is a prerelease unique to this test run
/// (<c>0.1.0-test.&lt;run&gt;</c>), so neither NuGet's nor the notebook kernel's caches can hand back an older build of
/// the same version. The folder is deleted when the test assembly finishes.
/// </summary>
internal sealed class LocalFeed
{
    private static readonly Lazy<LocalFeed> s_shared = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);
    private static string? s_folder;

    private LocalFeed(string folder, string version)
    {
        Folder = folder;
        Version = version;
    }

    /// <summary>The feed of this test run, packed on first use.</summary>
    public static LocalFeed Shared => s_shared.Value;

    /// <summary>The temporary folder holding the feed, the package folder and whatever the tests put beside them.</summary>
    public string Folder { get; }

    /// <summary>The folder feed with every package of the solution (<c>.nupkg</c> and <c>.snupkg</c>).</summary>
    public string Feed => Path.Combine(Folder, "feed");

    /// <summary>The private package folder (NuGet's global packages folder for the installs from this feed).</summary>
    public string Packages => Path.Combine(Folder, "packages");

    /// <summary>The packages' version: the solution's version with a prerelease label unique to this test run.</summary>
    public string Version { get; }

    /// <summary>The repository root (the folder holding Mede.ML.sln) above the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mede.ML.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Mede.ML.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>Runs a process to its end (failing the test on a non-zero exit or after <paramref name="minutes"/>) and
    /// returns its standard output.</summary>
    public static string Run(string file, IEnumerable<string> arguments, string? workingDirectory = null, double minutes = 5, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        string command = $"{file} {string.Join(' ', start.ArgumentList)}";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(minutes)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{command} did not finish in {minutes} minutes");
        }

        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, $"{command} failed (exit {process.ExitCode}):\n{output.Result}\n{error.Result}");
        return output.Result;
    }

    /// <summary>Deletes this test run's feed folder, if a test made one.</summary>
    public static void DeleteShared()
    {
        if (s_folder is not null && Directory.Exists(s_folder))
        {
            Directory.Delete(s_folder, recursive: true);
        }
    }

    private static LocalFeed Pack()
    {
        string run = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        string version = typeof(Verbs).Assembly.GetName().Version!.ToString(3) + "-test." + run;
        s_folder = Path.Combine(Path.GetTempPath(), "mede-feed-" + Guid.NewGuid().ToString("N"));
        var feed = new LocalFeed(s_folder, version);
        Directory.CreateDirectory(feed.Packages);

        // The test run has just built the solution in Release, so packing needs no second build; the version is set
        // for every project, so the packages' dependencies on each other carry it too.
        Run("dotnet", ["pack", Path.Combine(RepositoryRoot(), "Mede.ML.sln"), "-c", "Release", "--no-build", "-o", feed.Feed, "-p:Version=" + version], minutes: 10);
        return feed;
    }
}

/// <summary>Deletes the shared feed after the last test of the assembly.</summary>
[TestClass]
public static class LocalFeedCleanup
{
    /// <summary>Removes the temporary feed and package folder.</summary>
    [AssemblyCleanup]
    public static void DeleteFeed() => LocalFeed.DeleteShared();
}
