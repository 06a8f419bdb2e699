using System.CommandLine;
using System.Globalization;
using System.Text;
using Mede.ML.Analysis.Theory;

namespace Mede.ML.Cli.Commands;

/// <summary>
/// <c>mede theory diversity</c>: the exact model's diversity map (issue 16). For one gridworld layout and K, and
/// each beta, w and u given, solves the MEDE fixed point from random starts and prints goal coverage, visitation
/// overlap, entropy and return relative to pi*_soft (<see cref="DiversityStudy"/>).
/// </summary>
internal static class TheoryDiversityCommand
{
    /// <summary>CSV header of the per-start rows written by <c>--csv</c>.</summary>
    internal const string StartsHeader =
        "layout,goals,goal_end,goal_reward,agents,beta,w,seed,converged,iterations,distinct_goals,full_coverage,shared_goal,no_goal_agents,mean_overlap,mean_entropy,mean_soft_return_ratio,mean_return_ratio,min_return_ratio,mean_optimal_return_ratio,min_optimal_return_ratio,agent_goals,u,end_information";

    /// <summary>CSV header of the aggregate rows written by <c>--summary-csv</c>.</summary>
    internal const string SummaryHeader =
        "layout,goals,goal_end,goal_reward,agents,beta,w,starts,converged,mean_distinct_goals,full_coverage_share,shared_goal_share,no_goal_share,mean_overlap,mean_entropy,mean_soft_return_ratio,mean_return_ratio,min_return_ratio,mean_optimal_return_ratio,min_optimal_return_ratio,u,mean_end_information";

    private const int MaxAgents = 64;
    private const int MaxStarts = 1000;

