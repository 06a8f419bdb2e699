using System.CommandLine;
using Mede.ML.Cli.Runs;
using Mede.ML.Neural.Serialization;
using Mede.ML.TorchSharp;
using Spectre.Console;

namespace Mede.ML.Cli.Commands;

/// <summary><c>mede export RUN --format pytorch|safetensors --out FILE</c>: the run's networks (from its newest checkpoint)
/// as a PyTorch state_dict or a safetensors file, under the names both backends use.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder written by mede train" };
        var format = new Option<PyTorchFormat>("--format") { Description = "pytorch (torch.save state_dict) or safetensors", DefaultValueFactory = _ => PyTorchFormat.PyTorch };
        var output = new Option<string>("--out") { Description = "The file to write", Required = true };
        var command = new Command("export", "Write a run's networks as a PyTorch state_dict or a safetensors file.") { run, format, output };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            string folder = result.GetValue(run)!;
            if (!Directory.Exists(folder))
            {
                throw new UsageException($"{folder}: no such run folder.");
            }

            string checkpoint = RunSpecification.LatestCheckpoint(folder)
                ?? throw new UsageException($"{folder}: no complete checkpoint in {RunSpecification.CheckpointFolder(folder)} (train the run first).");
            SafeTensorsFile networks = SafeTensors.Load(Path.Combine(checkpoint, "networks.safetensors"));

            // The fitted model's networks: actors, twin critics, discriminators; not the training-only target critics,
            // temperatures or the discriminator copies of separate mode.
            var weights = networks.Tensors
                .Where(p => !p.Key.Contains(".target_critic", StringComparison.Ordinal) && !p.Key.EndsWith(".log_alpha", StringComparison.Ordinal)
                    && !p.Key.StartsWith("agent", StringComparison.Ordinal))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => (p.Key, p.Value))
                .ToList();
            string path = result.GetValue(output)!;
            PyTorchInterchange.Save(weights, path, result.GetValue(format));
            AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(path)}[/]: {weights.Count} tensors of {Markup.Escape(Path.GetFileName(checkpoint))} ({result.GetValue(format)})");
            return 0;
        }));
        return command;
    }
}
