using System.CommandLine;
using Mede.ML.Analysis.Reports;
using Mede.ML.Cli.Runs;
using Spectre.Console;

namespace Mede.ML.Cli.Commands;

/// <summary><c>mede diversity SWEEP...</c>: the diversity map of MultiGoal runs, setting by setting over seeds (goal
/// coverage, the share of seeds covering every goal, return, overlap of the agents' states, policy entropy).</summary>
internal static class DiversityCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("folders") { Description = "Sweep folders (mede sweep --out) or run folders of MultiGoal runs", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Where diversity.md, settings.csv and runs.csv go (default: print the table only)" };
        var command = new Command("diversity", "Goal coverage, return and behaviour overlap per setting over seeds: the diversity map of MultiGoal runs.") { folders, output };
        command.SetAction((result, _) => CommandRunner.RunAsync(() =>
        {
            DiversityMap map = DiversityMap.Build(RunFolderArguments.Resolve(result.GetValue(folders) ?? []));
            if (map.Settings.Count == 0)
            {
                throw new UsageException("None of these folders holds a finished MultiGoal run with two or more agents and an evaluation.");
            }

            string table = map.ToMarkdown();
            Console.Write(table);
            if (result.GetValue(output) is string folder)
            {
                map.Save(folder);
                AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(Path.Combine(folder, DiversityMap.FileName))}[/], settings.csv and runs.csv");
            }

            return 0;
        }));
        return command;
    }
}
