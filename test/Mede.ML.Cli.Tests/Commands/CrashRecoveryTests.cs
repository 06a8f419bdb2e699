using System.Diagnostics;
using System.Globalization;
using Mede.ML.Analysis.Store;

namespace Mede.ML.Cli.Tests.Commands;

/// <summary>A real <c>mede train</c> process killed with SIGKILL mid-run: the run folder holds only whole lines and
/// complete checkpoints, and <c>--resume</c> continues from the newest one.</summary>
[TestClass]
[DoNotParallelize]
public sealed class CrashRecoveryTests
{
    private string _folder = string.Empty;

    [TestInitialize]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "mede-crash-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TestMethod]
    public void Train_KilledMidRun_LeavesWholeFilesAndResumes()
    {
        string mede = Path.Combine(Path.GetDirectoryName(typeof(Verbs).Assembly.Location)!, "mede.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[]
        {
            mede, "train", "--out", _folder, "--steps", "1000000", "--set", "CheckpointInterval=100", "--set", "MetricsInterval=20",
            "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--set", "HiddenLayerSizes=16", "--set", "DiscriminatorHiddenLayerSizes=16",
            "--record-every", "1",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using (Process process = Process.Start(start)!)
        {
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            string checkpoints = Path.Combine(_folder, "checkpoints");
            while (CompleteCheckpoints(checkpoints) < 2)
            {
                Assert.IsFalse(process.HasExited, "mede train stopped before it was killed");
                Assert.IsLessThan(120.0, clock.Elapsed.TotalSeconds, "no checkpoint within two minutes");
                Thread.Sleep(50);
            }

            Thread.Sleep(137); // land somewhere inside the next interval
            process.Kill(entireProcessTree: true); // SIGKILL on Linux: no cleanup runs
            process.WaitForExit();
        }

        foreach (var (file, fields) in new[] { ("metrics.csv", 4), ("episodes.csv", 7) })
        {
            string text = File.ReadAllText(Path.Combine(_folder, file));
            Assert.IsTrue(text.EndsWith('\n'), $"{file} ends mid-line");
            Assert.IsTrue(text.TrimEnd('\n').Split('\n').All(line => line.Split(',').Length == fields), $"{file} has a partial line");
        }

        AssertStoreHoldsWholeEpisodes("after the kill");

        string latest = Directory.GetDirectories(Path.Combine(_folder, "checkpoints"), "step-*").Order(StringComparer.Ordinal).Last();
        long step = long.Parse(Path.GetFileName(latest)["step-".Length..], CultureInfo.InvariantCulture);
        var (exit, _, error) = CliRunner.Run("train", "--resume", _folder, "--steps", (step + 60).ToString(CultureInfo.InvariantCulture), "--eval-episodes", "1");
        Assert.AreEqual(0, exit, error);
        Assert.IsTrue(Directory.Exists(Path.Combine(_folder, "checkpoints", $"step-{step + 60:D12}")));
        var episodes = File.ReadAllLines(Path.Combine(_folder, "episodes.csv")).Skip(1).Select(l => l.Split(',')).Select(f => (f[1], f[2])).ToList();
        Assert.AreEqual(episodes.Count, episodes.Distinct().Count(), "the resumed run recorded an episode twice");

        int stored = AssertStoreHoldsWholeEpisodes("after the resume", everyEpisode: true);
        Assert.AreEqual(episodes.Count, stored, "run.db and episodes.csv hold the same training episodes");
    }

    /// <summary>run.db passes integrity_check, no training episode is in it twice, and every episode recorded step by
    /// step has all of its steps (with <paramref name="everyEpisode"/>, every episode is); returns the number of
    /// training episodes.</summary>
    private int AssertStoreHoldsWholeEpisodes(string when, bool everyEpisode = false)
    {
        using RunStore store = RunStore.Open(_folder);
        Assert.AreEqual("ok", store.IntegrityCheck(), when);
        IReadOnlyList<EpisodeRow> episodes = store.Episodes();
        Assert.IsGreaterThan(0, episodes.Count, when);
        Assert.AreEqual(episodes.Count, episodes.Select(e => (e.Agent, e.Episode)).Distinct().Count(), $"{when}: an episode is stored twice");
        int whole = 0;
        foreach (EpisodeRow episode in episodes.Where(e => e.HasTransitions))
        {
            IReadOnlyList<TransitionRow> steps = store.Transitions(episode.Id);
            CollectionAssert.AreEqual(Enumerable.Range(0, episode.Length).ToList(), steps.Select(s => s.Time).ToList(), $"{when}: episode {episode.Id}");
            whole++;
        }

        Assert.IsGreaterThan(0, whole, $"{when}: with --record-every 1 episodes are recorded step by step");
        if (everyEpisode)
        {
            // The resumed run kept --record-every 1 from run.json, and finished the episodes that were in progress at
            // its checkpoint with the steps the store kept for them.
            Assert.AreEqual(episodes.Count, whole, $"{when}: every episode, those across the resume included, is whole");
        }

        return episodes.Count;
    }

    private static int CompleteCheckpoints(string folder) =>
        Directory.Exists(folder) ? Directory.GetDirectories(folder, "step-*").Count(d => File.Exists(Path.Combine(d, "manifest.json"))) : 0;
}
