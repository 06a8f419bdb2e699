using Mede.ML.Training;

namespace Mede.ML.Cli;

/// <summary>Runs a verb's body and turns exceptions into messages and exit codes: 2 for usage mistakes, 1 for
/// failures a user can act on (bad data, divergence, repeated physics failures, missing native library), with no stack
/// trace. Anything else is a bug of mede: it is reported in one line, without .NET type names or a stack trace, exit code 70.</summary>
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
            Error(Describe(e));
            return Task.FromResult(1);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Error($"mede stopped unexpectedly: {Describe(e)} This is a bug in mede; please report it with the command line that led to it.");
            return Task.FromResult(70);
        }
    }

    /// <summary>An exception's message without the parameter name .NET appends to argument errors
    /// (" (Parameter 'outputFeatures')"): the name of a method's parameter means nothing to a user.</summary>
    public static string Describe(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal);
        }

        return message;
    }

    private static void Error(string message) => Console.Error.WriteLine($"error: {message}");
}
