using System.Globalization;
using Mede.ML.Training;

namespace Mede.ML.Cli.Runs;

/// <summary>Passes everything on to the run's recorder unchanged and writes a line to <c>train.log</c> whenever the
/// run's physics-failure count (<see cref="TrainingSession.PhysicsFailuresMetric"/>) grows, so a long run's log says
/// when its environments broke down and it went on.</summary>
internal sealed class PhysicsFailureLog(ITrainingRecorder inner, RunLog log) : ITrainingRecorder
{
    private double _logged;

    public int TransitionEpisodeInterval => inner.TransitionEpisodeInterval;

    public IReadOnlyList<long> Position => inner.Position;

    public void RecordMetric(long step, string name, int? agent, double value)
    {
        inner.RecordMetric(step, name, agent, value);
        if (name == TrainingSession.PhysicsFailuresMetric && value > _logged)
        {
            log.Write(string.Create(CultureInfo.InvariantCulture,
                $"physics failure: {value - _logged:0} more episode(s) ended because MuJoCo reset a bad state, {value:0} in all by step {step}"));
            _logged = value;
        }
    }

    public void RecordEpisode(EpisodeRecord episode) => inner.RecordEpisode(episode);

    public void RecordTransition(TransitionRecord transition) => inner.RecordTransition(transition);

    public void Flush() => inner.Flush();

    public void Rewind(IReadOnlyList<long> position) => inner.Rewind(position);
}
