using System.CommandLine;
using Mede.ML.Cli;

var root = new RootCommand("mede: learn diverse, high-performing policies with MEDE, DIAYN and SAC.");
foreach (var command in Verbs.All())
{
    root.Subcommands.Add(command);
}
return await root.Parse(args).InvokeAsync();
