using System.Globalization;
using System.Text;
using Mede.ML.Analysis.Comparison;
using Mede.ML.Analysis.Store;
using Mede.ML.Environments;
using Mede.ML.Evaluation;
using Mede.ML.Training;

namespace Mede.ML.Analysis.Reports;

/// <summary>
/// The diversity map: MultiGoal runs grouped by setting (layout, algorithm, K and every hyperparameter that tells
/// settings apart), and per setting over its seeds how many goals the agents cover, how often they cover all they
/// can, what it costs in return, and how much the agents' visited states overlap.
/// </summary>
/// <remarks>
/// An agent's goal is the goal it reaches most often in the run's latest evaluation (as in the run report's goal
/// coverage); a seed covers every goal when its agents' goals number min(K, G) for G goals. A setting misses goals in
/// two ways the map tells apart: agents that reach no goal (idle) and agents that share a goal. The overlap is
/// <see cref="BehaviourOverlap"/> measured on the evaluation's recorded states, the policy entropy the one
/// <c>evaluation.json</c> holds (runs evaluated before it was measured leave the column empty).
/// </remarks>
public sealed class DiversityMap
{
    private DiversityMap(IReadOnlyList<DiversitySetting> settings) => Settings = settings;

    /// <summary>One row per setting, in a stable order (layout, algorithm, agents, then the hyperparameters).</summary>
    public IReadOnlyList<DiversitySetting> Settings { get; }

    /// <summary>Builds the map from run folders (each with a run store). Runs that are not MultiGoal, have fewer than
    /// two agents, or have no complete evaluation yet are left out.</summary>
    /// <exception cref="RunStoreException">A folder has no readable run store; the message names it.</exception>
    public static DiversityMap Build(IEnumerable<string> runFolders)
    {
        ArgumentNullException.ThrowIfNull(runFolders);
        var runs = new List<DiversityRun>();
        foreach (string folder in runFolders)
        {
            if (Read(folder) is DiversityRun run)
            {
                runs.Add(run);
            }
        }

        var settings = runs
            .GroupBy(r => r.Setting)
            .Select(g => DiversitySetting.From(g.Key, [.. g.OrderBy(r => r.Seed)]))
            .OrderBy(s => s.Key.Layout, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Algorithm, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Agents)
            .ThenBy(s => s.Key.Describe(), StringComparer.Ordinal)
            .ToList();
        return new DiversityMap(settings);
    }

