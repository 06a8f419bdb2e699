using Mede.ML.Training;

namespace Mede.ML.Cli;

/// <summary>Runs a verb's body and turns exceptions into messages and exit codes: 2 for usage mistakes, 1 for
/// failures a user can act on (bad data, divergence, repeated physics failures, missing native library), with no stack trace.</summary>
internal static class CommandRunner
{
    public static Task<int> RunAsync(Func<int> body)
    {
        try
        {
            return Task.FromResult(body());
        }
        catch (UsageException e)
        {
            Error(e.Message);
            return Task.FromResult(2);
        }
        catch (Exception e) when (e is TrainingDivergedException or Environments.PhysicsFailureException or Analysis.Store.RunStoreException or InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or FormatException or DllNotFoundException)
        {
            Error(e.Message);
            return Task.FromResult(1);
        }
    }

    private static void Error(string message) => Console.Error.WriteLine($"error: {message}");
}