    public static Command Create()
    {
        var goalsOption = new Option<string?>("--goals")
        {
            Description = "Goal cells \"x,y;x,y;...\" (0-based, y down); default the four corners.",
        };
        var widthOption = new Option<int>("--width") { Description = "Grid columns.", DefaultValueFactory = _ => 5 };
        var heightOption = new Option<int>("--height") { Description = "Grid rows.", DefaultValueFactory = _ => 5 };
        var agentsOption = new Option<int>("--agents") { Description = "Number of agents K.", DefaultValueFactory = _ => 4 };
        var betaOption = new Option<string>("--beta")
        {
            Description = "Comma-separated beta values (weight on log p(z|s,a); 1 in the paper).",
            DefaultValueFactory = _ => "1",
        };
        var stateWeightOption = new Option<string>("--state-weight")
        {
            Description = "Comma-separated w values: StateDiscriminatorWeight, the weight on log p(z|s) (an extension, not in the paper; 0 is MEDE).",
            DefaultValueFactory = _ => "0",
        };
        var outcomeWeightOption = new Option<string>("--outcome-weight")
        {
            Description = "Comma-separated u values: OutcomeWeight, u log(K p(z|g)) paid on entering goal g, with p(z|g) the exact posterior of whose episode ends at g (an extension, not in the paper; 0 leaves it out). Needs --terminal-goals.",
            DefaultValueFactory = _ => "0",
        };
        var rewardOption = new Option<double>("--goal-reward")
        {
            Description = "Reward for entering a goal (the entropy and discriminator terms have weight 1, so a larger reward acts like a smaller alpha).",
            DefaultValueFactory = _ => 5.0,
        };
        var terminalOption = new Option<bool>("--terminal-goals")
        {
            Description = "A goal ends the episode (as on the continuous MultiGoal task) instead of absorbing the agent forever.",
        };
        var startsOption = new Option<int>("--starts") { Description = "Random starts (seeds) per setting.", DefaultValueFactory = _ => 10 };
        var firstSeedOption = new Option<int>("--first-seed") { Description = "Seed of the first start.", DefaultValueFactory = _ => 0 };
        var layoutOption = new Option<string?>("--layout") { Description = "A name for the layout in the CSV rows (default: the goal count, e.g. 4-goals)." };
        var csvOption = new Option<string?>("--csv") { Description = "Append one row per start to this CSV (header written when the file is new)." };
        var summaryCsvOption = new Option<string?>("--summary-csv") { Description = "Append one row per (beta, w, u) to this CSV (header written when the file is new)." };

        var command = new Command("diversity", "Map when the exact MEDE agents split up on a multi-goal gridworld: goal coverage, overlap, entropy and return over random starts, for each beta, w and u.");
        foreach (var option in new Option[] { goalsOption, widthOption, heightOption, agentsOption, rewardOption, terminalOption, betaOption, stateWeightOption, outcomeWeightOption, startsOption, firstSeedOption, layoutOption, csvOption, summaryCsvOption })
        {
            command.Options.Add(option);
        }
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            return TheoryCommand.Run(error, () =>
            {
                int width = parseResult.GetValue(widthOption);
                int height = parseResult.GetValue(heightOption);
                if (width is < 3 or > 15 || height is < 3 or > 15)
                {
                    throw new UsageException($"--width {width} --height {height}: the grid takes 3 to 15 cells a side.");
                }
                string? goalsText = parseResult.GetValue(goalsOption);
                var goals = goalsText is null ? MdpGenerators.CornerGoals(width, height) : ParseGoals(goalsText);
                try
                {
                    MdpGenerators.GoalStates(width, height, goals);
                }
                catch (ArgumentException e)
                {
                    throw new UsageException($"--goals {goalsText}: {e.Message.Split(" (Parameter")[0]}");
                }
                int agents = parseResult.GetValue(agentsOption);
                if (agents is < 1 or > MaxAgents)
                {
                    throw new UsageException($"--agents {agents}: the diversity study takes 1 to {MaxAgents} agents.");
                }
                double reward = parseResult.GetValue(rewardOption);
                if (!(reward > 0) || !double.IsFinite(reward) || reward > 1000)
                {
                    throw new UsageException($"--goal-reward {reward.ToString(CultureInfo.InvariantCulture)}: give a reward in (0, 1000].");
                }
                bool terminal = parseResult.GetValue(terminalOption);
                string goalEnd = terminal ? "terminal" : "absorbing";
                int starts = parseResult.GetValue(startsOption);
                if (starts is < 1 or > MaxStarts)
                {
                    throw new UsageException($"--starts {starts}: give 1 to {MaxStarts} random starts.");
                }
                var betas = ParseList("--beta", parseResult.GetValue(betaOption)!);
                var weights = ParseList("--state-weight", parseResult.GetValue(stateWeightOption)!);
                string outcomeText = parseResult.GetValue(outcomeWeightOption)!;
                var outcomeWeights = ParseList("--outcome-weight", outcomeText);
                if (!terminal && outcomeWeights.Any(u => u != 0))
                {
                    throw new UsageException($"--outcome-weight {outcomeText}: the outcome term pays for the goal at which an episode ends, and absorbing goals never end it; add --terminal-goals or give 0.");
                }
                string layout = parseResult.GetValue(layoutOption) ?? $"{goals.Count}-goals";
                if (layout.Contains(',', StringComparison.Ordinal) || layout.Contains('"', StringComparison.Ordinal))
                {
                    throw new UsageException($"--layout {layout}: the name goes into a CSV cell; leave out commas and quotes.");
                }
                string goalsCell = string.Join(' ', goals.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.X}:{g.Y}")));
                string? csv = parseResult.GetValue(csvOption);
                string? summaryCsv = parseResult.GetValue(summaryCsvOption);
                CheckAppendable(csv, StartsHeader);
                CheckAppendable(summaryCsv, SummaryHeader);

                output.WriteLine(
                    $"Gridworld {width} x {height}, goals {goalsCell} (x:y), {goalEnd}, goal reward {reward.ToString(CultureInfo.InvariantCulture)}, K = {agents}, {starts} random starts from seed {parseResult.GetValue(firstSeedOption)}. " +
                    "An agent takes goal g when d_z(g) > 1/2 of its goal visitation and it reaches g with discounted probability >= 0.05; coverage = min(K, G) distinct goals; " +
                    "end-info: I(Z; S_T), what the outcome term u pays for, in nats (at most log min(K, G); NaN when goals absorb).");
                output.WriteLine("beta      w      u  distinct  full-cover  shared  no-goal  overlap  entropy  soft-ret  return  min-ret  ret/opt  min/opt  end-info  converged");
                var settings = from beta in betas from w in weights from u in outcomeWeights select (Beta: beta, W: w, U: u);
                foreach (var (beta, w, u) in settings)
                {
                    var study = DiversityStudy.Run(new DiversityStudy.Options
                    {
                        Width = width,
                        Height = height,
                        Goals = goals,
                        GoalReward = reward,
                        TerminalGoals = terminal,
                        Agents = agents,
                        DiscriminatorWeight = beta,
                        StateDiscriminatorWeight = w,
                        OutcomeWeight = u,
                        Starts = starts,
                        FirstSeed = parseResult.GetValue(firstSeedOption),
                    });
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{beta,4:0.##} {w,6:0.##} {u,6:0.##} {study.MeanDistinctGoals,9:0.00} {study.FullCoverageShare,11:0.00} {study.SharedGoalShare,7:0.00} {study.NoGoalShare,8:0.00} {study.MeanOverlap,8:0.000} {study.MeanEntropy,8:0.000} {study.MeanSoftReturnRatio,9:0.000} {study.MeanReturnRatio,7:0.000} {study.MinimumReturnRatio,8:0.000} {study.MeanOptimalReturnRatio,8:0.000} {study.MinimumOptimalReturnRatio,8:0.000} {study.MeanEndInformation,9:0.000} {study.ConvergedStarts,7}/{starts}"));
                    if (csv is not null)
                    {
                        AppendRows(csv, StartsHeader, study.Starts.Select(s => StartRow(layout, goalsCell, goalEnd, reward, study, s)));
                    }
                    if (summaryCsv is not null)
                    {
                        AppendRows(summaryCsv, SummaryHeader, [SummaryRow(layout, goalsCell, goalEnd, reward, study)]);
                    }
                }
                return 0;
            });
        });
        return command;
    }

