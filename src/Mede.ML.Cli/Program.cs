using System.CommandLine;
using Mede.ML.Cli;

// mede handles SIGINT and SIGTERM itself where it matters (a training run stops gracefully, see StopSignal); without
// this, System.CommandLine would end the process two seconds after Ctrl-C, before the checkpoint is written.
return Verbs.Invoke(args, new InvocationConfiguration { ProcessTerminationTimeout = null });
