using Mede.ML.Training;

namespace Mede.ML.Evaluation;

/// <summary>
/// Receives the steps and finished episodes of rollouts — evaluation episodes from <see cref="Evaluator"/>, and,
/// through <see cref="ITrainingRecorder"/>, the training episodes a recorder asks for. The run store of
/// Mede.ML.Analysis keeps them; transitions of one episode arrive in order, then its <see cref="RecordEpisode"/>.
/// </summary>
public interface IRolloutRecorder
{
    /// <summary>One environment step of an episode being recorded.</summary>
    void RecordTransition(TransitionRecord transition);

    /// <summary>A finished episode (after all of its transitions, when they were recorded).</summary>
    void RecordEpisode(EpisodeRecord episode);
}
