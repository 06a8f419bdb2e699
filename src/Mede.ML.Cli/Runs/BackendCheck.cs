using Mede.ML.Algorithms;
using Mede.ML.TorchSharp;
using Mede.ML.Training;
using Spectre.Console;

namespace Mede.ML.Cli.Runs;

/// <summary>Checks the backend and device of a run before its folder is made: CUDA asked for where there is none fails
/// at once (or, with --fallback-to-cpu, trains on the CPU and says so).</summary>
internal static class BackendCheck
{
    public static void ThrowIfUnavailable(TrainingConfiguration options)
    {
        if (options.Backend != TrainingBackend.TorchSharp)
        {
            return;
        }

        try
        {
            TorchDevices.Resolve(options.Device, options.FallbackToCpu, out string? note);
            if (note is not null)
            {
                AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(note)}[/]");
            }
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException($"--device {options.Device}: {e.Message}");
        }
    }
}
