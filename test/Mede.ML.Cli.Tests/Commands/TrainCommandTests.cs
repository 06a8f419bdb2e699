using System.Globalization;
using System.Text.Json;

namespace Mede.ML.Cli.Tests.Commands;

[TestClass]
[DoNotParallelize]
public sealed class TrainCommandTests
{
    private static readonly string[] Small =
    [
        "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--set", "HiddenLayerSizes=16,16",
        "--set", "DiscriminatorHiddenLayerSizes=16,16", "--eval-episodes", "2",
    ];

    private string _folder = string.Empty;

    [TestInitialize]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "mede-cli-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TestMethod]
    public void Train_WithExtensions_NamesThemInTrainLog()
    {
        // The screen shows the same line (Spectre's console is bound once per process, so it is not captured here).
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "80", "--out", _folder, "--set", "OutcomeWeight=2", "--set", "StateDiscriminatorWeight=0.5", .. Small]);
        Assert.AreEqual(0, exit, error);
        const string Line = "extensions, not in the paper: StateDiscriminatorWeight 0.5, OutcomeWeight 2 (bandwidth 2, information, at least 1.6 x the goals' return spread / log 2, losses weighing 100), the time left in the observation (time-feature, time limits end the backup), warm-up actions correlated in time (WarmupActionCorrelation 0.8); the paper's method: --set StateDiscriminatorWeight=0 --set OutcomeWeight=0 --set BootstrapTimeLimits=true --env-option time-feature=false --set WarmupActionCorrelation=0";
        StringAssert.Contains(File.ReadAllText(Path.Combine(_folder, "train.log")), Line);
    }

    [TestMethod]
    public void Train_PaperMethodSetting_RunsThePaperMethodAndNamesNoExtension()
    {
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "60", "--out", _folder, "--set", "OutcomeWeight=0", "--set", "BootstrapTimeLimits=true", "--env-option", "time-feature=false", "--set", "WarmupActionCorrelation=0", .. Small]);
        Assert.AreEqual(0, exit, error);
        StringAssert.DoesNotMatch(File.ReadAllText(Path.Combine(_folder, "train.log")), new System.Text.RegularExpressions.Regex("extensions"), "the paper's MEDE names no extension");
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "run.json")));
        JsonElement options = run.RootElement.GetProperty("Options");
        Assert.AreEqual(0f, options.GetProperty("OutcomeWeight").GetSingle());
        Assert.AreEqual(0.01f, options.GetProperty("RewardScale").GetSingle(), "the units stay the preset's (the same objective)");
    }

    [TestMethod]
    public void Train_ThenEvaluate_WritesRunFolderAndDocumentedJson()
    {
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "120", "--out", _folder, .. Small]);
        Assert.AreEqual(0, exit, error);
        foreach (string file in new[] { "run.json", "metrics.csv", "episodes.csv", "train.log", "evaluation.json", "checkpoints/step-000000000120/manifest.json" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(_folder, file)), file);
        }

        // MEDE's MultiGoal preset has the outcome term on, observes the time left and correlates its warm-up actions:
        // all three are named, with the settings that turn them off.
        StringAssert.Contains(
            File.ReadAllText(Path.Combine(_folder, "train.log")),
            "extensions, not in the paper: OutcomeWeight 100 (bandwidth 2, information, at least 1.6 x the goals' return spread / log 2, losses weighing 100), the time left in the observation (time-feature, time limits end the backup), warm-up actions correlated in time (WarmupActionCorrelation 0.8); the paper's method: --set OutcomeWeight=0 --set BootstrapTimeLimits=true --env-option time-feature=false --set WarmupActionCorrelation=0");
        // u follows the layout: the floor where the four goals cost the same, and the returns it was set from.
        StringAssert.Contains(
            File.ReadAllText(Path.Combine(_folder, "train.log")),
            "outcome weight u 100: the larger of OutcomeWeight 100 and 1.6 x the spread of the goals' best returns (-110.1, -110.1, -110.1, -110.1) / log 2");
        StringAssert.Matches(File.ReadAllText(Path.Combine(_folder, "train.log")), new System.Text.RegularExpressions.Regex(@"timing: [0-9,]+ updates in [0-9.]+ s \([0-9.]+/s\); they took [0-9.]+ ?% of the learning rounds'"), "train.log says where the time went");
        (exit, string output, error) = CliRunner.Run("evaluate", _folder, "--episodes", "3", "--json");
        Assert.AreEqual(0, exit, error);
        using var document = JsonDocument.Parse(output);
        JsonElement agents = document.RootElement.GetProperty("agents");
        Assert.AreEqual(4, agents.GetArrayLength());
        foreach (JsonElement agent in agents.EnumerateArray())
        {
            CollectionAssert.AreEqual(
                new[] { "agent", "closest_overlap", "goals", "max_return", "mean_return", "policy_entropy", "std_return" },
                agent.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
            Assert.AreEqual(4, agent.GetProperty("goals").GetArrayLength());
            Assert.IsGreaterThanOrEqualTo(agent.GetProperty("mean_return").GetDouble(), agent.GetProperty("max_return").GetDouble());
        }

        int distinct = document.RootElement.GetProperty("distinct_goals").GetInt32();
        Assert.IsTrue(distinct is >= 0 and <= 4);
        JsonElement overlap = document.RootElement.GetProperty("overlap");
        Assert.AreEqual(4, overlap.GetArrayLength());
        for (int i = 0; i < 4; i++)
        {
            Assert.AreEqual(1.0, overlap[i][i].GetDouble());
            double closest = Enumerable.Range(0, 4).Where(j => j != i).Max(j => overlap[i][j].GetDouble());
            Assert.AreEqual(closest, agents[i].GetProperty("closest_overlap").GetDouble());
            Assert.IsTrue(double.IsFinite(agents[i].GetProperty("policy_entropy").GetDouble()));
        }

        Assert.IsTrue(document.RootElement.GetProperty("mean_overlap").GetDouble() is >= 0 and <= 1);
    }

    [TestMethod]
    public void Train_SameSeedTwice_WritesTheSameEvaluation()
    {
        // The end-of-run evaluation once drew its seed from an unseeded context: two runs of one seed disagreed.
        string first = Path.Combine(_folder, "a"), second = Path.Combine(_folder, "b");
        foreach (string folder in new[] { first, second })
        {
            var (exit, _, error) = CliRunner.Run(["train", "--steps", "120", "--seed", "5", "--out", folder, .. Small]);
            Assert.AreEqual(0, exit, error);
        }

        Assert.AreEqual(File.ReadAllText(Path.Combine(first, "evaluation.json")), File.ReadAllText(Path.Combine(second, "evaluation.json")));
    }

    [TestMethod]
    public void Plot_AfterTraining_WritesParsableSvgs()
    {
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "100", "--out", _folder, "--set", "MetricsInterval=20", .. Small]);
        Assert.AreEqual(0, exit, error);
        (exit, _, error) = CliRunner.Run("plot", _folder, "--episodes", "2");
        Assert.AreEqual(0, exit, error);
        foreach (string name in new[] { "paths.svg", "returns.svg", "discriminability.svg" })
        {
            var svg = System.Xml.Linq.XDocument.Load(Path.Combine(_folder, "plots", name));
            Assert.AreEqual("svg", svg.Root!.Name.LocalName, name);
        }
    }

    [TestMethod]
    public void Train_Resume_ContinuesWithoutDuplicatingEpisodes()
    {
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "90", "--out", _folder, .. Small]);
        Assert.AreEqual(0, exit, error);
        (exit, _, error) = CliRunner.Run(["train", "--resume", _folder, "--steps", "180", "--eval-episodes", "1"]);
        Assert.AreEqual(0, exit, error);
        Assert.IsTrue(Directory.Exists(Path.Combine(_folder, "checkpoints", "step-000000000180")));
        var keys = File.ReadAllLines(Path.Combine(_folder, "episodes.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (Agent: int.Parse(f[1], CultureInfo.InvariantCulture), Index: long.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.AreEqual(keys.Count, keys.Distinct().Count(), "an episode was recorded twice");
        Assert.IsTrue(keys.GroupBy(k => k.Agent).All(g => g.Select(k => k.Index).Order().SequenceEqual(Enumerable.Range(0, g.Count()).Select(i => (long)i))));
    }

    [TestMethod]
    [DataRow("--set", "Bogus=1", "'Bogus' is not a trainer option", "LearningRate")]
    [DataRow("--set", "BatchSize=abc", "'abc' is not valid", "a whole number")]
    [DataRow("--set", "NetworkMode=diagonal", "'diagonal' is not valid", "Shared, Separate")]
    [DataRow("--set", "DiscountFactor=1.5", "DiscountFactor = 1.5", "[0, 1)")]
    [DataRow("--set", "WarmupActionCorrelation=1", "WarmupActionCorrelation = 1", "[0, 1)")]
    [DataRow("--set", "OutcomeFadeEnd=30000", "OutcomeFadeEnd = 30000", "needs OutcomeFadeStart")]
    [DataRow("--set", "OutcomeWeightMargin=-1", "OutcomeWeightMargin = -1", "non-negative")]
    [DataRow("--env", "nope", "unknown environment", "multigoal")]
    [DataRow("--set", "NetworkMode=3", "'3' is not valid", "Shared, Separate")]
    [DataRow("--set", "Algorithm=7", "'7' is not valid", "Mede, Diayn, Sac")]
    [DataRow("--set", "LearningRate=NaN", "'NaN' is not a finite number", "LearningRate")]
    [DataRow("--set", "TargetEntropy=-Infinity", "not a finite number", "TargetEntropy")]
    [DataRow("--algo", "7", "--algo", "mede, diayn or sac")]
    [DataRow("--steps", "99999999999999999999", "--steps 99999999999999999999", "a whole number")]
    [DataRow("--agents", "99999999999", "--agents 99999999999", "a whole number")]
    [DataRow("--eval-episodes", "0", "--eval-episodes 0", "at least 1")]
    [DataRow("--set", "BootstrapTimeLimits=true", "observes the time it has left", "--env-option time-feature=false")]
    public void Train_BadArgument_ExitsWithUsageErrorNamingIt(string flag, string value, string expected, string hint)
    {
        var (exit, _, error) = CliRunner.Run("train", "--out", _folder, flag, value);
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, expected);
        StringAssert.Contains(error, hint);
        AssertNoDotNetNames(error);
        Assert.IsFalse(Directory.Exists(_folder), "nothing is written for a bad command line");
    }

    [TestMethod]
    public void Train_OutcomeWeightMargin_SetsUFromTheLayout_AndIsRefusedWhereGoalsHaveNoKnownReturns()
    {
        // The uneven layout: the far goal's best return is 132 below the nearest's, so u = 1.6 x 132 / log 2.
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "60", "--agents", "3", "--env-option", "goals=4,0;-3,4.5;-3,-6", "--out", _folder, .. Small]);
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(
            File.ReadAllText(Path.Combine(_folder, "train.log")),
            "outcome weight u 304.6: the larger of OutcomeWeight 100 and 1.6 x the spread of the goals' best returns (-65.1, -130.2, -197.1) / log 2");

        string elsewhere = _folder + "-pendulum";
        AssertRefusedBeforeTheRun(
            elsewhere,
            ["train", "--env", "pendulum", "--steps", "60", "--out", elsewhere, "--set", "OutcomeWeight=1", "--set", "OutcomeScore=Information", "--set", "OutcomeWeightMargin=1.6"],
            "OutcomeWeightMargin", "'pendulum'");
    }

    [TestMethod]
    public void Train_ThePositivePartOnThePresetsLossWeight_FailsBeforeCreatingTheRun_AndSaysHowToClearIt()
    {
        // MEDE's MultiGoal preset weighs losses (OutcomeLossWeight 100); the positive part has none to weigh.
        AssertRefusedBeforeTheRun(_folder, ["train", "--out", _folder, "--set", "OutcomeScore=PositiveInformation"], "OutcomeLossWeight", "OutcomeLossWeight=null");

        var (exit, _, error) = CliRunner.Run("train", "--out", _folder, "--steps", "60", "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--eval-episodes", "1",
            "--set", "OutcomeScore=PositiveInformation", "--set", "OutcomeLossWeight=null");
        Assert.AreEqual(0, exit, error);
    }

    [TestMethod]
    public void Train_UndiscountedOutcomeWithoutTheTimeLeft_FailsBeforeCreatingTheRun()
    {
        AssertRefusedBeforeTheRun(
            _folder,
            ["train", "--out", _folder, "--env-option", "time-feature=false", "--set", "BootstrapTimeLimits=true", "--set", "OutcomeScore=Information", "--set", "OutcomePayment=Undiscounted"],
            "environment 'multigoal' does not observe", "time-feature=true");
    }

    [TestMethod]
    public void Train_BadEnvironmentOption_FailsBeforeCreatingTheRun()
    {
        var (exit, _, error) = CliRunner.Run("train", "--out", _folder, "--env-option", "preset=nowhere");
        Assert.AreNotEqual(0, exit);
        StringAssert.Contains(error, "nowhere");
        Assert.IsFalse(Directory.Exists(_folder));
    }

    [TestMethod]
    public void Train_OutFolderNotEmpty_RefusesToOverwrite()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "keep.txt"), "precious");
        var (exit, _, error) = CliRunner.Run("train", "--out", _folder, "--steps", "10");
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, "not empty");
        Assert.AreEqual("precious", File.ReadAllText(Path.Combine(_folder, "keep.txt")));
    }

    [TestMethod]
    public void Train_OutEmpty_RefusedInWords()
    {
        var (exit, _, error) = CliRunner.Run("train", "--out", "", "--steps", "10");
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, "--out ''");
        AssertNoDotNetNames(error);
    }

    [TestMethod]
    public void Resume_WithoutSteps_KeepsTheTargetOfTheLastResume()
    {
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "60", "--out", _folder, .. Small]);
        Assert.AreEqual(0, exit, error);
        (exit, _, error) = CliRunner.Run("train", "--resume", _folder, "--steps", "120", "--eval-episodes", "1");
        Assert.AreEqual(0, exit, error);

        // Resumed again without --steps (as after a crash): the run is at 120 and its target is 120, not the first 60.
        (exit, _, error) = CliRunner.Run("train", "--resume", _folder, "--eval-episodes", "1");
        Assert.AreEqual(0, exit, error);
        string last = File.ReadAllLines(Path.Combine(_folder, "train.log")).Last(l => l.Contains("finished at step", StringComparison.Ordinal));
        StringAssert.EndsWith(last, "finished at step 120");
        StringAssert.Contains(File.ReadAllLines(Path.Combine(_folder, "train.log")).Last(), "evaluated 1 episodes per agent: stochastic mean returns ");
        using JsonDocument run = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "run.json")));
        Assert.AreEqual(120, run.RootElement.GetProperty("Options").GetProperty("TotalSteps").GetInt64());
        using Analysis.Store.RunStore store = Analysis.Store.RunStore.Open(_folder);
        Assert.AreEqual(120L, store.Run.LastStep, "the store is marked finished at the step the model is at");
    }

    [TestMethod]
    public void Resume_StepsBelowTheCurrentStep_IsRefused()
    {
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "60", "--out", _folder, .. Small]);
        Assert.AreEqual(0, exit, error);
        string before = File.ReadAllText(Path.Combine(_folder, "train.log"));
        (exit, _, error) = CliRunner.Run("train", "--resume", _folder, "--steps", "30", "--eval-episodes", "1");
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, "at step 60 already");
        Assert.AreEqual(before, File.ReadAllText(Path.Combine(_folder, "train.log")), "nothing was run or logged");
    }

    [TestMethod]
    [DataRow("--agents", "3")]
    [DataRow("--env", "pendulum")]
    [DataRow("--set", "LearningRate=0.1")]
    [DataRow("--seed", "7")]
    [DataRow("--algo", "sac")]
    [DataRow("--env-option", "preset=two-goals")]
    public void Resume_WithAnOptionThatCannotApply_IsRefusedNamingIt(string flag, string value)
    {
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "40", "--out", _folder, .. Small]);
        Assert.AreEqual(0, exit, error);
        (exit, _, error) = CliRunner.Run("train", "--resume", _folder, "--steps", "80", flag, value);
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, flag);
        StringAssert.Contains(error, "cannot change it");
    }

    [TestMethod]
    public void Resume_RunJsonEmptyObject_SaysWhatIsMissingWithoutAStackTrace()
    {
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "40", "--out", _folder, .. Small]);
        Assert.AreEqual(0, exit, error);
        File.WriteAllText(Path.Combine(_folder, "run.json"), "{}");
        (exit, _, error) = CliRunner.Run("train", "--resume", _folder);
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, "'Environment' is missing");
        AssertNoDotNetNames(error);
    }

    [TestMethod]
    public void Resume_RunStoreOverwrittenWithGarbage_WarnsAndTrains()
    {
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "60", "--out", _folder, .. Small]);
        Assert.AreEqual(0, exit, error);
        foreach (string file in Directory.GetFiles(_folder, "run.db*"))
        {
            File.Delete(file);
        }

        File.WriteAllBytes(Path.Combine(_folder, "run.db"), Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());
        (exit, _, error) = CliRunner.Run("train", "--resume", _folder, "--steps", "120", "--eval-episodes", "1");
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(error, "warning:");
        StringAssert.Contains(error, "run.db");
        Assert.IsTrue(Directory.Exists(Path.Combine(_folder, "checkpoints", "step-000000000120")));
        var keys = File.ReadAllLines(Path.Combine(_folder, "episodes.csv")).Skip(1).Select(l => l.Split(',')).Select(f => (f[1], f[2])).ToList();
        Assert.AreEqual(keys.Count, keys.Distinct().Count(), "the CSV files rewound to their own checkpoint lengths");
    }

    [TestMethod]
    public void Evaluate_Save_ReplacesAFinishedRunsEvaluationJsonOnly()
    {
        var (exit, _, error) = CliRunner.Run(["train", "--steps", "120", "--out", _folder, .. Small]);
        Assert.AreEqual(0, exit, error);
        string path = Path.Combine(_folder, "evaluation.json");
        string before = File.ReadAllText(path);

        // The stochastic evaluation of a finished run: evaluation.json becomes exactly what --json prints.
        (exit, string output, error) = CliRunner.Run("evaluate", _folder, "--episodes", "2", "--save", "--json");
        Assert.AreEqual(0, exit, error);
        Assert.AreEqual(output.Trim(), File.ReadAllText(path));
        Assert.AreNotEqual(before, File.ReadAllText(path), "2 episodes per agent, not the run's own evaluation");

        // Not the deterministic policies (evaluation.json holds the stochastic ones), and not a run still training
        // (a sweep takes evaluation.json for a finished run).
        string saved = File.ReadAllText(path);
        (exit, _, error) = CliRunner.Run("evaluate", _folder, "--save", "--deterministic");
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, "--save with --deterministic");
        Assert.AreEqual(saved, File.ReadAllText(path));
        File.Delete(path);
        (exit, _, error) = CliRunner.Run("evaluate", _folder, "--save");
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, "has not finished training");
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    public void Evaluate_NotARunFolder_SaysWhatIsMissing()
    {
        Directory.CreateDirectory(_folder);
        var (exit, _, error) = CliRunner.Run("evaluate", _folder);
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, "run.json is missing");
    }

    /// <summary>Runs mede with <paramref name="arguments"/> and asserts a refusal made before anything was written: exit
    /// code 2, each of <paramref name="says"/> in the error, and no <paramref name="folder"/>.</summary>
    private static void AssertRefusedBeforeTheRun(string folder, string[] arguments, params string[] says)
    {
        var (exit, _, error) = CliRunner.Run(arguments);
        Assert.AreEqual(2, exit, error);
        foreach (string words in says)
        {
            StringAssert.Contains(error, words);
        }

        Assert.IsFalse(Directory.Exists(folder), "a refused run leaves no folder behind");
    }

    /// <summary>What a user reads names options and files, never .NET types or method parameters.</summary>
    private static void AssertNoDotNetNames(string error)
    {
        foreach (string leak in new[] { "System.", "`1", "(Parameter '", "Exception", "   at " })
        {
            Assert.IsFalse(error.Contains(leak, StringComparison.Ordinal), $"'{leak}' in: {error}");
        }
    }
}
