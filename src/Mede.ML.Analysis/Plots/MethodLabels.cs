using Mede.ML.Analysis.Comparison;
using Mede.ML.Analysis.Store;

namespace Mede.ML.Analysis.Plots;

/// <summary>How charts name the methods of several runs: the algorithm (with the number of agents when asked) and,
/// where runs of one algorithm differ in how they depart from the paper
/// (<see cref="Training.TrainingConfiguration.DeparturesFromPaper"/>), how each departs, so that a variant is drawn
/// apart from the paper's method rather than averaged into it. Runs that all depart alike keep the plain name (the
/// tables and the runs table say how they depart).</summary>
internal static class MethodLabels
{
    /// <summary>One label per run, in order: "MEDE", "MEDE (4)", or "MEDE + DiscriminatorWeight 3.33" beside "MEDE".</summary>
    /// <param name="stores">The runs drawn together.</param>
    /// <param name="withAgents">Whether to name K ("MEDE (4)"), as charts over several K do.</param>
    public static IReadOnlyList<string> For(IReadOnlyList<RunStore> stores, bool withAgents)
    {
        var runs = stores.Select(store =>
        {
            RunRow run = store.Run;
            string method = withAgents ? ComparisonRow.MethodLabel(run.Algorithm, run.Agents) : run.Algorithm;
            return (Method: method, Departures: string.Join("; ", store.TrainerOptions().DeparturesFromPaper().Select(d => d.InUse)));
        }).ToList();
        var mixed = runs.GroupBy(r => r.Method, StringComparer.Ordinal)
            .Where(g => g.Select(r => r.Departures).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        return [.. runs.Select(r => mixed.Contains(r.Method) && r.Departures.Length > 0 ? $"{r.Method} + {r.Departures}" : r.Method)];
    }
}
