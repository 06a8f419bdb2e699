using Mede.ML.Analysis.Store;

namespace Mede.ML.Cli.Runs;

/// <summary>How the commands treat the run store: it is a record beside the run, so a store that cannot be written
/// (read-only folder, full disk) is reported as a warning — on the console and in train.log — and the command goes on.</summary>
internal static class RunStoreOutput
{
    public static T? TryOpen<T>(Func<T> open, RunLog? log)
        where T : class
    {
        try
        {
            return open();
        }
        catch (RunStoreException e)
        {
            Warn(e, log);
            return null;
        }
    }

    public static void Guard(Action write, RunLog? log)
    {
        try
        {
            write();
        }
        catch (RunStoreException e)
        {
            Warn(e, log);
        }
    }

    public static void Complete(EvaluationRecorder? evaluation, RunLog? log)
    {
        if (evaluation is null)
        {
            return;
        }

        evaluation.Complete();
        if (evaluation.Failure is not null)
        {
            Warn(evaluation.Failure, log);
        }
    }

    public static void Warn(RunStoreException e, RunLog? log)
    {
        log?.Write("warning: " + e.Message);
        Console.Error.WriteLine($"warning: {e.Message} The command goes on without the run store.");
    }
}
