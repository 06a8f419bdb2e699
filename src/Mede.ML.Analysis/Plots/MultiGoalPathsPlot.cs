using System.Globalization;
using Mede.ML.Analysis.Store;

namespace Mede.ML.Analysis.Plots;

/// <summary>The paper's Figure 1(a-d): evaluation paths of every agent on MultiGoal, one colour per agent, goals
/// marked with their radius.</summary>
public static class MultiGoalPathsPlot
{
    /// <summary>Builds the chart.</summary>
    /// <param name="paths">For each agent, its episodes as sequences of (x, y) positions.</param>
    /// <param name="goals">The goal positions.</param>
    /// <param name="goalRadius">The radius within which a goal counts as reached.</param>
    /// <param name="limit">The half-width of the square world (7 for MultiGoal).</param>
    /// <param name="title">The chart title.</param>
    public static SvgChart Create(IReadOnlyList<IReadOnlyList<float[][]>> paths, IReadOnlyList<(float X, float Y)> goals, double goalRadius, double limit, string title)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(goals);
        var chart = new SvgChart(title, "x", "y") { XRange = (-limit, limit), YRange = (-limit, limit) };
        for (int k = 0; k < paths.Count; k++)
        {
            var pieces = paths[k].Select(episode => (IReadOnlyList<(double, double)>)episode.Select(p => ((double)p[0], (double)p[1])).ToList()).ToList();
            chart.Add(new Series(string.Create(CultureInfo.InvariantCulture, $"agent {k}"), pieces, Palette.Colour(k), "agent"));
        }

        for (int g = 0; g < goals.Count; g++)
        {
            chart.AddMarker(goals[g].X, goals[g].Y, goalRadius, string.Create(CultureInfo.InvariantCulture, $"g{g}"));
        }

        return chart;
    }

    /// <summary>
    /// Builds the chart from the episodes a run store recorded step by step in its latest complete evaluation
    /// (<see cref="RunStore.Paths"/>): <c>mede train</c> and <c>mede evaluate</c> record every evaluation episode.
    /// </summary>
    /// <param name="store">An open run store of a MultiGoal run.</param>
    /// <param name="goals">The goal positions.</param>
    /// <param name="goalRadius">The radius within which a goal counts as reached.</param>
    /// <param name="limit">The half-width of the square world (7 for MultiGoal).</param>
    /// <param name="title">The chart title.</param>
    /// <param name="episodesPerAgent">At most this many episodes of each agent (default 10).</param>
    /// <exception cref="InvalidOperationException">The store has no complete evaluation with recorded episodes
    /// (evaluate the run, e.g. with <c>mede evaluate</c>, or roll out its policies and use <see cref="Create"/>).</exception>
    public static SvgChart FromStore(RunStore store, IReadOnlyList<(float X, float Y)> goals, double goalRadius, double limit, string title, int episodesPerAgent = 10)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodesPerAgent, 1);
        IReadOnlyList<IReadOnlyList<float[][]>> paths = store.Paths(episodesPerAgent: episodesPerAgent);
        if (paths.All(agent => agent.Count == 0))
        {
            throw new InvalidOperationException(
                $"{store.Path}: no complete evaluation with recorded episodes; evaluate the run first (mede evaluate), or roll its policies out and call MultiGoalPathsPlot.Create.");
        }

        return Create(paths, goals, goalRadius, limit, title);
    }
}