    /// <summary>The map as a Markdown table.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append("| Layout | Goals | Algorithm | K | Setting | Seeds | Goals covered (mean) | All covered | Idle agents | Sharing agents | Return (mean over agents) | Overlap | Entropy |\n");
        md.Append("|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (DiversitySetting s in Settings)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {s.Key.Layout} | {s.Goals} | {s.Key.Algorithm} | {s.Key.Agents} | {s.Key.Describe()} | {s.Runs.Count} | {s.MeanGoalsCovered:F2} | {s.FullCoverageShare:P0} ({s.FullCoverageCount}/{s.Runs.Count}) | {s.MeanIdleAgents:F2} | {s.MeanSharingAgents:F2} | {s.MeanReturn:F1} ± {s.ReturnStd:F1} | {Optional(s.MeanOverlap)} | {Optional(s.MeanEntropy)} |\n");
        }

        return md.ToString();
    }

    /// <summary>The Markdown file <see cref="Save"/> writes.</summary>
    public const string FileName = "diversity.md";

    /// <summary>Writes <c>diversity.md</c> (the table and how to read it), <c>settings.csv</c>, <c>runs.csv</c> and the
    /// chart <c>coverage.svg</c>/<c>.png</c> into
    /// <paramref name="folder"/> (created if needed; each file written whole).</summary>
    public void Save(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        SaveCsv(Path.Combine(folder, "settings.csv"), Path.Combine(folder, "runs.csv"));
        SaveChart(Path.Combine(folder, ChartName));
        AtomicFile.WriteAllText(Path.Combine(folder, FileName),
            "# Diversity map\n\nWritten by `mede diversity`. Goals covered: distinct goals among the agents' most-reached goals in each run's "
            + "evaluation; all covered: seeds whose agents cover min(K, G) goals; return: the mean over agents, mean ± std over seeds; "
            + "overlap: the mean pairwise overlap of the agents' visited states (0 apart, 1 the same); entropy: the mean policy entropy "
            + "(– where the run's evaluation did not measure it).\n\n"
            + ToMarkdown() + "\nPer run: [runs.csv](runs.csv); per setting: [settings.csv](settings.csv).\n\n![Goal coverage per setting](coverage.png)\n");
    }

    /// <summary>The chart <see cref="Save"/> writes, as <c>.svg</c> and <c>.png</c>.</summary>
    public const string ChartName = "coverage";

    /// <summary>
    /// Draws the map as horizontal bars, one pair per setting: the share of seeds covering min(K, G) goals, and the
    /// mean goals covered as a share of min(K, G). Written by ScottPlot as SVG and PNG.
    /// </summary>
    /// <param name="path">The file without extension; <c>.svg</c> and <c>.png</c> are written.</param>
    /// <returns>The two paths.</returns>
    public IReadOnlyList<string> SaveChart(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var plot = new ScottPlot.Plot();
        plot.Font.Set(Plots.ScottPlotCharts.FontName);
        plot.Title("Goal coverage per setting (MultiGoal)", size: 15);
        plot.XLabel("share", size: 12);
        int n = Settings.Count;
        var all = new List<ScottPlot.Bar>();
        var mean = new List<ScottPlot.Bar>();
        for (int i = 0; i < n; i++)
        {
            DiversitySetting s = Settings[n - 1 - i];
            double position = i * 3;
            all.Add(new ScottPlot.Bar { Position = position + 0.5, Value = s.FullCoverageShare, FillColor = ScottPlot.Color.FromHex(Plots.Palette.Colour(0)), Orientation = ScottPlot.Orientation.Horizontal });
            mean.Add(new ScottPlot.Bar { Position = position + 1.5, Value = s.MeanGoalsCovered / Math.Min(s.Key.Agents, s.Goals), FillColor = ScottPlot.Color.FromHex(Plots.Palette.Colour(1)), Orientation = ScottPlot.Orientation.Horizontal });
        }

        plot.Add.Bars(all).LegendText = "seeds covering every goal (share)";
        plot.Add.Bars(mean).LegendText = "goals covered, mean / min(K, G)";
        plot.Axes.Left.SetTicks(
            [.. Enumerable.Range(0, n).Select(i => (i * 3) + 1.0)],
            [.. Enumerable.Range(0, n).Select(i => Label(Settings[n - 1 - i]))]);
        plot.Axes.SetLimitsX(0, 1.05);
        plot.Axes.SetLimitsY(-0.5, (n * 3) - 0.5);
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        int width = 1000, height = 160 + (n * 48);
        string svg = path + ".svg", png = path + ".png";
        plot.SaveSvg(svg, width, height);
        plot.SavePng(png, width, height);
        return [svg, png];

        static string Label(DiversitySetting s)
        {
            string method = s.Key.Algorithm.Equals("Mede", StringComparison.OrdinalIgnoreCase)
                ? string.Create(CultureInfo.InvariantCulture, $"MEDE b{s.Key.Beta:0.##} w{s.Key.StateWeight:0.##}")
                : s.Key.Algorithm;
            string alpha = (s.Key.AutomaticAlpha ? "a auto" : string.Create(CultureInfo.InvariantCulture, $"a{s.Key.Alpha:0.###}"))
                + (s.Key.RewardScale != 1 ? string.Create(CultureInfo.InvariantCulture, $" r{s.Key.RewardScale:0.###}") : string.Empty);
            string warmup = string.Create(CultureInfo.InvariantCulture, $" warm {s.Key.WarmupSteps / 1000.0:0.#}k{(s.Key.WarmupActionCorrelation != 0 ? $" rho{s.Key.WarmupActionCorrelation:0.##}" : string.Empty)}{(s.Key.ShareExperience ? " shared" : string.Empty)}{(s.Key.OutcomeWeight != 0 ? $" u{s.Key.OutcomeWeight:0.##}{(s.Key.OutcomeBandwidth != 1 ? $" h{s.Key.OutcomeBandwidth:0.##}" : string.Empty)}{ShortScore(s.Key.OutcomeScore)}{ShortPayment(s.Key.OutcomePayment)}{(s.Key.OutcomeWeightMargin > 0 ? $" m{s.Key.OutcomeWeightMargin:0.##}" : string.Empty)}{(s.Key.OutcomeLossWeight is float loss ? $" loss{loss:0.##}" : string.Empty)}{(s.Key.OutcomeFadeStart > 0 ? $" fade{s.Key.OutcomeFadeStart / 1000.0:0.#}-{s.Key.OutcomeFadeEnd / 1000.0:0.#}k" : string.Empty)}" : string.Empty)}");
            return string.Create(CultureInfo.InvariantCulture, $"{s.Key.Layout} K{s.Key.Agents} {method} {alpha}{warmup}{(s.Key.BootstrapTimeLimits ? string.Empty : " tl-end")} {s.Key.Steps / 1000}k ({s.Runs.Count})");
        }

        static string ShortScore(OutcomeScore score) => score switch
        {
            OutcomeScore.Information => " info",
            OutcomeScore.PositiveInformation => " info+",
            _ => string.Empty,
        };

        static string ShortPayment(OutcomePayment payment) => payment switch
        {
            OutcomePayment.Undiscounted => " undisc",
            OutcomePayment.Spread => " spread",
            OutcomePayment.Shaped => " shaped",
            _ => string.Empty,
        };
    }

    /// <summary>Writes the map as CSV (one row per setting) and the runs behind it (one row per run).</summary>
    public void SaveCsv(string settingsPath, string runsPath)
    {
        var settings = new StringBuilder(SettingColumns + ",seeds,mean_goals_covered,full_coverage_share,mean_idle_agents,mean_sharing_agents,mean_return,return_std,mean_overlap,mean_entropy\n");
        var runs = new StringBuilder(SettingColumns + ",seed,goals_covered,agent_goals,idle_agents,sharing_agents,mean_return,mean_overlap,mean_entropy,folder\n");
        foreach (DiversitySetting s in Settings)
        {
            settings.Append(CultureInfo.InvariantCulture,
                $"{SettingCsv(s.Key)},{s.Runs.Count},{s.MeanGoalsCovered},{s.FullCoverageShare},{s.MeanIdleAgents},{s.MeanSharingAgents},{s.MeanReturn},{s.ReturnStd},{s.MeanOverlap},{s.MeanEntropy}\n");
            foreach (DiversityRun r in s.Runs)
            {
                runs.Append(CultureInfo.InvariantCulture,
                    $"{SettingCsv(s.Key)},{r.Seed},{r.GoalsCovered},{Csv(string.Join(" ", r.AgentGoals))},{r.IdleAgents},{r.SharingAgents},{r.MeanReturn},{r.MeanOverlap},{r.MeanEntropy},{Csv(r.Folder)}\n");
            }
        }

        AtomicFile.WriteAllText(settingsPath, settings.ToString());
        AtomicFile.WriteAllText(runsPath, runs.ToString());
    }

    private const string SettingColumns = "layout,goals,algorithm,agents,steps,network,alpha,automatic_alpha,beta,w,discriminator_hidden,learning_rate,warmup_steps,share_experience,outcome_weight,outcome_bandwidth,reward_scale,outcome_pseudo_count,outcome_score,bootstrap_time_limits,outcome_payment,warmup_action_correlation,outcome_fade_start,outcome_fade_end,hidden,outcome_weight_margin,outcome_loss_weight";

    private static string SettingCsv(DiversitySettingKey k) => string.Create(CultureInfo.InvariantCulture,
        $"{Csv(k.Layout)},{k.Goals},{k.Algorithm},{k.Agents},{k.Steps},{k.Network},{k.Alpha},{k.AutomaticAlpha},{k.Beta},{k.StateWeight},{Csv(k.DiscriminatorHidden)},{k.LearningRate},{k.WarmupSteps},{k.ShareExperience},{k.OutcomeWeight},{k.OutcomeBandwidth},{k.RewardScale},{k.OutcomePseudoCount},{k.OutcomeScore},{k.BootstrapTimeLimits},{k.OutcomePayment},{k.WarmupActionCorrelation},{k.OutcomeFadeStart},{k.OutcomeFadeEnd},{Csv(k.Hidden)},{k.OutcomeWeightMargin},{k.OutcomeLossWeight}");

    private static DiversityRun? Read(string folder)
    {
        using RunStore store = RunStore.Open(folder);
        RunRow run = store.Run;
        if (!run.IsMultiGoal || run.Agents < 2 || store.LatestEvaluation() is null)
        {
            return null;
        }

        TrainingConfiguration options = store.TrainerOptions();
        IReadOnlyList<AgentSummary> agents = store.AgentSummaries();
        int goals;
        bool observesTime;
        using (IEnvironment environment = store.EnvironmentFactory()())
        {
            goals = ((IGoalEnvironment)environment).GoalCount;
            observesTime = environment.ObservesRemainingTime;
        }

        // Measured on the recorded states, leaving out the time left where observed (a digest's as measured then).
        BehaviourOverlap? overlap = store.Overlap();
        // Without the outcome term its other settings change nothing: runs of the paper's method form one setting.
        bool outcomeOn = options.OutcomeWeight != 0f;
        var key = new DiversitySettingKey(
            Layout(options, observesTime),
            run.Algorithm,
            run.Agents,
            options.TotalSteps,
            options.NetworkMode.ToString(),
            options.EntropyCoefficient,
            options.AutomaticEntropyTuning,
            options.DiscriminatorWeight,
            options.StateDiscriminatorWeight,
            string.Join("x", options.DiscriminatorHiddenLayerSizes),
            options.LearningRate,
            options.WarmupSteps,
            options.ShareExperience,
            goals,
            options.OutcomeWeight,
            outcomeOn ? options.OutcomeBandwidth : TrainerDefaults.OutcomeBandwidth,
            options.RewardScale,
            outcomeOn ? options.OutcomePseudoCount : TrainerDefaults.OutcomePseudoCount,
            outcomeOn ? options.OutcomeScore : TrainerDefaults.OutcomeScore,
            options.BootstrapTimeLimits,
            outcomeOn ? options.OutcomePayment : OutcomePayment.AtEnd,
            options.WarmupActionCorrelation,
            outcomeOn ? options.OutcomeFadeStart : 0,
            outcomeOn ? options.OutcomeFadeEnd : 0,
            string.Join("x", options.HiddenLayerSizes),
            outcomeOn ? options.OutcomeWeightMargin : 0f,
            outcomeOn ? options.OutcomeLossWeight : null);
        return new DiversityRun(
            folder,
            key,
            run.Seed,
            AgentTable.GoalsCovered(agents),
            [.. agents.Select(a => a.Goal)],
            agents.Average(a => a.MeanReturn),
            overlap?.MeanOverlap,
            EvaluationEntropy(folder));
    }

    /// <summary>The layout's name: the preset, the goal list, or <c>four-goals</c> (MultiGoal's default), followed by
    /// <c>+ time</c> when the observation carries the time left (another task to the networks).</summary>
    private static string Layout(TrainingConfiguration options, bool observesTime)
    {
        var given = options.EnvironmentOptions ?? [];
        string? Value(string key) => given.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
        string layout = Value("goals") is string goals ? "goals " + goals : Value("preset") ?? "four-goals";
        return observesTime ? layout + " + time" : layout;
    }

    /// <summary>The mean policy entropy of <c>evaluation.json</c>, or null when it holds none.</summary>
    private static double? EvaluationEntropy(string folder) => EvaluationFile.Entropies(folder)?.Average();

    private static string Optional(double? value) => value is double v ? v.ToString("F2", CultureInfo.InvariantCulture) : "–";

    private static string Csv(string text) => text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal)
        ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : text;
}

