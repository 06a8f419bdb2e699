using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json;
using Mede.ML.Analysis.Store;
using Mede.ML.Testing;

namespace Mede.ML.Cli.Tests.Commands;

/// <summary><c>mede train</c> and <c>mede evaluate</c> with the run store: what they write, and how they behave when
/// the run folder is read-only or the disk is full. The last two need root (chattr, mount): without it they follow
/// the project's policy for missing system parts (Inconclusive, or a failure under MEDE_REQUIRE_NATIVE=1, as in CI).</summary>
[TestClass]
[DoNotParallelize]
public sealed class RunStoreCommandTests
{
    private static readonly string[] Small =
    [
        "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--set", "HiddenLayerSizes=16",
        "--set", "DiscriminatorHiddenLayerSizes=16", "--eval-episodes", "2",
    ];

    private string _root = string.Empty;

    private string Run => Path.Combine(_root, "run");

    [TestInitialize]
    public void CreateFolder()
    {
        _root = Path.Combine(Path.GetTempPath(), "mede-store-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
    }

    [TestCleanup]
    public void DeleteFolder()
    {
        Shell("chattr", "-R", "-i", _root);
        Shell("umount", Path.Combine(_root, "small"));
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [TestMethod]
    public void TrainThenEvaluate_StoreHoldsBothEvaluations_MatchingTheJson()
    {
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "150", "--out", Run, "--record-every", "2", .. Small]);
        Assert.AreEqual(0, exit, error);
        (exit, string output, error) = CliRunner.Run("evaluate", Run, "--episodes", "3", "--json");
        Assert.AreEqual(0, exit, error);

        using RunStore store = RunStore.Open(Run);
        Assert.AreEqual("ok", store.IntegrityCheck());
        RunRow run = store.Run;
        Assert.AreEqual("MEDE", run.Algorithm);
        Assert.AreEqual(150, run.LastStep);
        Assert.AreNotEqual(string.Empty, run.EndedAt);
        IReadOnlyList<EvaluationRow> evaluations = store.Evaluations();
        Assert.HasCount(3, evaluations, "two at the end of training (the stochastic policies, then their modes), one by mede evaluate");
        Assert.IsTrue(evaluations.All(e => e.Complete && e.Step == 150));
        CollectionAssert.AreEqual(new[] { false, true, false }, evaluations.Select(e => e.Deterministic).ToArray());
        Assert.AreEqual(2, evaluations[0].EpisodesPerAgent);
        Assert.AreEqual(2, evaluations[1].EpisodesPerAgent);
        Assert.HasCount(4 * 2, store.Episodes(evaluations[1].Id));
        Assert.HasCount(4 * 3, store.Episodes(evaluations[2].Id));
        Assert.AreEqual(evaluations[1].Id, store.ReturnsEvaluation()!.Id, "a return table reports the deterministic policies");
        Assert.AreEqual(evaluations[2].Id, store.BehaviourEvaluation()!.Id);

        using var json = JsonDocument.Parse(output);
        IReadOnlyList<AgentSummary> summaries = store.AgentSummaries();
        foreach (JsonElement agent in json.RootElement.GetProperty("agents").EnumerateArray())
        {
            AgentSummary summary = summaries[agent.GetProperty("agent").GetInt32()];
            Assert.AreEqual(agent.GetProperty("mean_return").GetDouble(), summary.MeanReturn, 1e-6);
            Assert.AreEqual(agent.GetProperty("max_return").GetDouble(), summary.MaxReturn, 1e-6);
        }

        Assert.IsTrue(store.Episodes().Where(e => e.Episode % 2 == 0).All(e => e.HasTransitions), "--record-every 2");
        Assert.IsTrue(store.Episodes().Where(e => e.Episode % 2 == 1).All(e => !e.HasTransitions));
    }

    [TestMethod]
    public void Train_Diverges_StoreKeepsWhatLedUpToIt()
    {
        var (exit, _, error) = CliRunner.Run(
            "train", "--out", Run, "--steps", "2000", "--set", "LearningRate=1e30", "--set", "WarmupSteps=400", "--set", "BatchSize=16",
            "--set", "HiddenLayerSizes=16", "--set", "DiscriminatorHiddenLayerSizes=16", "--set", "MetricsInterval=100");

        Assert.AreEqual(1, exit);
        StringAssert.Contains(error, "Training diverged at step");
        using RunStore store = RunStore.Open(Run);
        Assert.AreEqual("ok", store.IntegrityCheck());
        int csvEpisodes = File.ReadAllLines(Path.Combine(Run, "episodes.csv")).Length - 1;
        int csvMetrics = File.ReadAllLines(Path.Combine(Run, "metrics.csv")).Length - 1;
        Assert.IsGreaterThan(0, csvEpisodes, "episodes ended before the first update");
        Assert.HasCount(csvEpisodes, store.Episodes(), "the store holds the same episodes as the CSV file");
        Assert.HasCount(csvMetrics, store.Metrics());
        Assert.AreEqual(string.Empty, store.Run.EndedAt, "a diverged run is not finished");
    }

