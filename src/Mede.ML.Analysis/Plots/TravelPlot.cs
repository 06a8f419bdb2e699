using Mede.ML.Evaluation;

namespace Mede.ML.Analysis.Plots;

/// <summary>
/// Which way the agents run on a task whose reward pays for speed in any direction (Multi-direction Ant): one ray per
/// agent from the start, in the agent's heading and as long as its mean distance times its consistency
/// (<see cref="AgentTravel"/>; an agent whose episodes go every way draws a short ray), one line style per run and one
/// colour per method. Agents that split up fan out; agents that collapse into one gait point the same way. The axes
/// share one scale, so the angles on the page are the headings.
/// </summary>
public static class TravelPlot
{
    // The plot area of an SvgChart is 420 x 345 pixels: the x range is widened by that ratio so that a metre is as
    // long across as up.
    private const double AspectRatio = 420.0 / 345.0;

    /// <summary>Builds the chart.</summary>
    /// <param name="runs">Per label ("MEDE (4), seed 0": the method, then the run after a comma), its agents' travel.</param>
    /// <param name="title">The chart's title.</param>
    public static SvgChart Create(IReadOnlyDictionary<string, IReadOnlyList<AgentTravel>> runs, string title)
    {
        ArgumentNullException.ThrowIfNull(runs);
        IReadOnlyList<string> labels = MethodColours.Order(runs.Keys);
        IReadOnlyDictionary<string, string> colours = MethodColours.For(labels);
        IReadOnlyDictionary<string, string?> dashes = MethodColours.Dashes(labels);
        double reach = runs.Values.SelectMany(agents => agents).Select(a => Ray(a)).Select(r => Math.Sqrt((r.X * r.X) + (r.Y * r.Y)))
            .Where(double.IsFinite).DefaultIfEmpty(1).Max();
        reach = Math.Max(reach, 1e-3) * 1.1;
        var chart = new SvgChart(title, "x (m)", "y (m)") { XRange = (-reach * AspectRatio, reach * AspectRatio), YRange = (-reach, reach) };
        foreach (string label in labels)
        {
            var rays = runs[label]
                .Select(a => (IReadOnlyList<(double X, double Y)>)[(0, 0), Ray(a)])
                .ToList();
            chart.Add(new Series(label, rays, colours[label], "travel", dashes[label]));
        }

        chart.AddMarker(0, 0, reach / 60, "start");
        return chart;
    }

    private static (double X, double Y) Ray(AgentTravel agent)
    {
        double angle = agent.Heading * Math.PI / 180, length = agent.Distance * agent.Consistency;
        return (length * Math.Cos(angle), length * Math.Sin(angle));
    }
}
