using System.CommandLine;
using Mede.ML.Analysis.Reports;
using Spectre.Console;

namespace Mede.ML.Cli.Commands;

/// <summary><c>mede report RUN...</c>: one Markdown report comparing runs (return table, goal coverage, learning
/// curves, discriminability over seeds, MultiGoal paths), with its SVGs beside it. A sweep folder stands for its runs.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = "Run folders written by mede train (each with run.db), or sweep folders (mede sweep --out)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Where report.md and its SVGs go", DefaultValueFactory = _ => "report" };
        var title = new Option<string>("--title") { Description = "The report's heading", DefaultValueFactory = _ => "Mede.ML run report" };
        var command = new Command("report", "Write a Markdown report comparing runs, with SVG figures.") { runs, output, title };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            var folders = new List<string>();
            foreach (string folder in result.GetValue(runs) ?? [])
            {
                if (!Directory.Exists(folder))
                {
                    throw new UsageException($"{folder}: no such run folder.");
                }

                folders.AddRange(Expand(folder));
            }

            // A folder named twice (runs/a and runs/a/, or a path and its symlink-free equivalent) is one run, not two seeds.
            string[] distinct = folders
                .DistinctBy(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f)), StringComparer.Ordinal)
                .ToArray();
            if (distinct.Length < folders.Count)
            {
                Console.Error.WriteLine($"warning: {folders.Count - distinct.Length} run folder(s) were given more than once; each run is counted once.");
            }

            IReadOnlyList<string> written = RunReport.Write(distinct, result.GetValue(output)!, result.GetValue(title)!);
            AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(written[0])}[/] and {written.Count - 1} figures and tables beside it");
            return 0;
        }));
        return command;
    }

    /// <summary>A sweep folder (mede sweep --out) stands for the run folders of its cells that have a run store; any
    /// other folder for itself.</summary>
    private static IEnumerable<string> Expand(string folder)
    {
        string runs = Path.Combine(folder, "runs");
        if (!File.Exists(Path.Combine(folder, Sweeps.SweepFolder.DefinitionFile)) || !Directory.Exists(runs))
        {
            return [folder];
        }

        string[] cells = Directory.GetDirectories(runs).Where(d => File.Exists(Path.Combine(d, "run.db"))).Order(StringComparer.Ordinal).ToArray();
        if (cells.Length == 0)
        {
            throw new UsageException($"{folder}: a sweep folder, but none of its runs has a run store yet (runs/*/run.db).");
        }

        return cells;
    }
}
