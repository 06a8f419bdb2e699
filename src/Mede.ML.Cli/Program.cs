using System.CommandLine;
using Mede.ML.Cli;

var root = new RootCommand("mede: learn diverse, high-performing policies with MEDE, DIAYN and SAC.");
foreach (var command in Verbs.All())
{
    root.Subcommands.Add(command);
}
// mede handles SIGINT and SIGTERM itself where it matters (a training run stops gracefully, see StopSignal); without
// this, System.CommandLine would end the process two seconds after Ctrl-C, before the checkpoint is written.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
