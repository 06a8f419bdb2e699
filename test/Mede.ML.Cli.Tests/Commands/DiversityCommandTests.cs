using System.Text.Json;

namespace Mede.ML.Cli.Tests.Commands;

[TestClass]
[DoNotParallelize]
public sealed class DiversityCommandTests
{
    private static readonly string[] Small =
    [
        "--steps", "150", "--agents", "2", "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--set", "HiddenLayerSizes=16,16",
        "--set", "DiscriminatorHiddenLayerSizes=16,16", "--eval-episodes", "3", "--record-every", "0",
        // The paper's MEDE (MEDE's MultiGoal preset has other units and the outcome term); a later --set wins.
        "--set", "RewardScale=1", "--set", "EntropyCoefficient=0.3", "--set", "OutcomeWeight=0",
        "--set", "BootstrapTimeLimits=true", "--env-option", "time-feature=false",
    ];

    private string _folder = string.Empty;

    [TestInitialize]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "mede-diversity-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TestMethod]
    public void Diversity_RunsOfTwoSettings_GroupsThemBySettingAndCountsCoverageFromTheirEvaluations()
    {
        // Two seeds of the paper's MEDE and one seed of the extension, plus a SAC run that has no place on the map.
        string runs = Path.Combine(_folder, "sweep", "runs");
        Train(Path.Combine(runs, "mede-0"), "--seed", "0");
        // Without the outcome term (u 0) its other settings change nothing, so this run joins mede-0's setting.
        Train(Path.Combine(runs, "mede-1"), "--seed", "1", "--set", "OutcomeBandwidth=1", "--set", "OutcomeScore=Price");
        Train(Path.Combine(runs, "w-0"), "--seed", "0", "--set", "StateDiscriminatorWeight=2");
        Train(Path.Combine(runs, "warm-0"), "--seed", "0", "--set", "WarmupSteps=80");
        Train(Path.Combine(runs, "u-0"), "--seed", "0", "--set", "OutcomeWeight=2");
        Train(Path.Combine(runs, "nets-8-0"), "--seed", "0", "--set", "HiddenLayerSizes=8,8");
        Train(Path.Combine(runs, "u-fade-0"), "--seed", "0", "--set", "OutcomeWeight=2", "--set", "OutcomeFadeStart=100", "--set", "OutcomeFadeEnd=120");
        Train(Path.Combine(runs, "scaled-0"), "--seed", "0", "--set", "RewardScale=0.01", "--set", "EntropyCoefficient=0.003");
        Train(Path.Combine(runs, "time-limits-0"), "--seed", "0", "--set", "BootstrapTimeLimits=false");
        // The time feature changes the task the networks see: its runs form a layout of their own.
        Train(Path.Combine(runs, "time-0"), "--seed", "0", "--set", "BootstrapTimeLimits=false", "--env-option", "time-feature=true");
        var (exit, _, error) = CliRunner.Run("train", "--algo", "sac", "--steps", "100", "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--eval-episodes", "2", "--out", Path.Combine(runs, "sac-0"));
        Assert.AreEqual(0, exit, error);

        string output = Path.Combine(_folder, "map");
        (exit, string table, error) = CliRunner.Run(["diversity", .. Directory.GetDirectories(runs).Order(StringComparer.Ordinal), "--out", output]);
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(table, "w 2 (extension)");
        StringAssert.Contains(table, "outcome u 2 h 2, information at the end, at least 1.6 x the goals' return spread / log 2, losses weighing 100 (extension)");
        StringAssert.Contains(table, "outcome u 2 h 2, information at the end, at least 1.6 x the goals' return spread / log 2, losses weighing 100, fading to 0 from step 100 to 120 (extension)");
        StringAssert.Contains(table, "alpha 0.003, reward scale 0.01");
        StringAssert.Contains(table, "separate 8x8, alpha");
        StringAssert.Contains(table, "time limits end the backup");

        // The CSV files are read by their header names, so a new column cannot shift what a test reads.
        string[] settings = File.ReadAllLines(Path.Combine(output, "settings.csv"));
        Assert.HasCount(10, settings, string.Join("\n", settings));
        Func<string[], string, string> setting = Columns(settings[0]);
        var bySetting = settings.Skip(1).Select(l => l.Split(',')).ToDictionary(c => (setting(c, "layout"), setting(c, "w"), setting(c, "warmup_steps"), setting(c, "outcome_weight"), setting(c, "reward_scale"), setting(c, "bootstrap_time_limits"), setting(c, "outcome_fade_start"), setting(c, "hidden")), c => c);
        Assert.AreEqual("2", setting(bySetting[("four-goals", "0", "40", "0", "1", "True", "0", "16x16")], "seeds"), "two seeds of w = 0");
        Assert.AreEqual("1", setting(bySetting[("four-goals", "2", "40", "0", "1", "True", "0", "16x16")], "seeds"), "one seed of w = 2");
        Assert.AreEqual("1", setting(bySetting[("four-goals", "0", "80", "0", "1", "True", "0", "16x16")], "seeds"), "a longer warm-up is a setting of its own");
        Assert.AreEqual("1", setting(bySetting[("four-goals", "0", "40", "2", "1", "True", "0", "16x16")], "seeds"), "so is the outcome term");
        Assert.AreEqual("1", setting(bySetting[("four-goals", "0", "40", "2", "1", "True", "100", "16x16")], "seeds"), "and the outcome term fading");
        Assert.AreEqual("1", setting(bySetting[("four-goals", "0", "40", "0", "1", "True", "0", "8x8")], "seeds"), "and the networks' width");
        Assert.AreEqual("1", setting(bySetting[("four-goals", "0", "40", "0", "0.01", "True", "0", "16x16")], "seeds"), "and the same objective in other units");
        Assert.AreEqual("1", setting(bySetting[("four-goals", "0", "40", "0", "1", "False", "0", "16x16")], "seeds"), "and time limits that end the backup");
        Assert.AreEqual("1", setting(bySetting[("four-goals + time", "0", "40", "0", "1", "False", "0", "16x16")], "seeds"), "and the time feature");

        // Each run's coverage is the number of distinct most-reached goals in its evaluation, read here from the store
        // the run wrote; the setting's share counts the runs with min(K, G) = 2 of them.
        string[] perRun = File.ReadAllLines(Path.Combine(output, "runs.csv"));
        Assert.HasCount(11, perRun);
        Func<string[], string, string> run = Columns(perRun[0]);
        int full = 0;
        foreach (string[] cells in perRun.Skip(1).Select(l => l.Split(',')).Where(c => run(c, "w") == "0" && run(c, "warmup_steps") == "40" && run(c, "outcome_weight") == "0" && run(c, "reward_scale") == "1" && run(c, "bootstrap_time_limits") == "True" && run(c, "layout") == "four-goals" && run(c, "hidden") == "16x16"))
        {
            string line = string.Join(",", cells);
            int[] goals = [.. run(cells, "agent_goals").Split(' ').Select(int.Parse)];
            int covered = goals.Where(g => g >= 0).Distinct().Count();
            Assert.AreEqual(covered, int.Parse(run(cells, "goals_covered"), System.Globalization.CultureInfo.InvariantCulture), line);
            full += covered >= 2 ? 1 : 0;
            Assert.AreEqual(goals.Count(g => g < 0).ToString(System.Globalization.CultureInfo.InvariantCulture), run(cells, "idle_agents"), "idle agents: " + line);
            Assert.AreEqual((goals.Count(g => g >= 0) - covered).ToString(System.Globalization.CultureInfo.InvariantCulture), run(cells, "sharing_agents"), "sharing agents: " + line);
            double overlap = double.Parse(run(cells, "mean_overlap"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(overlap is >= 0 and <= 1, line);
            double entropy = double.Parse(run(cells, "mean_entropy"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(double.IsFinite(entropy), line);
        }

        Assert.AreEqual(full / 2.0, double.Parse(setting(bySetting[("four-goals", "0", "40", "0", "1", "True", "0", "16x16")], "full_coverage_share"), System.Globalization.CultureInfo.InvariantCulture));
        string markdown = File.ReadAllText(Path.Combine(output, "diversity.md"));
        StringAssert.Contains(markdown, "| four-goals | 4 | MEDE | 2 |");
        StringAssert.Contains(markdown, "| four-goals + time | 4 | MEDE | 2 |");
        var svg = System.Xml.Linq.XDocument.Load(Path.Combine(output, "coverage.svg"));
        PngCheck.AssertChart(Path.Combine(output, "coverage.png"), svg);
        StringAssert.Contains(svg.ToString(), "MEDE b1 w2", "each setting is labelled");
    }

    [TestMethod]
    public void Diversity_MissingFolder_FailsNamingIt()
    {
        var (exit, _, error) = CliRunner.Run("diversity", Path.Combine(_folder, "nowhere"));
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, "nowhere");
    }

    [TestMethod]
    public void Diversity_NoMultiGoalRunWithAgents_FailsSayingSo()
    {
        var (exit, _, error) = CliRunner.Run("train", "--algo", "sac", "--steps", "100", "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--eval-episodes", "2", "--out", _folder);
        Assert.AreEqual(0, exit, error);
        (exit, _, error) = CliRunner.Run("diversity", _folder);
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, "MultiGoal run with two or more agents");
    }

    /// <summary>Reads a cell of a CSV row by its column's name in <paramref name="header"/>.</summary>
    private static Func<string[], string, string> Columns(string header)
    {
        string[] names = header.Split(',');
        return (cells, name) =>
        {
            int i = Array.IndexOf(names, name);
            Assert.IsGreaterThanOrEqualTo(0, i, $"no column '{name}' in {header}");
            return cells[i];
        };
    }

    private static void Train(string folder, params string[] extra)
    {
        var (exit, _, error) = CliRunner.Run(["train", "--out", folder, .. Small, .. extra]);
        Assert.AreEqual(0, exit, error);
    }
}
