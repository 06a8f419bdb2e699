using System.Text.Json;

namespace Mede.ML.Cli.Tests.Runs;

/// <summary>Which checkpoint <c>--resume</c> and <c>evaluate</c> take: this run's, and an intact one.</summary>
[TestClass]
[DoNotParallelize]
public sealed class RunCheckpointsTests
{
    private static readonly string[] Small =
    [
        "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--set", "HiddenLayerSizes=16", "--set", "DiscriminatorHiddenLayerSizes=16",
        "--eval-episodes", "1",
    ];

    private string _root = string.Empty;

    [TestInitialize]
    public void CreateFolder() => _root = Path.Combine(Path.GetTempPath(), "mede-checkpoints-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("3", "4")]
    [DataRow("4", "4")]
    public void Resume_CheckpointOfAnotherRun_IsRefusedNamingBothRuns(string otherAgents, string ownAgents)
    {
        string other = Path.Combine(_root, "other"), own = Path.Combine(_root, "own");
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "90", "--agents", otherAgents, "--seed", "1", "--out", other, .. Small]);
        Assert.AreEqual(0, exit, error);
        (exit, _, error) = CliRunner.Run(["train", "--steps", "60", "--agents", ownAgents, "--out", own, .. Small]);
        Assert.AreEqual(0, exit, error);
        string stray = Path.Combine(own, "checkpoints", "step-000000000090");
        CopyFolder(Path.Combine(other, "checkpoints", "step-000000000090"), stray);
        string csvBefore = File.ReadAllText(Path.Combine(own, "episodes.csv"));

        (exit, _, error) = CliRunner.Run("train", "--resume", own, "--steps", "120");
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, stray);
        StringAssert.Contains(error, RunId(other));
        StringAssert.Contains(error, RunId(own));
        Assert.AreEqual(csvBefore, File.ReadAllText(Path.Combine(own, "episodes.csv")), "the run's CSV files were not cut at the other run's offsets");
    }

    [TestMethod]
    public void EvaluateAndResume_NewestCheckpointOverwritten_UseThePreviousOneAndSaySo()
    {
        string run = Path.Combine(_root, "run");
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "120", "--set", "CheckpointInterval=60", "--out", run, .. Small]);
        Assert.AreEqual(0, exit, error);
        string newest = Path.Combine(run, "checkpoints", "step-000000000120");
        string weights = Path.Combine(newest, "networks.safetensors");
        using (var stream = new FileStream(weights, FileMode.Open, FileAccess.Write))
        {
            // 64 bytes of the weights overwritten in place: same size, so only a checksum can tell.
            stream.Seek(stream.Length / 2, SeekOrigin.Begin);
            stream.Write(new byte[64]);
        }

        (exit, _, error) = CliRunner.Run("evaluate", run, "--episodes", "1", "--json");
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(error, "networks.safetensors does not match the checksum");
        StringAssert.Contains(error, "Using the previous complete checkpoint " + Path.Combine(run, "checkpoints", "step-000000000060") + " (step 60)");

        (exit, _, error) = CliRunner.Run("train", "--resume", run, "--steps", "150");
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(error, "checksum");
        Assert.IsTrue(Directory.Exists(Path.Combine(run, "checkpoints", "damaged-step-000000000120")), "the damaged checkpoint is kept aside");
        Assert.IsTrue(Directory.Exists(Path.Combine(run, "checkpoints", "step-000000000150")));
        StringAssert.Contains(File.ReadAllText(Path.Combine(run, "train.log")), "resumed from " + Path.Combine(run, "checkpoints", "step-000000000060"));
    }

    private static string RunId(string folder)
    {
        using JsonDocument run = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "run.json")));
        return run.RootElement.GetProperty("Id").GetString()!;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
