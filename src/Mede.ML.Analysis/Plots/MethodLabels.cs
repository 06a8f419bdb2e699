using Mede.ML.Analysis.Comparison;
using Mede.ML.Analysis.Store;

namespace Mede.ML.Analysis.Plots;

/// <summary>How charts name a run's method: the algorithm (with the number of agents when asked) and, when the run
/// departs from the paper, how (<see cref="Training.TrainingConfiguration.DeparturesFromPaper"/>), so that runs of a
/// variant are drawn apart from the paper's method rather than averaged into it.</summary>
internal static class MethodLabels
{
    /// <summary>"MEDE", "MEDE (4)", or "MEDE + DiscriminatorWeight 3.33".</summary>
    /// <param name="store">The run.</param>
    /// <param name="withAgents">Whether to name K ("MEDE (4)"), as tables and charts over several K do.</param>
    public static string Of(RunStore store, bool withAgents)
    {
        RunRow run = store.Run;
        string method = withAgents ? ComparisonRow.MethodLabel(run.Algorithm, run.Agents) : run.Algorithm;
        string departures = string.Join("; ", store.TrainerOptions().DeparturesFromPaper().Select(d => d.InUse));
        return departures.Length == 0 ? method : $"{method} + {departures}";
    }
}
