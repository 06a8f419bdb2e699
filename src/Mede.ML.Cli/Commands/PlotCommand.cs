using System.CommandLine;
using System.Globalization;
using Mede.ML.Algorithms;
using Mede.ML.Analysis.Plots;
using Mede.ML.Analysis.Store;
using Mede.ML.Cli.Runs;
using Mede.ML.Environments;
using Mede.ML.Evaluation;
using Mede.ML.Training;
using Spectre.Console;

namespace Mede.ML.Cli.Commands;

/// <summary><c>mede plot RUN</c>: writes every SVG that fits the run — MultiGoal paths (Figure 1), return curves,
/// discriminability over training (Figure 2) — and, with <c>--sac</c>, the Q contours of Figure 1(e/f).</summary>
/// <remarks>A run with a store (<c>run.db</c>) is drawn from it: curves from its metrics, paths from the episodes its
/// latest complete evaluation recorded (re-rolled from the last checkpoint when it has none). A run without one (written
/// before the store) is drawn from <c>metrics.csv</c> and its checkpoint.</remarks>
internal static class PlotCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("run") { Description = "A run folder written by mede train" };
        var output = new Option<string?>("--out") { Description = "Where the charts (SVG and PNG) go (default: RUN/plots)" };
        var episodes = new Option<int>("--episodes") { Description = "Episodes per agent for the paths plot", DefaultValueFactory = _ => 5 };
        var sac = new Option<string?>("--sac") { Description = "A SAC run folder of the same MultiGoal task: write q-contours.svg and .png (Q_soft, Q_z, S_z)" };
        var state = new Option<string?>("--state") { Description = "The state x,y of the Q contours (default 0,0, MultiGoal's start)" };
        var agent = new Option<int?>("--agent") { Description = "The agent z of the Q contours (default 0)" };
        var command = new Command("plot", "Write the run's plots as SVG and PNG files.") { folder, output, episodes, sac, state, agent };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            string run = result.GetValue(folder)!;
            RunSpecification spec = RunSpecification.Load(run);
            int count = result.GetValue(episodes);
            if (count < 1)
            {
                throw new UsageException($"--episodes {count}: must be at least 1.");
            }

            // The Q-contour options are checked before anything is written.
            ContourRequest? contours = ContourRequest.Parse(run, spec, result.GetValue(sac), result.GetValue(state), result.GetValue(agent));
            string target = result.GetValue(output) ?? Path.Combine(run, "plots");
            Directory.CreateDirectory(target);
            var written = new List<string>();
            string label = $"{spec.Environment}, {spec.Options.Algorithm}, {spec.Options.NumberOfAgents} agents";
            Func<IEnvironment> factory = spec.EnvironmentFactory();

            using RunStore? store = File.Exists(RunStore.PathIn(run)) ? RunStoreOutput.TryOpen(() => RunStore.Open(run), log: null) : null;
            if (store is not null)
            {
                written.AddRange(CurvesFromStore(store, spec, label, target));
            }
            else
            {
                written.AddRange(CurvesFromCsv(run, spec, label, target));
            }

            using (IEnvironment probe = factory())
            {
                if (probe is MultiGoal multiGoal)
                {
                    string? paths = PathsFromStore(store, multiGoal, count, label, target) ?? PathsFromCheckpoint(run, factory, multiGoal, count, label, target);
                    if (paths is not null)
                    {
                        written.Add(paths);
                    }
                }
            }

            if (contours is not null)
            {
                written.Add(contours.Write(run, factory, target));
            }

            foreach (string file in written)
            {
                AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(file)}[/]");
            }

            return 0;
        }));
        return command;
    }

    private static IEnumerable<string> CurvesFromStore(RunStore store, RunSpecification spec, string label, string target)
    {
        yield return Save(LearningCurvesPlot.FromStore(store, $"Return per agent ({label})"), target, "returns.svg");
        if (spec.Options.NumberOfAgents > 1 && spec.Options.Algorithm != ReinforcementAlgorithm.Sac)
        {
            IReadOnlyList<string> names = store.MetricNames();
            if (names.Contains(DiscriminabilityPlot.StateActionMetric) || names.Contains(DiscriminabilityPlot.StateMetric))
            {
                yield return Save(DiscriminabilityPlot.OverSeeds([store], $"Discriminability ({label})"), target, "discriminability.svg");
            }
            else
            {
                AnsiConsole.MarkupLine("[yellow]no discriminability metrics in the run store yet; discriminability.svg not written[/]");
            }
        }
    }

    private static IEnumerable<string> CurvesFromCsv(string run, RunSpecification spec, string label, string target)
    {
        string metricsPath = Path.Combine(run, "metrics.csv");
        if (!File.Exists(metricsPath))
        {
            yield break;
        }

        var metrics = TrainingCurvesPlot.ReadMetrics(metricsPath);
        yield return Save(TrainingCurvesPlot.Returns(metrics, $"Return per agent ({label})"), target, "returns.svg");
        if (spec.Options.NumberOfAgents > 1)
        {
            yield return Save(TrainingCurvesPlot.Discriminability(metrics, spec.Options.NumberOfAgents, $"Discriminability ({label})"), target, "discriminability.svg");
        }
    }

    /// <summary>paths.svg from the recorded episodes of the evaluation that shows how the agents behave (the newest of the
    /// stochastic policies, else the newest), or null when there are none.</summary>
    private static string? PathsFromStore(RunStore? store, MultiGoal multiGoal, int episodes, string label, string target)
    {
        EvaluationRow? evaluation = store?.BehaviourEvaluation();
        if (store is null || evaluation is null || !store.Episodes(evaluation.Id).Any(e => e.HasTransitions))
        {
            return null;
        }

        var chart = MultiGoalPathsPlot.FromStore(
            store, multiGoal.Goals, multiGoal.GoalRadius, multiGoal.Options.PositionLimit, $"Paths at step {evaluation.Step:N0} ({label})", episodes);
        return Save(chart, target, "paths.svg");
    }

    /// <summary>paths.svg from fresh rollouts of the last checkpoint, or null when the run has none.</summary>
    private static string? PathsFromCheckpoint(string run, Func<IEnvironment> factory, MultiGoal multiGoal, int episodes, string label, string target)
    {
        string? checkpoint = RunSpecification.LatestCheckpoint(run);
        if (checkpoint is null)
        {
            return null;
        }

        using TrainingSession session = TrainingSession.Resume(checkpoint, factory);
        var paths = session.CreatePolicies(seed: 5)
            .Select(policy => Evaluator.RecordObservations(policy, factory, episodes))
            .ToList();
        var chart = MultiGoalPathsPlot.Create(paths, multiGoal.Goals, multiGoal.GoalRadius, multiGoal.Options.PositionLimit, $"Paths at step {session.Step:N0} ({label})");
        return Save(chart, target, "paths.svg");
    }

    private static string Save(SvgChart chart, string folder, string name)
    {
        string path = Path.Combine(folder, name);
        chart.SaveSvgAndPng(path);
        return path;
    }

    /// <summary>What <c>--sac</c>, <c>--state</c> and <c>--agent</c> ask for: q-contours.svg of agent z of RUN
    /// against the SAC run's Q_soft at one MultiGoal state.</summary>
    private sealed record ContourRequest(string SacRun, RunSpecification SacSpec, float X, float Y, int Agent)
    {
        public static ContourRequest? Parse(string run, RunSpecification spec, string? sacRun, string? stateText, int? agent)
        {
            if (sacRun is null)
            {
                if (stateText is not null || agent is not null)
                {
                    throw new UsageException($"{(stateText is not null ? "--state" : "--agent")} chooses the state or agent of q-contours.svg, which needs --sac SAC_RUN.");
                }

                return null;
            }

            (float x, float y) = ParseState(stateText ?? "0,0");
            int z = agent ?? 0;
            if (z < 0 || z >= spec.Options.NumberOfAgents)
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"--agent {z}: {run} has {spec.Options.NumberOfAgents} agent(s), numbered 0 to {spec.Options.NumberOfAgents - 1}."));
            }

            if (!IsMultiGoal(spec, out float limit))
            {
                throw new UsageException($"--sac: q-contours.svg is drawn for MultiGoal runs; {run} is a {spec.Environment} run.");
            }

            if (Math.Abs(x) > limit || Math.Abs(y) > limit)
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                    $"--state {x},{y}: outside the MultiGoal world, whose positions lie in [-{limit}, {limit}] on each axis."));
            }

            RunSpecification sacSpec;
            try
            {
                sacSpec = RunSpecification.Load(sacRun);
            }
            catch (UsageException e)
            {
                throw new UsageException($"--sac: {e.Message}");
            }

            if (sacSpec.Options.Algorithm != ReinforcementAlgorithm.Sac || sacSpec.Options.NumberOfAgents != 1)
            {
                throw new UsageException(
                    $"--sac {sacRun}: that is a {sacSpec.Options.Algorithm} run with {sacSpec.Options.NumberOfAgents} agent(s); Q_soft comes from a SAC run (mede train --algo sac).");
            }

            if (!IsMultiGoal(sacSpec, out _))
            {
                throw new UsageException($"--sac {sacRun}: that is a {sacSpec.Environment} run; the Q contours compare two MultiGoal runs.");
            }

            return new ContourRequest(sacRun, sacSpec, x, y, z);
        }

        /// <summary>Loads both models from their runs' last checkpoints and writes q-contours.svg.</summary>
        public string Write(string run, Func<IEnvironment> factory, string target)
        {
            string checkpoint = RunSpecification.LatestCheckpoint(run)
                ?? throw new UsageException($"--sac: {run} has no complete checkpoint to read its model from.");
            string sacCheckpoint = RunSpecification.LatestCheckpoint(SacRun)
                ?? throw new UsageException($"--sac {SacRun}: the run has no complete checkpoint to read its model from.");
            MedeTransformer mede = MedeTransformer.FromCheckpoint(checkpoint, factory);
            MedeTransformer sac = MedeTransformer.FromCheckpoint(sacCheckpoint, SacSpec.EnvironmentFactory());
            // MultiGoal's observation is its (x, y) position; a model that observes the time left reads it at the
            // start of an episode, with all of it left.
            float[] observation = [X, Y];
            ContourPlot plot = QContourPlot.FromModels(sac, mede, Agent, observation, title: $"Q contours of agent {Agent}");
            string path = Path.Combine(target, "q-contours.svg");
            plot.SaveSvgAndPng(path);
            return path;
        }

        private static (float X, float Y) ParseState(string text)
        {
            string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length == 2
                && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float x) && float.IsFinite(x)
                && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float y) && float.IsFinite(y))
            {
                return (x, y);
            }

            throw new UsageException($"--state '{text}': expected a position x,y of two numbers, such as 0,0 or -2.5,3.");
        }

        private static bool IsMultiGoal(RunSpecification spec, out float limit)
        {
            using IEnvironment probe = spec.EnvironmentFactory()();
            limit = probe is MultiGoal multiGoal ? multiGoal.Options.PositionLimit : 0;
            return probe is MultiGoal;
        }
    }
}
