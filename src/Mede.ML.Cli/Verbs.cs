using System.CommandLine;

namespace Mede.ML.Cli;

/// <summary>The verbs of the <c>mede</c> command; each verb lives in its own file under Commands/.</summary>
internal static class Verbs
{
    public static IEnumerable<Command> All()
    {
        yield return Commands.TrainCommand.Create();
        yield return Commands.SweepCommand.Create();
        yield return Commands.EvaluateCommand.Create();
        yield return Commands.PlotCommand.Create();
        yield return Commands.ReportCommand.Create();
        yield return Commands.BenchCommand.Create();
        yield return Commands.ExportCommand.Create();
        yield return Commands.TheoryCommand.Create();
    }
}
