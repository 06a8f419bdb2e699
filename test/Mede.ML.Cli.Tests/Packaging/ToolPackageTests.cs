using System.IO.Compression;

namespace Mede.ML.Cli.Tests.Packaging;

/// <summary>
/// The packages as a user meets them: <c>dotnet pack</c> of the solution into a temporary feed (<see cref="LocalFeed"/>,
/// shared with the notebook tests), the <c>mede</c> tool installed from it into a temporary tool path, then
/// <c>mede train</c> and <c>mede evaluate</c> run with the installed command.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ToolPackageTests
{
    private static readonly string[] s_libraries = ["Mede.ML", "Mede.ML.Neural", "Mede.ML.Environments", "Mede.ML.Analysis"];
    private string _folder = string.Empty;

    [TestInitialize]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "mede-tool-" + Guid.NewGuid().ToString("N"));

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
        LocalFeed packed = LocalFeed.Shared;
        string tools = Path.Combine(_folder, "tools"), run = Path.Combine(_folder, "run");
        foreach (string id in s_libraries.Append("Mede.ML.Tool"))
        {
            string package = Path.Combine(packed.Feed, $"{id}.{packed.Version}.nupkg");
            Assert.IsTrue(File.Exists(package), $"{package} was not packed");
            Assert.IsTrue(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"{id} has no symbol package");
            using ZipArchive zip = ZipFile.OpenRead(package);
            string nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
            StringAssert.Contains(nuspec, "<license type=\"expression\">MIT</license>", $"{id}: licence");
            StringAssert.Contains(nuspec, "<readme>README.md</readme>", $"{id}: readme");
            StringAssert.Contains(nuspec, "<description>", $"{id}: description");
            Assert.IsNotNull(zip.GetEntry("README.md"), $"{id} carries no README.md");
        }

        // The feed's private package folder: the machine's NuGet cache is never asked for a Mede.ML package.
        LocalFeed.Run("dotnet", ["tool", "install", "Mede.ML.Tool", "--version", packed.Version, "--tool-path", tools, "--add-source", packed.Feed, "--ignore-failed-sources"],
            environment: ("NUGET_PACKAGES", packed.Packages));
        string mede = Path.Combine(tools, "mede");
        string train = LocalFeed.Run(mede, ["train", "--steps", "2000", "--out", run, "--eval-episodes", "2", "--set", "HiddenLayerSizes=32,32", "--set", "DiscriminatorHiddenLayerSizes=32,32"]);
        StringAssert.Contains(train, "Run folder");
        Assert.IsTrue(File.Exists(Path.Combine(run, "run.db")), "the installed tool wrote no run store");
        string evaluation = LocalFeed.Run(mede, ["evaluate", run, "--episodes", "2", "--json"]);
        StringAssert.Contains(evaluation, "\"mean_return\"");
    }
}
