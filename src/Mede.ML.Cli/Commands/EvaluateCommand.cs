using System.CommandLine;
using Mede.ML.Analysis.Store;
using Mede.ML.Cli.Runs;
using Mede.ML.Evaluation;
using Mede.ML.Training;
using Spectre.Console;

namespace Mede.ML.Cli.Commands;

/// <summary><c>mede evaluate DIR</c>: per-agent returns (the paper's Table 1 shape) and goal coverage.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("run") { Description = "A run folder written by mede train" };
        var episodes = new Option<int>("--episodes") { Description = "Episodes per agent", DefaultValueFactory = _ => 50 };
        var deterministic = new Option<bool>("--deterministic") { Description = "Act with each policy's mode tanh(mean)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
        var save = new Option<bool>("--save")
        {
            Description = "Replace the finished run's evaluation.json (the stochastic evaluation mede train ends with, which reports read for each agent's entropy and heading) with this one",
        };
        var command = new Command("evaluate", "Evaluate the agents of a run from its last checkpoint.") { folder, episodes, deterministic, json, save };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            string run = result.GetValue(folder)!;
            int count = result.GetValue(episodes);
            if (count < 1)
            {
                throw new UsageException($"--episodes {count}: must be at least 1.");
            }

            if (result.GetValue(save))
            {
                if (result.GetValue(deterministic))
                {
                    throw new UsageException("--save with --deterministic: evaluation.json holds the stochastic policies' evaluation, as mede train leaves it.");
                }

                if (!File.Exists(Path.Combine(run, "evaluation.json")))
                {
                    throw new UsageException($"--save: {run} has no evaluation.json, so it has not finished training; --save replaces a finished run's evaluation.");
                }
            }

            RunSpecification spec = RunSpecification.Load(run);
            var factory = spec.EnvironmentFactory();
            using TrainingSession session = LoadLatest(run, factory);
            // The rollouts go into the run's store; a store that cannot be written is a warning, not a failure.
            TrainingConfiguration options = spec.TrainerOptions();
            using RunStore? store = RunStoreOutput.TryOpen(() => RunStore.OpenOrCreate(run, options), log: null);
            EvaluationRecorder? evaluation = store is null ? null
                : RunStoreOutput.TryOpen(() => store.BeginEvaluation(session.Step, count, result.GetValue(deterministic)), log: null);
            EvaluationReport report = Evaluator.Evaluate(session.CreatePolicies(seed: 11), factory, count, result.GetValue(deterministic), recorder: evaluation);
            RunStoreOutput.Complete(evaluation, log: null);
            if (result.GetValue(save))
            {
                EvaluationOutput.Save(run, report);
            }

            if (result.GetValue(json))
            {
                Console.WriteLine(EvaluationOutput.Json(report));
            }
            else
            {
                AnsiConsole.MarkupLine($"{Markup.Escape(run)} at step {session.Step:N0} ({spec.Environment}, {spec.Options.Algorithm})");
                AnsiConsole.Write(EvaluationOutput.Table(report));
                if (evaluation is { Failure: null })
                {
                    AnsiConsole.MarkupLine($"[grey]recorded in full as evaluation {evaluation.Id} of {Markup.Escape(store!.Path)}[/]");
                }
            }

            return 0;
        }));
        return command;
    }

    /// <summary>The run's newest intact checkpoint, loaded. A run that trains meanwhile may replace it between the
    /// look and the load (it keeps only the newest few, and deletes a pruned one file by file): then the newest is
    /// looked up again. A checkpoint that fails to load while it is still the newest is damaged, and that is
    /// reported.</summary>
    private static TrainingSession LoadLatest(string run, Func<Environments.IEnvironment> factory)
    {
        const int Attempts = 10;
        for (int attempt = 1; ; attempt++)
        {
            string checkpoint = RunSpecification.LatestCheckpoint(run)
                ?? throw new UsageException($"{run} has no complete checkpoint yet (checkpoints are written every CheckpointInterval steps, when training is stopped with Ctrl-C, and at the end).");
            try
            {
                return TrainingSession.Resume(checkpoint, factory);
            }
            catch (Exception e) when (e is IOException or InvalidDataException && attempt < Attempts && Replaced(run, checkpoint))
            {
                // Pruned by the training process while it was read.
            }
        }

        // Gone, or no longer the newest complete checkpoint: a training process has moved on (silently: the
        // half-deleted folder is no damage to warn about).
        static bool Replaced(string run, string checkpoint) =>
            !Directory.Exists(checkpoint) || RunCheckpoints.Latest(run, _ => { })?.Folder != checkpoint;
    }
}
