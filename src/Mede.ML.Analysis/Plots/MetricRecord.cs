namespace Mede.ML.Analysis.Plots;

/// <summary>One row of a run's <c>metrics.csv</c>.</summary>
/// <param name="Step">Environment step.</param>
/// <param name="Name">Metric name (<c>return</c>, <c>log_q_z_given_sa</c>, ...).</param>
/// <param name="Agent">The agent, or null for run-wide values.</param>
/// <param name="Value">The value.</param>
public sealed record MetricRecord(long Step, string Name, int? Agent, double Value);
