using System.CommandLine;

namespace Mede.ML.Cli.Tests;

/// <summary>Runs the real <c>mede</c> root command in-process with standard output and error captured.</summary>
internal static class CliRunner
{
    private static readonly object s_console = new();

    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        lock (s_console)
        {
            TextWriter originalOut = Console.Out, originalError = Console.Error;
            var output = new StringWriter();
            var error = new StringWriter();
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                int exitCode = Verbs.Invoke(args, new InvocationConfiguration { Output = output, Error = error });
                return (exitCode, output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(originalOut);
                Console.SetError(originalError);
            }
        }
    }
}
