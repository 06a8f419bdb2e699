using System.CommandLine;
using Mede.ML.Analysis.Reports;
using Spectre.Console;

namespace Mede.ML.Cli.Commands;

/// <summary><c>mede report RUN...</c>: one Markdown report comparing runs (return table, goal coverage, learning
/// curves, discriminability over seeds, MultiGoal paths), with its SVGs beside it.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = "Run folders written by mede train (each with run.db)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Where report.md and its SVGs go", DefaultValueFactory = _ => "report" };
        var title = new Option<string>("--title") { Description = "The report's heading", DefaultValueFactory = _ => "Mede.ML run report" };
        var command = new Command("report", "Write a Markdown report comparing runs, with SVG figures.") { runs, output, title };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            string[] folders = result.GetValue(runs) ?? [];
            foreach (string folder in folders)
            {
                if (!Directory.Exists(folder))
                {
                    throw new UsageException($"{folder}: no such run folder.");
                }
            }

            // A folder named twice (runs/a and runs/a/, or a path and its symlink-free equivalent) is one run, not two seeds.
            string[] distinct = folders
                .DistinctBy(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f)), StringComparer.Ordinal)
                .ToArray();
            if (distinct.Length < folders.Length)
            {
                Console.Error.WriteLine($"warning: {folders.Length - distinct.Length} run folder(s) were given more than once; each run is counted once.");
            }

            IReadOnlyList<string> written = RunReport.Write(distinct, result.GetValue(output)!, result.GetValue(title)!);
            AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(written[0])}[/] and {written.Count - 1} figures and tables beside it");
            return 0;
        }));
        return command;
    }
}
