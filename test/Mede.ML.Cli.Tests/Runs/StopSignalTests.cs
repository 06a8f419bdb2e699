using System.Globalization;

namespace Mede.ML.Cli.Tests.Runs;

/// <summary>SIGINT (Ctrl-C) and SIGTERM sent to a real <c>mede train</c> process.</summary>
[TestClass]
[DoNotParallelize]
public sealed class StopSignalTests
{
    private string _folder = string.Empty;

    [TestInitialize]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "mede-signal-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("INT", "SIGINT", false)]
    [DataRow("TERM", "SIGTERM", true)]
    public void Train_Signal_WritesCheckpointLogsAndSaysHowToResume(string signal, string name, bool deliveredTwice)
    {
        int exit;
        string output;
        using (var training = new MedeProcess(
            "train", "--out", _folder, "--steps", "1000000", "--set", "WarmupSteps=40", "--set", "BatchSize=16",
            "--set", "HiddenLayerSizes=16", "--set", "DiscriminatorHiddenLayerSizes=16"))
        {
            // Stopped inside its first checkpoint interval (10,000 steps by default): before, nothing survived this.
            training.WaitUntil(() => File.Exists(Path.Combine(_folder, "episodes.csv")) && File.ReadAllLines(Path.Combine(_folder, "episodes.csv")).Length > 8, "episodes");
            training.Signal(signal);
            if (deliveredTwice)
            {
                training.Signal(signal); // as coreutils' timeout does: to the command, then to its process group
            }
            exit = training.WaitForExit(60);
            output = training.Output;
        }

        Assert.AreEqual(130, exit, output);
        StringAssert.Contains(output.Replace("\n", " ", StringComparison.Ordinal), "--resume");
        Assert.AreEqual(1, MedeProcess.CompleteCheckpoints(_folder), "the stop wrote a checkpoint");
        string checkpoint = Directory.GetDirectories(Path.Combine(_folder, "checkpoints"), "step-*").Single();
        long step = long.Parse(Path.GetFileName(checkpoint)["step-".Length..], CultureInfo.InvariantCulture);
        string log = File.ReadAllText(Path.Combine(_folder, "train.log"));
        StringAssert.Contains(log, $"stopped by {name}");
        StringAssert.Contains(log, $"at step {step}");

        // Everything up to the stop is on disk: the resumed run neither loses nor repeats an episode.
        var (resumed, _, error) = CliRunner.Run("train", "--resume", _folder, "--steps", (step + 40).ToString(CultureInfo.InvariantCulture), "--eval-episodes", "1");
        Assert.AreEqual(0, resumed, error);
        var keys = File.ReadAllLines(Path.Combine(_folder, "episodes.csv")).Skip(1).Select(l => l.Split(',')).Select(f => (f[1], f[2])).ToList();
        Assert.AreEqual(keys.Count, keys.Distinct().Count(), "an episode was recorded twice");
    }

    [TestMethod]
    public void Train_SecondSigintWhileTheFirstWaitsForItsRound_AbortsAtOnce()
    {
        // Default-size networks with 200 updates per environment step: a round of the 4 agents is 800 updates, several
        // seconds (about 8 s measured here). The first SIGINT waits for the end of the round it lands in; the second
        // comes 0.7 s later, while it waits. From outside, the test cannot see where in a round the first lands: about
        // one time in ten it lands in the round's last 0.7 s, the graceful stop finishes first, and the second SIGINT
        // proves nothing. Such an attempt is repeated; the abort must show within three.
        const int Attempts = 3;
        var raced = new List<string>();
        for (int attempt = 1; attempt <= Attempts; attempt++)
        {
            string run = Path.Combine(_folder, $"attempt-{attempt}");
            string metrics = Path.Combine(run, "metrics.csv");
            int exit;
            bool secondSent;
            string output, error;
            using (var training = new MedeProcess(
                "train", "--out", run, "--steps", "1000000", "--set", "WarmupSteps=4", "--set", "UpdatesPerStep=200", "--set", "MetricsInterval=8"))
            {
                // The first metrics rows come at step 8, after the first round with updates: every round from here is long.
                training.WaitUntil(() => File.Exists(metrics) && File.ReadLines(metrics).Skip(1).Any(), "the first metrics", seconds: 300);
                training.Signal("INT");
                training.WaitUntil(() => training.Error.Contains("send it again to abort", StringComparison.Ordinal), "the first SIGINT taken");
                // Past StopSignal's 0.5 s window: a repeat inside it counts as the same request (timeout sends two).
                Thread.Sleep(700);
                secondSent = training.TrySignal("INT");
                exit = training.WaitForExit(60);
                output = training.Output;
                error = training.Error;
            }

            // The stop's checkpoint is written when the round ends, and "stopped by" logged after it: either one means
            // the round had ended before the second SIGINT came.
            bool stoppedGracefully = File.ReadAllText(Path.Combine(run, "train.log")).Contains("stopped by", StringComparison.Ordinal);
            int checkpoints = MedeProcess.CompleteCheckpoints(run);
            if (!secondSent || stoppedGracefully || checkpoints > 0)
            {
                raced.Add($"attempt {attempt}: {(secondSent ? "the second SIGINT came after the round had ended" : "mede had exited before the second SIGINT")}, {checkpoints} checkpoint(s), exit {exit}");
                continue;
            }

            // Aborted inside the round: SIGINT's default action, and nothing of the graceful path.
            Assert.AreEqual(130, exit, "ended by SIGINT's default action: " + output + error);
            Assert.IsFalse(output.Contains("Stopped at step", StringComparison.Ordinal), output);
            return;
        }

        Assert.Fail($"in none of {Attempts} attempts did the second SIGINT abort the run: " + string.Join("; ", raced));
    }
}