    [TestMethod]
    public void Evaluate_ReadOnlyRunFolder_PrintsResultsWarnsAndLeavesTheStoreAsItWas()
    {
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "100", "--out", Run, .. Small]);
        Assert.AreEqual(0, exit, error);
        byte[] before = File.ReadAllBytes(RunStore.PathIn(Run));
        MakeReadOnly(Run);

        (exit, string output, error) = CliRunner.Run("evaluate", Run, "--episodes", "2", "--json");

        Assert.AreEqual(0, exit, error);
        using var json = JsonDocument.Parse(output);
        Assert.AreEqual(4, json.RootElement.GetProperty("agents").GetArrayLength());
        StringAssert.Contains(error, "warning:");
        StringAssert.Contains(error, RunStore.PathIn(Run));
        Shell("chattr", "-R", "-i", _root);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(RunStore.PathIn(Run)));
    }

    [TestMethod]
    public void Train_IntoReadOnlyFolder_FailsNamingThePath()
    {
        string parent = Path.Combine(_root, "locked");
        Directory.CreateDirectory(parent);
        MakeReadOnly(parent);
        string target = Path.Combine(parent, "run");

        var (exit, _, error) = CliRunner.Run(["train", "--steps", "50", "--out", target, .. Small]);

        Assert.AreEqual(1, exit, error);
        StringAssert.Contains(error, target);
        Assert.IsFalse(Directory.Exists(target));
    }

    [TestMethod]
    public void Train_DiskFillsUp_StopsWithAClearError_AndLeavesOnlyWholeFiles()
    {
        string small = Path.Combine(_root, "small");
        Directory.CreateDirectory(small);
        if (Shell("mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", small) != 0)
        {
            NativeRequirement.Unavailable("this test mounts a 600 KB tmpfs to fill up, which needs root and mount(8).");
        }

        string target = Path.Combine(small, "run");
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "3000", "--out", target, "--record-every", "1", "--set", "CheckpointInterval=500", .. Small]);

        Assert.AreEqual(1, exit, "a full disk stops the run when a checkpoint cannot be written: " + error);
        StringAssert.Contains(error, "No space left on device");
        StringAssert.Contains(error, "mede train --resume " + target, "the message says how to go on");
        // The checkpoint the message names is there, complete, and at the step it says.
        Match named = Regex.Match(error, @"checkpoint, (?<folder>\S+) \(step (?<step>[\d,]+)\)");
        Assert.IsTrue(named.Success, "the message names the checkpoint that is kept: " + error);
        Assert.IsTrue(File.Exists(Path.Combine(named.Groups["folder"].Value, "manifest.json")), error);
        Assert.AreEqual(
            long.Parse(named.Groups["step"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture),
            Mede.ML.Training.TrainingSession.ReadManifest(named.Groups["folder"].Value).Step);
        using RunStore store = RunStore.Open(target);
        Assert.AreEqual("ok", store.IntegrityCheck());
        string[] checkpoints = Directory.GetDirectories(Path.Combine(target, "checkpoints"));
        Assert.IsTrue(checkpoints.All(c => File.Exists(Path.Combine(c, "manifest.json"))), "only complete checkpoints are visible");
        foreach (string file in new[] { "metrics.csv", "episodes.csv" })
        {
            Assert.IsTrue(File.ReadAllText(Path.Combine(target, file)).EndsWith('\n'), $"{file} ends mid-line");
        }
    }

    [TestMethod]
    public void Train_DiskFullBeforeTheFirstCheckpoint_SaysThereIsNothingToResume()
    {
        string small = Path.Combine(_root, "small");
        Directory.CreateDirectory(small);
        if (Shell("mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", small) != 0)
        {
            NativeRequirement.Unavailable("this test mounts a 600 KB tmpfs to fill up, which needs root and mount(8).");
        }

        // The default discriminators (2 x 256 x 256 with Adam's moments) make a checkpoint of more than 600 KB: the
        // first one cannot be written. The warm-up outlasts the run, so no update is computed.
        string target = Path.Combine(small, "run");
        var (exit, _, error) = CliRunner.Run(
            "train", "--steps", "400", "--out", target, "--set", "CheckpointInterval=200", "--set", "WarmupSteps=1000", "--eval-episodes", "1");

        Assert.AreEqual(1, exit, error);
        StringAssert.Contains(error, "No space left on device");
        Assert.AreEqual(0, MedeProcess.CompleteCheckpoints(target), "no checkpoint fits");
        StringAssert.Contains(error, "nothing to resume");
        StringAssert.Contains(error, "near step 200", "the step the run had reached when its first checkpoint did not fit");
        Assert.IsFalse(error.Contains("--resume", StringComparison.Ordinal), "no --resume is offered without a checkpoint: " + error);
    }

    private static void MakeReadOnly(string path)
    {
        if (Shell("chattr", "-R", "+i", path) != 0)
        {
            NativeRequirement.Unavailable("chattr +i (an immutable folder that even root cannot write) needs root and e2fsprogs' chattr.");
        }
    }

    private static int Shell(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using Process process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
