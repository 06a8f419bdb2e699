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
}
