using Mede.ML.Evaluation;
using Mede.ML.Training;

namespace Mede.ML.Cli.Runs;

/// <summary>Stands where the run store's recorder stands when run.db cannot be opened: records nothing, and keeps the
/// store's place in the checkpoint's recorder position so the CSV files rewind to their own lengths.</summary>
internal sealed class AbsentRecorder : ITrainingRecorder
{
    public void RecordMetric(long step, string name, int? agent, double value)
    {
    }

    public void RecordEpisode(EpisodeRecord episode)
    {
    }

    public void RecordTransition(TransitionRecord transition)
    {
    }

    public void Flush()
    {
    }
}