/// <summary>What tells one setting of the diversity map from another.</summary>
/// <param name="Layout">The MultiGoal layout (preset or goal list).</param>
/// <param name="Algorithm">MEDE or DIAYN.</param>
/// <param name="Agents">K.</param>
/// <param name="Steps">The training budget.</param>
/// <param name="Network">Shared or separate networks.</param>
/// <param name="Alpha">The (initial) temperature alpha.</param>
/// <param name="AutomaticAlpha">Whether alpha is tuned automatically.</param>
/// <param name="Beta">MEDE's discriminator weight beta.</param>
/// <param name="StateWeight">The state-discrimination extension's weight w (0: the paper's MEDE).</param>
/// <param name="DiscriminatorHidden">The discriminators' hidden layer widths, e.g. 256x256.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="WarmupSteps">Environment steps of uniform random actions before learning (all agents together).</param>
/// <param name="ShareExperience">Whether each agent learned from every agent's transitions (the shared-experience
/// extension).</param>
/// <param name="Goals">The layout's number of goals G.</param>
/// <param name="OutcomeWeight">The outcome term's weight u (an extension; 0: the paper's methods).</param>
/// <param name="OutcomeBandwidth">The outcome term's kernel width h.</param>
/// <param name="RewardScale">The factor on the environment's rewards. For MEDE and SAC with alpha scaled alike, the
/// objective is the same in other units (every soft value is multiplied by it), but not what the networks learn; DIAYN
/// adds its log q(z|s) after the scale, so there it changes the objective.</param>
/// <param name="OutcomePseudoCount">The outcome term's pseudo-count epsilon (how dear other agents' ends are).</param>
/// <param name="OutcomeScore">How the outcome term scores an end: a price on every step (the default), the
/// information about the agent at terminations, or that information's positive part.</param>
/// <param name="BootstrapTimeLimits">Whether the critics' targets bootstrap where a time limit cut the episode (the
/// default) or end there.</param>
/// <param name="OutcomePayment">When the outcome term's score at the end is paid: on the last step, discounted (the
/// default), undiscounted, spread over the episode, or shaped.</param>
/// <param name="WarmupActionCorrelation">The correlation rho between consecutive warm-up actions (0: independent, the
/// paper's).</param>
/// <param name="OutcomeFadeStart">The step after which the outcome term's weight falls (0: it holds to the end).</param>
/// <param name="OutcomeFadeEnd">The step at which a fading outcome term reaches 0.</param>
/// <param name="Hidden">The policy's and critics' hidden layer widths, e.g. 128x128 (empty: not recorded).</param>
/// <param name="OutcomeWeightMargin">m, when u follows the layout: at least m x the goals' best-return spread / log 2 (0: u as set).</param>
/// <param name="OutcomeLossWeight">What the information score's losses weigh (null: u, as its gains).</param>
public sealed record DiversitySettingKey(
    string Layout, string Algorithm, int Agents, long Steps, string Network, float Alpha, bool AutomaticAlpha, float Beta,
    float StateWeight, string DiscriminatorHidden, float LearningRate, int WarmupSteps, bool ShareExperience, int Goals,
    float OutcomeWeight = 0f, float OutcomeBandwidth = 1f, float RewardScale = 1f, float OutcomePseudoCount = TrainerDefaults.OutcomePseudoCount,
    OutcomeScore OutcomeScore = TrainerDefaults.OutcomeScore, bool BootstrapTimeLimits = TrainerDefaults.BootstrapTimeLimits, OutcomePayment OutcomePayment = OutcomePayment.AtEnd,
    float WarmupActionCorrelation = 0f, long OutcomeFadeStart = 0, long OutcomeFadeEnd = 0, string Hidden = "", float OutcomeWeightMargin = 0f, float? OutcomeLossWeight = null)
{

    /// <summary>The hyperparameters in a short line, e.g. <c>60,000 steps, separate, alpha 0.3, beta 1, w 0</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{Steps:N0} steps"),
            Hidden.Length > 0 ? $"{Network.ToLowerInvariant()} {Hidden}" : Network.ToLowerInvariant(),
            AutomaticAlpha ? string.Create(CultureInfo.InvariantCulture, $"alpha auto (from {Alpha:0.###})") : string.Create(CultureInfo.InvariantCulture, $"alpha {Alpha:0.###}"),
        };
        if (RewardScale != 1)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"reward scale {RewardScale:0.###}"));
        }

        if (Algorithm.Equals("Mede", StringComparison.OrdinalIgnoreCase))
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"beta {Beta:0.###}"));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"w {StateWeight:0.###}{(StateWeight != 0 ? " (extension)" : string.Empty)}"));
        }

        parts.Add("disc " + DiscriminatorHidden);
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"lr {LearningRate:0.#####}"));
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"warm-up {WarmupSteps:N0}{(WarmupActionCorrelation != 0 ? $" (actions correlated, rho {WarmupActionCorrelation:0.###})" : string.Empty)}"));
        if (ShareExperience)
        {
            parts.Add("shared experience (extension)");
        }

        if (OutcomeWeight != 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"outcome u {OutcomeWeight:0.###}{(OutcomeBandwidth != 1 ? $" h {OutcomeBandwidth:0.###}" : string.Empty)}{(OutcomePseudoCount != TrainerDefaults.OutcomePseudoCount ? $" eps {OutcomePseudoCount:0.###}" : string.Empty)}{(OutcomeScore.Describe() is string score ? $", {score} at the end" : string.Empty)}{(OutcomePayment.Describe() is string payment ? $", {payment}" : string.Empty)}{(OutcomeWeightMargin > 0 ? $", at least {OutcomeWeightMargin:0.##} x the goals' return spread / log 2" : string.Empty)}{(OutcomeLossWeight is float loss ? $", losses weighing {loss:0.###}" : string.Empty)}{(OutcomeFadeStart > 0 ? $", fading to 0 from step {OutcomeFadeStart:N0} to {OutcomeFadeEnd:N0}" : string.Empty)} (extension)"));
        }

        if (!BootstrapTimeLimits)
        {
            parts.Add("time limits end the backup");
        }

        return string.Join(", ", parts);
    }
}

/// <summary>One run of the diversity map.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Setting">Its setting.</param>
/// <param name="Seed">Its seed.</param>
/// <param name="GoalsCovered">Distinct goals among the agents' most-reached goals.</param>
/// <param name="AgentGoals">Each agent's most-reached goal (-1: none).</param>
/// <param name="MeanReturn">The mean over agents of each agent's mean evaluation return.</param>
/// <param name="MeanOverlap">The mean pairwise overlap of the agents' visited states, or null.</param>
/// <param name="MeanEntropy">The mean policy entropy over agents, or null.</param>
public sealed record DiversityRun(string Folder, DiversitySettingKey Setting, int Seed, int GoalsCovered, IReadOnlyList<int> AgentGoals, double MeanReturn, double? MeanOverlap, double? MeanEntropy)
{
    /// <summary>Agents that reach no goal in the evaluation.</summary>
    public int IdleAgents => AgentGoals.Count(g => g < 0);

    /// <summary>Agents whose goal another agent has too, beyond the first: agents with a goal minus goals covered.</summary>
    public int SharingAgents => AgentGoals.Count(g => g >= 0) - GoalsCovered;
}

/// <summary>One setting of the diversity map, summarised over its seeds.</summary>
/// <param name="Key">The setting.</param>
/// <param name="Runs">Its runs, by seed.</param>
public sealed record DiversitySetting(DiversitySettingKey Key, IReadOnlyList<DiversityRun> Runs)
{
    /// <summary>G, the layout's number of goals.</summary>
    public int Goals => Key.Goals;

    /// <summary>The mean number of goals covered.</summary>
    public double MeanGoalsCovered => Runs.Average(r => r.GoalsCovered);

    /// <summary>Seeds whose agents cover min(K, G) goals.</summary>
    public int FullCoverageCount => Runs.Count(r => r.GoalsCovered >= Math.Min(Key.Agents, Goals));

    /// <summary>The share of seeds whose agents cover min(K, G) goals.</summary>
    public double FullCoverageShare => (double)FullCoverageCount / Runs.Count;

    /// <summary>The mean number of agents that reach no goal.</summary>
    public double MeanIdleAgents => Runs.Average(r => r.IdleAgents);

    /// <summary>The mean number of agents that reach a goal another agent reaches too (beyond the first).</summary>
    public double MeanSharingAgents => Runs.Average(r => r.SharingAgents);

    /// <summary>The mean return over seeds (each the mean over agents).</summary>
    public double MeanReturn => Runs.Average(r => r.MeanReturn);

    /// <summary>The standard deviation of the runs' mean returns over seeds (population).</summary>
    public double ReturnStd => Math.Sqrt(Runs.Average(r => (r.MeanReturn - MeanReturn) * (r.MeanReturn - MeanReturn)));

    /// <summary>The mean overlap over the seeds that have one.</summary>
    public double? MeanOverlap => Mean(Runs.Select(r => r.MeanOverlap));

    /// <summary>The mean policy entropy over the seeds that have one.</summary>
    public double? MeanEntropy => Mean(Runs.Select(r => r.MeanEntropy));

    internal static DiversitySetting From(DiversitySettingKey key, IReadOnlyList<DiversityRun> runs) => new(key, runs);

    private static double? Mean(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return present.Count == 0 ? null : present.Average();
    }
}
