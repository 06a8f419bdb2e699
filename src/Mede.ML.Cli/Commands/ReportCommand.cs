using System.CommandLine;
using Mede.ML.Analysis.Reports;
using Mede.ML.Cli.Runs;
using Spectre.Console;

namespace Mede.ML.Cli.Commands;

/// <summary><c>mede report RUN...</c>: one Markdown report comparing runs (return table, goal coverage, learning
/// curves, discriminability over seeds, MultiGoal paths), with its SVGs beside it. A sweep folder stands for its runs.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = "Run folders written by mede train (each with run.db), or sweep folders (mede sweep --out)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Where report.md and its charts (SVG and PNG) go", DefaultValueFactory = _ => "report" };
        var title = new Option<string>("--title") { Description = "The report's heading", DefaultValueFactory = _ => "Mede.ML run report" };
        var command = new Command("report", "Write a Markdown report comparing runs, with charts as SVG and PNG.") { runs, output, title };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            IReadOnlyList<string> written = RunReport.Write(RunFolderArguments.Resolve(result.GetValue(runs) ?? []), result.GetValue(output)!, result.GetValue(title)!);
            AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(written[0])}[/] and {written.Count - 1} figures and tables beside it");
            return 0;
        }));
        return command;
    }
}
