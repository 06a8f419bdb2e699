using Mede.ML.Algorithms;

namespace Mede.ML.Cli.Sweeps;

/// <summary>One run of a sweep: its index (the job-array index that runs it), what it trains and its budget.</summary>
/// <param name="Index">Position in <see cref="SweepDefinition.Cells"/>, from 0.</param>
/// <param name="Environment">The environment's registered name.</param>
/// <param name="Algorithm">MEDE, DIAYN or SAC.</param>
/// <param name="Agents">Number of agents (1 for SAC).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="TotalSteps">The run's environment steps.</param>
internal sealed record SweepCell(int Index, string Environment, ReinforcementAlgorithm Algorithm, int Agents, int Seed, long TotalSteps)
{
    /// <summary>The run folder's name: <c>hopper-mede4-seed0</c>, <c>hopper-sac-seed0</c>.</summary>
    public string Name => $"{Environment}-{Algorithm.ToString().ToLowerInvariant()}{(Algorithm == ReinforcementAlgorithm.Sac ? string.Empty : Agents.ToString(System.Globalization.CultureInfo.InvariantCulture))}-seed{Seed}";
}
