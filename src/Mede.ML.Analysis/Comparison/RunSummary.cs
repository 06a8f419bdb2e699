using Mede.ML.Analysis.Store;
using Microsoft.ML.Data;

namespace Mede.ML.Analysis.Comparison;

/// <summary>One run reduced to the numbers a comparison needs.</summary>
public sealed class RunSummary
{
    /// <summary>The run folder's name.</summary>
    public string Run { get; set; } = string.Empty;

    /// <summary>The environment.</summary>
    public string Environment { get; set; } = string.Empty;

    /// <summary>MEDE, DIAYN or SAC.</summary>
    public string Algorithm { get; set; } = string.Empty;

    /// <summary>The number of agents.</summary>
    public int Agents { get; set; }

    /// <summary>The run's seed.</summary>
    public int Seed { get; set; }

    /// <summary>The last training step recorded.</summary>
    public long Steps { get; set; }

    /// <summary>True when the run reached its last step (<c>mede train</c> marks it finished); false while it is still
    /// training or was stopped.</summary>
    public bool Finished { get; set; }

    /// <summary>True when the returns come from an evaluation; false when from the last training episodes.</summary>
    public bool Evaluated { get; set; }

    /// <summary>Where the returns come from: "deterministic evaluation" (the policies' modes, as the paper's Table 1),
    /// "stochastic evaluation", or "last training episodes".</summary>
    public string ReturnsFrom { get; set; } = string.Empty;

    /// <summary>The mean over agents of each agent's mean return (Table 1's "average").</summary>
    public double AverageReturn { get; set; }

    /// <summary>The best agent's mean return (Table 1's "max").</summary>
    public double MaxReturn { get; set; }

    /// <summary>Distinct goals reached by any agent (MultiGoal), or -1.</summary>
    public int GoalsReached { get; set; } = -1;

    /// <summary>log q(z|s,a) at the end of training (mean over the last tenth of its series), or NaN.</summary>
    public double LogQStateAction { get; set; } = double.NaN;

    /// <summary>log q(z|s) at the end of training (mean over the last tenth of its series), or NaN.</summary>
    public double LogQState { get; set; } = double.NaN;

    /// <summary>What the run used that is not in the paper: the method's extensions (e.g. <c>OutcomeWeight 30 (bandwidth
    /// 1)</c>) and the task's departures (time limits that end the backup, correlated warm-up actions), as
    /// <see cref="Training.TrainingConfiguration.DeparturesFromPaper"/> names them, joined by "; "; empty for the
    /// paper's method and task.</summary>
    public string Extensions { get; set; } = string.Empty;

    /// <summary>The per-agent summaries the returns come from (not a column).</summary>
    [NoColumn]
    public IReadOnlyList<AgentSummary> AgentSummaries { get; set; } = [];
}

/// <summary>One method (environment, algorithm, agents, extensions) over its seeds: mean and standard deviation over runs.</summary>
public sealed class ComparisonRow
{
    /// <summary>The environment.</summary>
    public string Environment { get; set; } = string.Empty;

    /// <summary>MEDE, DIAYN or SAC.</summary>
    public string Algorithm { get; set; } = string.Empty;

    /// <summary>The number of agents.</summary>
    public int Agents { get; set; }

    /// <summary>How many runs (seeds).</summary>
    public int Seeds { get; set; }

    /// <summary>Mean over seeds of <see cref="RunSummary.AverageReturn"/>.</summary>
    public double AverageReturnMean { get; set; }

    /// <summary>Standard deviation over seeds of <see cref="RunSummary.AverageReturn"/> (sample; 0 for one seed).</summary>
    public double AverageReturnStd { get; set; }

    /// <summary>Mean over seeds of <see cref="RunSummary.MaxReturn"/>.</summary>
    public double MaxReturnMean { get; set; }

    /// <summary>Standard deviation over seeds of <see cref="RunSummary.MaxReturn"/>.</summary>
    public double MaxReturnStd { get; set; }

    /// <summary>Mean over seeds of the goals reached, or -1 without goals.</summary>
    public double GoalsReachedMean { get; set; } = -1;

    /// <summary>Mean over seeds of the final log q(z|s,a), or NaN.</summary>
    public double LogQStateActionMean { get; set; } = double.NaN;

    /// <summary>Mean over seeds of the final log q(z|s), or NaN.</summary>
    public double LogQStateMean { get; set; } = double.NaN;

    /// <summary>The extensions its runs used (<see cref="RunSummary.Extensions"/>), or empty for the paper's method.</summary>
    public string Extensions { get; set; } = string.Empty;

    /// <summary>How the method is labelled in tables: "MEDE (4)", "SAC", and with extensions
    /// "MEDE (4) + OutcomeWeight 30 (bandwidth 1), not the paper's" (an extension, a departure of the task, or another
    /// weight of the paper's own terms: see <see cref="Extensions"/>).</summary>
    public string Method => MethodLabel(Algorithm, Agents) + (Extensions.Length > 0 ? $" + {Extensions}, not the paper's" : string.Empty);

    /// <summary>How tables name a method: the algorithm, with the number of agents when there is more than one, e.g.
    /// <c>MEDE (4)</c> or <c>SAC</c>.</summary>
    /// <param name="algorithm">SAC, MEDE or DIAYN.</param>
    /// <param name="agents">K.</param>
    public static string MethodLabel(string algorithm, int agents) => agents > 1 ? $"{algorithm} ({agents})" : algorithm;
}
