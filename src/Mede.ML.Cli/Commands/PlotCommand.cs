using System.CommandLine;
using Mede.ML.Analysis.Plots;
using Mede.ML.Cli.Runs;
using Mede.ML.Environments;
using Mede.ML.Evaluation;
using Mede.ML.Training;
using Spectre.Console;

namespace Mede.ML.Cli.Commands;

/// <summary><c>mede plot RUN</c>: writes every SVG that fits the run — MultiGoal paths (Figure 1), return curves,
/// discriminability over training (Figure 2).</summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("run") { Description = "A run folder written by mede train" };
        var output = new Option<string?>("--out") { Description = "Where the SVGs go (default: RUN/plots)" };
        var episodes = new Option<int>("--episodes") { Description = "Evaluation episodes per agent for the paths plot", DefaultValueFactory = _ => 5 };
        var command = new Command("plot", "Write the run's plots as SVG files.") { folder, output, episodes };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            string run = result.GetValue(folder)!;
            RunSpecification spec = RunSpecification.Load(run);
            string target = result.GetValue(output) ?? Path.Combine(run, "plots");
            Directory.CreateDirectory(target);
            var written = new List<string>();
            string label = $"{spec.Environment}, {spec.Options.Algorithm}, {spec.Options.NumberOfAgents} agents";

            string metricsPath = Path.Combine(run, "metrics.csv");
            if (File.Exists(metricsPath))
            {
                var metrics = TrainingCurvesPlot.ReadMetrics(metricsPath);
                written.Add(Save(TrainingCurvesPlot.Returns(metrics, $"Return per agent ({label})"), target, "returns.svg"));
                if (spec.Options.NumberOfAgents > 1)
                {
                    written.Add(Save(TrainingCurvesPlot.Discriminability(metrics, spec.Options.NumberOfAgents, $"Discriminability ({label})"), target, "discriminability.svg"));
                }
            }

            string? checkpoint = RunSpecification.LatestCheckpoint(run);
            Func<IEnvironment> factory = spec.EnvironmentFactory();
            using (IEnvironment probe = factory())
            {
                if (checkpoint is not null && probe is MultiGoal multiGoal)
                {
                    using TrainingSession session = TrainingSession.Resume(checkpoint, factory);
                    var paths = session.CreatePolicies(seed: 5)
                        .Select(policy => Evaluator.RecordObservations(policy, factory, result.GetValue(episodes)))
                        .ToList();
                    var chart = MultiGoalPathsPlot.Create(paths, multiGoal.Goals, multiGoal.GoalRadius, multiGoal.Options.PositionLimit, $"Paths at step {session.Step:N0} ({label})");
                    written.Add(Save(chart, target, "paths.svg"));
                }
            }

            foreach (string file in written)
            {
                AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(file)}[/]");
            }

            return 0;
        }));
        return command;
    }

    private static string Save(SvgChart chart, string folder, string name)
    {
        string path = Path.Combine(folder, name);
        chart.Save(path);
        return path;
    }
}
