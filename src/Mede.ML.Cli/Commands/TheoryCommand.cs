using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mede.ML.Analysis.Theory;
using Spectre.Console;

namespace Mede.ML.Cli.Commands;

/// <summary>
/// <c>mede theory</c>: the exact tabular MEDE fixed point and the paper's theorem residuals (issue 7).
/// </summary>
internal static class TheoryCommand
{
    /// <summary>The most agents the exact solver is asked for: beyond it, the run takes minutes to hours.</summary>
    private const int MaxAgents = 1024;

    public static Command Create()
    {
        var mdpOption = new Option<string>("--mdp")
        {
            Description = "gridworld | random | action-free | FILE.json ({\"gamma\", \"start\", \"transitions\" [s][a][s'], \"rewards\" [s][a]})",
            DefaultValueFactory = _ => "gridworld",
        };
        var agentsOption = new Option<int>("--agents")
        {
            Description = "Number of agents K.",
            DefaultValueFactory = _ => 2,
        };
        var startOption = new Option<string>("--start")
        {
            Description = "symmetric | random (split: a random full-support split of the soft-optimal policy).",
            DefaultValueFactory = _ => "symmetric",
        };
        startOption.AcceptOnlyFromAmong("symmetric", "random", "split");
        var betaOption = new Option<double>("--beta")
        {
            Description = "Discriminator weight beta on log p(z|s,a) (1 in the paper).",
            DefaultValueFactory = _ => 1.0,
        };
        var stateWeightOption = new Option<double>("--state-weight")
        {
            Description = "w, StateDiscriminatorWeight: weight on log p(z|s) in the bonus (an extension, not in the paper; 0 is MEDE).",
            DefaultValueFactory = _ => 0.0,
        };
        var seedOption = new Option<int>("--seed")
        {
            Description = "Seed for the random MDPs and the random start.",
            DefaultValueFactory = _ => 0,
        };
        var jsonOption = new Option<bool>("--json")
        {
            Description = "Print one JSON object instead of tables.",
        };

        var command = new Command("theory", "Solve the exact tabular MEDE fixed point and print the residuals of Theorems 1-3.");
        command.Options.Add(mdpOption);
        command.Options.Add(agentsOption);
        command.Options.Add(startOption);
        command.Options.Add(betaOption);
        command.Options.Add(stateWeightOption);
        command.Options.Add(seedOption);
        command.Options.Add(jsonOption);
        command.Subcommands.Add(TheoryDiversityCommand.Create());
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            return Run(error, () =>
            {
                int agents = parseResult.GetValue(agentsOption);
                if (agents is < 1 or > MaxAgents)
                {
                    // Measured on 2 cores: 64 agents 0.9 s, 512 agents 3.8 s, 4,096 agents over a minute (gridworld).
                    throw new UsageException($"--agents {agents}: the exact solver takes 1 to {MaxAgents} agents (its tables and time grow with K; 512 agents take seconds, 4,096 minutes).");
                }

                string mdpName = parseResult.GetValue(mdpOption)!;
                int seed = parseResult.GetValue(seedOption);
                var mdp = CreateMdp(mdpName, seed);
                var options = new MedeFixedPoint.Options
                {
                    NumberOfAgents = parseResult.GetValue(agentsOption),
                    Start = ParseStart(parseResult.GetValue(startOption)!),
                    DiscriminatorWeight = parseResult.GetValue(betaOption),
                    StateDiscriminatorWeight = parseResult.GetValue(stateWeightOption),
                    Seed = seed,
                };
                if (!(options.StateDiscriminatorWeight >= 0) || !double.IsFinite(options.StateDiscriminatorWeight))
                {
                    throw new UsageException($"--state-weight {options.StateDiscriminatorWeight.ToString(CultureInfo.InvariantCulture)}: w must be finite and >= 0.");
                }
                var result = new MedeFixedPoint(options).Solve(mdp);
                var report = TheoremChecks.Evaluate(mdp, result);
                double finalChange = result.FinalChange;
                if (parseResult.GetValue(jsonOption))
                {
                    output.WriteLine(ToJson(report));
                }
                else
                {
                    WriteTables(output, mdpName, options, mdp, report, finalChange);
                }
                return 0;
            });
        });
        return command;
    }

    /// <summary>Runs a theory command's body: a usage mistake is reported like every other command's ("error: ...", exit
    /// code 2); a file that cannot be read as an MDP or written, or a solver failure, is exit code 1.</summary>
    internal static int Run(TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            error.WriteLine($"error: {CommandRunner.Describe(e)}");
            return 1;
        }
    }

    internal static TabularMdp CreateMdp(string name, int seed) => name switch
    {
        "gridworld" => MdpGenerators.MultiGoalGridworld(),
        "random" => MdpGenerators.Random(seed),
        "action-free" => MdpGenerators.ActionFree(seed),
        _ when File.Exists(name) => TabularMdp.Load(name),
        _ => throw new UsageException($"--mdp {name}: not gridworld, random or action-free, and no such file."),
    };

    private static MedeFixedPointStart ParseStart(string start) => start switch
    {
        "symmetric" => MedeFixedPointStart.Symmetric,
        "random" => MedeFixedPointStart.Random,
        "split" => MedeFixedPointStart.Split,
        _ => throw new UsageException($"--start {start}: expected symmetric or random."),
    };

    internal static string ToJson(TheoryReport report)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("q_soft");
            WriteMatrix(writer, report.QSoft);
            writer.WritePropertyName("q_z");
            writer.WriteStartArray();
            for (int z = 0; z < report.QAgents.GetLength(0); z++)
            {
                writer.WriteStartArray();
                for (int s = 0; s < report.QAgents.GetLength(1); s++)
                {
                    writer.WriteStartArray();
                    for (int a = 0; a < report.QAgents.GetLength(2); a++)
                    {
                        writer.WriteNumberValue(report.QAgents[z, s, a]);
                    }
                    writer.WriteEndArray();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
            writer.WriteNumber("iterations", report.Iterations);
            writer.WriteNumber("min_policy_probability", report.MinimumPolicyProbability);
            writer.WriteStartObject("residuals");
            writer.WriteNumber("theorem1", report.Theorem1);
            writer.WriteNumber("identity_star", report.IdentityStar);
            writer.WriteNumber("theorem2", report.Theorem2);
            writer.WriteNumber("theorem3", report.Theorem3);
            writer.WriteNumber("theorem2_on_support", report.Theorem2OnSupport);
            writer.WriteNumber("theorem2_off_support", report.Theorem2OffSupport);
            writer.WriteEndObject();
            writer.WriteStartObject("gap_s_minus_m");
            writer.WriteNumber("min", report.GapMinimum);
            writer.WriteNumber("max", report.GapMaximum);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteMatrix(Utf8JsonWriter writer, double[,] values)
    {
        writer.WriteStartArray();
        for (int s = 0; s < values.GetLength(0); s++)
        {
            writer.WriteStartArray();
            for (int a = 0; a < values.GetLength(1); a++)
            {
                writer.WriteNumberValue(values[s, a]);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    private static void WriteTables(
        TextWriter output, string mdpName, MedeFixedPoint.Options options, TabularMdp mdp, TheoryReport report, double finalChange)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 110;
        console.WriteLine(
            $"MDP {mdpName}: {mdp.StateCount} states, {mdp.ActionCount} actions, gamma {N(mdp.Gamma)}; K = {options.NumberOfAgents}, " +
            $"start {options.Start.ToString().ToLowerInvariant()}, beta {N(options.DiscriminatorWeight)}, " +
            $"w {N(options.StateDiscriminatorWeight)}, seed {options.Seed}");
        console.WriteLine(
            $"Fixed point: {report.Iterations} iterations, converged {report.Converged.ToString().ToLowerInvariant()} (last change {E(finalChange)})");
        console.WriteLine(
            $"Policies: min pi_z(a|s) {E(report.MinimumPolicyProbability)} (log {N(report.MinimumLogPolicy)}); " +
            $"on visited states (d_z(s) >= {N(TheoremChecks.VisitedStateThreshold)}) {E(report.MinimumVisitedPolicyProbability)}");
        console.WriteLine(
            $"Agents: max |pi_i - pi_j| {N(report.AgentSpread)}; states with disjoint supports {report.DisjointSupportStates}/{mdp.StateCount} " +
            $"(support: pi_z(a|s) >= {E(report.SupportThreshold)})");

        var table = new Table().Title("Residuals (largest |.| over z, s, a)");
        table.AddColumn("check");
        table.AddColumn(new TableColumn("all").RightAligned());
        table.AddColumn(new TableColumn("on support").RightAligned());
        table.AddColumn(new TableColumn("off support").RightAligned());
        bool hasOff = report.Agents.Any(agent => agent.SupportSize < mdp.StateCount * mdp.ActionCount);
        string Off(double value) => hasOff ? E(value) : "-";
        table.AddRow("Theorem 1 (sym. KL = disc. log-ratios)", E(report.Theorem1), "", "");
        table.AddRow("(*) pi_/z = exp(Q*_z - V*_z) p(z|s)", E(report.IdentityStar), E(report.IdentityStarOnSupport), Off(report.IdentityStarOffSupport));
        table.AddRow("Theorem 2  Q*_soft = Q*_z + S*_z", E(report.Theorem2), E(report.Theorem2OnSupport), Off(report.Theorem2OffSupport));
        table.AddRow("Theorem 3  Q_/z = Q*_z + M*_z", E(report.Theorem3), "", "");
        table.AddRow("-log pi_z + log p(z|s,a) = log p(z|s) - log pi_/z", E(report.PosteriorIdentity), "", "");
        table.AddRow("Eq. 7 fixed point pi_z = exp(Q*_z - V*_z) p(z|s,a)^beta", E(report.FixedPoint), "", "");
        table.AddRow("S*_z - M*_z  min / max", $"{E(report.GapMinimum)} / {E(report.GapMaximum)}", "", "");
        table.AddRow("max |S*_z - M*_z| / max |Q*_soft|", E(report.GapRelative), "", "");
        console.Write(table);

        var agents = new Table().Title("Per agent");
        agents.AddColumn("z");
        agents.AddColumn(new TableColumn("support (s,a)").RightAligned());
        agents.AddColumn(new TableColumn("min pi_z").RightAligned());
        agents.AddColumn(new TableColumn("(*) on").RightAligned());
        agents.AddColumn(new TableColumn("(*) off").RightAligned());
        agents.AddColumn(new TableColumn("Thm 2 on").RightAligned());
        agents.AddColumn(new TableColumn("Thm 2 off").RightAligned());
        foreach (var agent in report.Agents)
        {
            bool full = agent.SupportSize == mdp.StateCount * mdp.ActionCount;
            agents.AddRow(
                agent.Agent.ToString(CultureInfo.InvariantCulture),
                $"{agent.SupportSize}/{mdp.StateCount * mdp.ActionCount}",
                E(agent.MinimumProbability),
                E(agent.IdentityStarOnSupport),
                full ? "-" : E(agent.IdentityStarOffSupport),
                E(agent.Theorem2OnSupport),
                full ? "-" : E(agent.Theorem2OffSupport));
        }
        console.Write(agents);
    }

    private static string E(double value) => value.ToString("0.00e+00", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
