using System.CommandLine;
using Mede.ML.Cli.Runs;
using Mede.ML.Neural.Serialization;
using Mede.ML.Persistence.Onnx;
using Mede.ML.TorchSharp;
using Spectre.Console;

namespace Mede.ML.Cli.Commands;

/// <summary><c>mede export RUN --format pytorch|safetensors|onnx --out FILE</c>: the run's networks (from its newest
/// checkpoint) as a PyTorch state_dict or a safetensors file, under the names both backends use; or its agents'
/// policies as an ONNX model (observation and agent in; action, mean and log_std out).</summary>
internal static class ExportCommand
{
    /// <summary>What <c>--format</c> accepts.</summary>
    internal enum ExportFormat
    {
        PyTorch,
        Safetensors,
        Onnx,
    }

    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder written by mede train" };
        var format = new Option<ExportFormat>("--format")
        {
            Description = "pytorch (torch.save state_dict), safetensors, or onnx (the policies, for ONNX Runtime or ML.NET's ApplyOnnxModel)",
            DefaultValueFactory = _ => ExportFormat.PyTorch,
        };
        var output = new Option<string>("--out") { Description = "The file to write", Required = true };
        var command = new Command("export", "Write a run's networks as a PyTorch state_dict or a safetensors file, or its policies as an ONNX model.") { run, format, output };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            string folder = result.GetValue(run)!;
            if (!Directory.Exists(folder))
            {
                throw new UsageException($"{folder}: no such run folder.");
            }

            string checkpoint = RunSpecification.LatestCheckpoint(folder)
                ?? throw new UsageException($"{folder}: no complete checkpoint in {RunSpecification.CheckpointFolder(folder)} (train the run first).");
            string path = result.GetValue(output)!;
            string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null && !Directory.Exists(directory))
            {
                throw new UsageException($"--out {path}: the folder {directory} does not exist.");
            }

            ExportFormat chosen = result.GetValue(format);
            if (chosen == ExportFormat.Onnx)
            {
                MedeTransformer model = MedeTransformer.FromCheckpoint(checkpoint, RunSpecification.Load(folder).EnvironmentFactory());
                OnnxPolicyExporter.Export(model, path);
                AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(path)}[/]: {model.NumberOfAgents} policies of {Markup.Escape(Path.GetFileName(checkpoint))} "
                    + $"(onnx; inputs observation [[N, {model.ObservationSize}]] and agent [[N]]; outputs action, mean, log_std [[N, {model.ActionSize}]])");
                return 0;
            }

            SafeTensorsFile networks = SafeTensors.Load(Path.Combine(checkpoint, "networks.safetensors"));

            // The fitted model's networks: actors, twin critics, discriminators; not the training-only target critics,
            // temperatures or the discriminator copies of separate mode.
            var weights = networks.Tensors
                .Where(p => !p.Key.Contains(".target_critic", StringComparison.Ordinal) && !p.Key.EndsWith(".log_alpha", StringComparison.Ordinal)
                    && !p.Key.StartsWith("agent", StringComparison.Ordinal))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => (p.Key, p.Value))
                .ToList();
            PyTorchFormat pyTorch = chosen == ExportFormat.Safetensors ? PyTorchFormat.Safetensors : PyTorchFormat.PyTorch;
            PyTorchInterchange.Save(weights, path, pyTorch);
            AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(path)}[/]: {weights.Count} tensors of {Markup.Escape(Path.GetFileName(checkpoint))} ({pyTorch})");
            return 0;
        }));
        return command;
    }
}
