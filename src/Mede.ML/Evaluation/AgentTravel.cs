using System.Globalization;

namespace Mede.ML.Evaluation;

/// <summary>
/// Which way one agent runs, from where each of its evaluation episodes ended relative to where it began, on tasks
/// whose body travels over the floor in any direction (<see cref="Environments.ITravelEnvironment"/>: the ants).
/// Multi-direction Ant rewards speed in every direction alike, so the agents' headings are its diversity: agents that
/// split up run in different directions, agents that collapse run the same way.
/// </summary>
/// <param name="Distance">The mean distance from start to end of an episode, in metres.</param>
/// <param name="Heading">The agent's direction in degrees, counter-clockwise from +x in [0, 360): the direction of the
/// mean of its episodes' unit displacement vectors.</param>
/// <param name="Consistency">The length of that mean, in [0, 1]: 1 when every episode went the same way, near 0 when
/// the episodes went every way (or the agent did not move), so the heading says little.</param>
public sealed record AgentTravel(double Distance, double Heading, double Consistency)
{
    /// <summary>The heading with its consistency, as tables show it: "87° (0.98)".</summary>
    public string HeadingText => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(Heading) % 360:0}° ({Consistency:F2})");

    /// <summary>Summarises the displacements of an agent's episodes; null when there is none with a finite
    /// displacement.</summary>
    /// <param name="displacements">Each episode's (x, y) displacement in metres.</param>
    public static AgentTravel? From(IEnumerable<(double X, double Y)> displacements)
    {
        ArgumentNullException.ThrowIfNull(displacements);
        double distance = 0, ux = 0, uy = 0;
        int count = 0;
        foreach (var (x, y) in displacements)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                continue;
            }

            double length = Math.Sqrt((x * x) + (y * y));
            distance += length;
            if (length > 0)
            {
                ux += x / length;
                uy += y / length;
            }

            count++;
        }

        if (count == 0)
        {
            return null;
        }

        (ux, uy) = (ux / count, uy / count);
        double heading = Math.Atan2(uy, ux) * 180 / Math.PI;
        return new AgentTravel(distance / count, heading < 0 ? heading + 360 : heading, Math.Sqrt((ux * ux) + (uy * uy)));
    }

    /// <summary>The smallest angle between two agents' headings, in degrees in [0, 180]: how far apart the two agents
    /// that run most alike are; null for fewer than two agents.</summary>
    /// <param name="agents">The agents' travel.</param>
    public static double? ClosestHeadings(IReadOnlyList<AgentTravel> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        double? closest = null;
        for (int i = 0; i < agents.Count; i++)
        {
            for (int j = i + 1; j < agents.Count; j++)
            {
                double apart = Math.Abs(agents[i].Heading - agents[j].Heading) % 360;
                apart = Math.Min(apart, 360 - apart);
                closest = closest is null ? apart : Math.Min(closest.Value, apart);
            }
        }

        return closest;
    }
}
