using System.CommandLine;

namespace Mede.ML.Cli.Commands;

internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure GEMM, network-update and environment throughput.");
        return command;
    }
}