    /// <summary>Parses "x,y;x,y;..." into goal cells.</summary>
    internal static IReadOnlyList<(int X, int Y)> ParseGoals(string text)
    {
        var goals = new List<(int X, int Y)>();
        foreach (string part in text.Split(';', StringSplitOptions.TrimEntries))
        {
            var xy = part.Split(',', StringSplitOptions.TrimEntries);
            if (xy.Length != 2
                || !int.TryParse(xy[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int x)
                || !int.TryParse(xy[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int y))
            {
                throw new UsageException($"--goals {text}: '{part}' is not a cell x,y of integers (expected \"x,y;x,y;...\").");
            }
            goals.Add((x, y));
        }
        return goals;
    }

    private static double[] ParseList(string name, string text)
    {
        var values = new List<double>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0)
            {
                throw new UsageException($"{name} {text}: '{part}' is not a finite number >= 0.");
            }
            values.Add(value);
        }
        return [.. values];
    }

    private static string StartRow(string layout, string goals, string goalEnd, double reward, DiversityStudyResult study, DiversityStartResult start) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{layout},{goals},{goalEnd},{reward:R},{study.Agents},{study.DiscriminatorWeight:R},{study.StateDiscriminatorWeight:R},{start.Seed},{(start.Converged ? 1 : 0)},{start.Iterations},{start.DistinctGoals},{(start.DistinctGoals == study.CoverableGoals ? 1 : 0)},{(start.SharesAGoal ? 1 : 0)},{start.NoGoalAgents},{start.MeanOverlap:0.#####},{start.Entropies.Average():0.#####},{start.SoftReturnRatios.Average():0.#####},{start.ReturnRatios.Average():0.#####},{start.ReturnRatios.Min():0.#####},{start.OptimalReturnRatios.Average():0.#####},{start.OptimalReturnRatios.Min():0.#####},{string.Join(' ', start.Goals)},{study.OutcomeWeight:R},{start.EndInformation:0.#####}");

    private static string SummaryRow(string layout, string goals, string goalEnd, double reward, DiversityStudyResult study) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{layout},{goals},{goalEnd},{reward:R},{study.Agents},{study.DiscriminatorWeight:R},{study.StateDiscriminatorWeight:R},{study.Starts.Count},{study.ConvergedStarts},{study.MeanDistinctGoals:0.###},{study.FullCoverageShare:0.###},{study.SharedGoalShare:0.###},{study.NoGoalShare:0.###},{study.MeanOverlap:0.#####},{study.MeanEntropy:0.#####},{study.MeanSoftReturnRatio:0.#####},{study.MeanReturnRatio:0.#####},{study.MinimumReturnRatio:0.#####},{study.MeanOptimalReturnRatio:0.#####},{study.MinimumOptimalReturnRatio:0.#####},{study.OutcomeWeight:R},{study.MeanEndInformation:0.#####}");

    // Refuses, before any solving, to append to a file that holds something other than this command's CSV.
    private static void CheckAppendable(string? path, string header)
    {
        if (path is null || !File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return;
        }
        string first = File.ReadLines(path).FirstOrDefault() ?? "";
        if (first != header)
        {
            throw new UsageException($"{path}: its first line is not this command's CSV header, so rows cannot be appended to it; give a new file.");
        }
    }

    private static void AppendRows(string path, string header, IEnumerable<string> rows)
    {
        bool fresh = !File.Exists(path) || new FileInfo(path).Length == 0;
        var text = new StringBuilder();
        if (fresh)
        {
            text.Append(header).Append('\n');
        }
        foreach (string row in rows)
        {
            text.Append(row).Append('\n');
        }
        File.AppendAllText(path, text.ToString());
    }
}
