namespace Mede.ML.Training;

/// <summary>A progress report of a training run, sent through <see cref="IProgress{T}"/>.</summary>
/// <param name="Step">Environment steps done (all agents).</param>
/// <param name="TotalSteps">Environment steps planned.</param>
/// <param name="StepsPerSecond">Recent environment steps per second.</param>
/// <param name="RecentReturns">Mean return of each agent's recent episodes (NaN before the first).</param>
/// <param name="LogQStateAction">Recent mean log q(z|s,a) (NaN for SAC).</param>
/// <param name="LogQState">Recent mean log q(z|s) (NaN for SAC).</param>
/// <param name="Alpha">The temperature (of agent 0 in separate mode).</param>
public sealed record TrainingProgress(long Step, long TotalSteps, double StepsPerSecond, IReadOnlyList<double> RecentReturns, double LogQStateAction, double LogQState, double Alpha)
{
    /// <summary>Fraction done, in [0, 1].</summary>
    public double Fraction => TotalSteps == 0 ? 1 : Math.Clamp((double)Step / TotalSteps, 0, 1);

    /// <summary>Where the time of this session's learning rounds went (null before the first update).</summary>
    public TrainingTiming? Timing { get; init; }
}

/// <summary>Where the wall-clock time of a training session's learning rounds (those after the warm-up) went: into
/// the learner's updates, or into everything else a round does (acting, stepping the environments, replay,
/// recording, metrics, checkpoints).</summary>
/// <param name="Updates">Gradient updates made (of every network set).</param>
/// <param name="Updating">Time spent in them, batch sampling included.</param>
/// <param name="Learning">Time of the rounds that made them, from start to end.</param>
public sealed record TrainingTiming(long Updates, TimeSpan Updating, TimeSpan Learning)
{
    /// <summary>Updates per second of update time (what <c>mede bench updates</c> measures in isolation).</summary>
    public double UpdatesPerSecond => Updates / Math.Max(1e-9, Updating.TotalSeconds);

    /// <summary>The share of the learning rounds' time spent in updates, in [0, 1]: the end-to-end rate as a share
    /// of the update rate.</summary>
    public double UpdateShare => Learning <= TimeSpan.Zero ? 0 : Math.Clamp(Updating / Learning, 0, 1);

    /// <summary>One line for logs: updates, their rate, and the share of the time they took.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Updates:N0} updates in {Updating.TotalSeconds:F1} s ({UpdatesPerSecond:F1}/s); they took {UpdateShare:P1} of the learning rounds' {Learning.TotalSeconds:F1} s (acting, environments, replay, recording, metrics and checkpoints: the rest)");
}
