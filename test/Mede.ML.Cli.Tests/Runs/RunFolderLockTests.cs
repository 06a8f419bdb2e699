using System.Globalization;
using System.Text.Json;
using Mede.ML.Analysis.Store;

namespace Mede.ML.Cli.Tests.Runs;

/// <summary>One writer per run folder: real <c>mede train</c> processes in one folder.</summary>
[TestClass]
[DoNotParallelize]
public sealed class RunFolderLockTests
{
    private static readonly string[] Tiny =
    [
        "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--set", "HiddenLayerSizes=16", "--set", "DiscriminatorHiddenLayerSizes=16",
    ];

    private string _folder = string.Empty;

    [TestInitialize]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "mede-lock-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TestMethod]
    public void Train_TwoProcessesStartedAtOnce_OneTrainsAndTheOtherIsRefused()
    {
        int exitA, exitB;
        string errorA, errorB;
        using (var a = new MedeProcess(["train", "--out", _folder, "--steps", "400", "--seed", "1", "--eval-episodes", "1", .. Tiny]))
        using (var b = new MedeProcess(["train", "--out", _folder, "--steps", "400", "--seed", "2", "--eval-episodes", "1", .. Tiny]))
        {
            exitA = a.WaitForExit();
            exitB = b.WaitForExit();
            errorA = a.Error;
            errorB = b.Error;
        }

        Assert.AreEqual(1, new[] { exitA, exitB }.Count(e => e == 0), $"exactly one of the two trains: A {exitA} {errorA} / B {exitB} {errorB}");
        string refused = exitA == 0 ? errorB : errorA;
        StringAssert.Contains(refused, _folder, "the refusal names the folder");

        using JsonDocument run = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "run.json")));
        int seed = run.RootElement.GetProperty("Options").GetProperty("Seed").GetInt32();
        Assert.AreEqual(exitA == 0 ? 1 : 2, seed, "run.json is the winner's");
        using (RunStore store = RunStore.Open(_folder))
        {
            Assert.AreEqual(seed, store.Run.Seed, "run.db and run.json describe the same run");
            IReadOnlyList<EpisodeRow> episodes = store.Episodes();
            Assert.AreEqual(episodes.Count, episodes.Select(e => (e.Agent, e.Episode)).Distinct().Count(), "an episode is stored twice");
        }

        string[] lines = File.ReadAllLines(Path.Combine(_folder, "episodes.csv"));
        Assert.IsTrue(lines.All(line => line.Split(',').Length == 7), "episodes.csv has a malformed row");
        Assert.AreEqual(lines.Length - 1, lines.Skip(1).Select(l => string.Join(",", l.Split(',')[1..3])).Distinct().Count(), "episodes.csv holds an episode twice");
        Assert.AreEqual(1, File.ReadAllLines(Path.Combine(_folder, "train.log")).Count(l => l.Contains(" started ", StringComparison.Ordinal)), "train.log has one run's lines");
    }

    [TestMethod]
    public void Resume_WhileAnotherProcessTrains_IsRefusedNamingFolderAndProcessWhileReadersWork()
    {
        using (var training = new MedeProcess(["train", "--out", _folder, "--steps", "1000000", "--set", "CheckpointInterval=100", .. Tiny]))
        {
            training.WaitUntil(() => MedeProcess.CompleteCheckpoints(_folder) >= 1, "checkpoint");

            var (exit, _, error) = CliRunner.Run("train", "--resume", _folder, "--steps", "2000000");
            Assert.AreEqual(1, exit, error);
            StringAssert.Contains(error, _folder);
            StringAssert.Contains(error, "process " + training.Id.ToString(CultureInfo.InvariantCulture));

            (exit, _, error) = CliRunner.Run("evaluate", _folder, "--episodes", "1", "--json");
            Assert.AreEqual(0, exit, "a reader works while the run trains: " + error);

            training.Dispose(); // SIGKILL: the operating system releases the lock with the process
        }

        long step = LatestStep();
        var (resumed, _, resumeError) = CliRunner.Run("train", "--resume", _folder, "--steps", (step + 40).ToString(CultureInfo.InvariantCulture), "--eval-episodes", "1");
        Assert.AreEqual(0, resumed, "the lock of a killed process is gone: " + resumeError);
    }

    private long LatestStep() =>
        Directory.GetDirectories(Path.Combine(_folder, "checkpoints"), "step-*")
            .Select(d => long.Parse(Path.GetFileName(d)["step-".Length..], CultureInfo.InvariantCulture))
            .Max();
}
