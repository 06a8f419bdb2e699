using System.Diagnostics;
using System.IO.Compression;

namespace Mede.ML.Cli.Tests.Packaging;

/// <summary>
/// The packages as a user meets them: <c>dotnet pack</c> of the solution into a temporary feed, the <c>mede</c> tool
/// installed from it into a temporary tool path, then <c>mede train</c> and <c>mede evaluate</c> run with the
/// installed command.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ToolPackageTests
{
    private static readonly string[] s_libraries = ["Mede.ML", "Mede.ML.Neural", "Mede.ML.Environments", "Mede.ML.Analysis"];
    private string _folder = string.Empty;

    [TestInitialize]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "mede-pack-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TestMethod]
    public void Pack_Solution_InstallsAToolThatTrainsAndEvaluates()
    {
        string feed = Path.Combine(_folder, "feed"), tools = Path.Combine(_folder, "tools"), run = Path.Combine(_folder, "run");

        // The test run has just built the solution in Release, so packing needs no second build.
        Run("dotnet", ["pack", Path.Combine(RepositoryRoot(), "Mede.ML.sln"), "-c", "Release", "--no-build", "-o", feed]);
        string version = typeof(Verbs).Assembly.GetName().Version!.ToString(3);
        foreach (string id in s_libraries.Append("Mede.ML.Tool"))
        {
            string package = Path.Combine(feed, $"{id}.{version}.nupkg");
            Assert.IsTrue(File.Exists(package), $"{package} was not packed");
            Assert.IsTrue(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"{id} has no symbol package");
            using ZipArchive zip = ZipFile.OpenRead(package);
            string nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
            StringAssert.Contains(nuspec, "<license type=\"expression\">MIT</license>", $"{id}: licence");
            StringAssert.Contains(nuspec, "<readme>README.md</readme>", $"{id}: readme");
            StringAssert.Contains(nuspec, "<description>", $"{id}: description");
            Assert.IsNotNull(zip.GetEntry("README.md"), $"{id} carries no README.md");
        }

        // A private packages folder: the machine's NuGet cache may hold an older build of the same version.
        Run("dotnet", ["tool", "install", "Mede.ML.Tool", "--version", version, "--tool-path", tools, "--add-source", feed, "--ignore-failed-sources"],
            ("NUGET_PACKAGES", Path.Combine(_folder, "packages")));
        string mede = Path.Combine(tools, "mede");
        string train = Run(mede, ["train", "--steps", "2000", "--out", run, "--eval-episodes", "2", "--set", "HiddenLayerSizes=32,32", "--set", "DiscriminatorHiddenLayerSizes=32,32"]);
        StringAssert.Contains(train, "Run folder");
        Assert.IsTrue(File.Exists(Path.Combine(run, "run.db")), "the installed tool wrote no run store");
        string evaluation = Run(mede, ["evaluate", run, "--episodes", "2", "--json"]);
        StringAssert.Contains(evaluation, "\"mean_return\"");
    }

    private static string Run(string file, string[] arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        Assert.IsTrue(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{file} {string.Join(' ', arguments)} did not finish in 5 minutes");
        Assert.AreEqual(0, process.ExitCode, $"{file} {string.Join(' ', arguments)} failed:\n{output.Result}\n{error.Result}");
        return output.Result;
    }

    private static string RepositoryRoot()
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
}
