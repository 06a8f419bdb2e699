namespace Mede.ML.Evaluation;

/// <summary>
/// How much the agents' visited states overlap, pair by pair: 1 when two agents visit states drawn from the same
/// distribution, 0 when no state of one lies among the other's. It works on any observation space (MultiGoal's
/// positions, MuJoCo's joint states), because it needs only distances.
/// </summary>
/// <remarks>
/// <para>The estimate is the nearest-neighbour (Henze-Penrose) statistic. The states of agents i and j are pooled,
/// after scaling every observation coordinate to unit variance over all agents' states (constant coordinates are
/// dropped). For each state the nearest other state is found, skipping the states of its own episode (consecutive
/// states of one episode are close, and counting them would call an agent distinct from a copy of itself). The share
/// of states whose neighbour belongs to the other agent is divided by its value for two samples of one distribution,
/// 2 n_i n_j / (n_i + n_j)^2, and capped at 1.</para>
/// <para>Agents with many states are thinned evenly to <see cref="DefaultStatesPerAgent"/> states, so the cost stays
/// near (K x that)^2 distances whatever the episode length.</para>
/// </remarks>
public sealed class BehaviourOverlap
{
    /// <summary>States kept per agent by <see cref="Measure"/> unless told otherwise.</summary>
    public const int DefaultStatesPerAgent = 1_000;

    private readonly double[,] _pairs;

    private BehaviourOverlap(double[,] pairs) => _pairs = pairs;

    /// <summary>An overlap measured before (for example read back from a run digest).</summary>
    /// <param name="pairs">The K x K overlaps in [0, 1], symmetric, 1 on the diagonal; copied.</param>
    /// <exception cref="ArgumentException">Not square, fewer than two agents, a value outside [0, 1] or not finite, or
    /// not symmetric (named by row and column).</exception>
    public static BehaviourOverlap FromPairs(double[,] pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        int agents = pairs.GetLength(0);
        if (agents < 2 || pairs.GetLength(1) != agents)
        {
            throw new ArgumentException($"{pairs.GetLength(0)} x {pairs.GetLength(1)} overlaps; they are K x K for K >= 2 agents.", nameof(pairs));
        }

        for (int i = 0; i < agents; i++)
        {
            for (int j = 0; j < agents; j++)
            {
                double value = pairs[i, j];
                if (!(value >= 0 && value <= 1))
                {
                    throw new ArgumentException($"Row {i}, column {j}: {value} is not an overlap in [0, 1].", nameof(pairs));
                }

                if (value != pairs[j, i])
                {
                    throw new ArgumentException($"Row {i}, column {j}: {value}, but row {j}, column {i}: {pairs[j, i]}; overlaps are symmetric.", nameof(pairs));
                }
            }
        }

        return new BehaviourOverlap((double[,])pairs.Clone());
    }

    /// <summary>The number of agents.</summary>
    public int Agents => _pairs.GetLength(0);

    /// <summary>The overlap of agents <paramref name="i"/> and <paramref name="j"/> in [0, 1] (symmetric; 1 on the diagonal).</summary>
    public double this[int i, int j] => _pairs[i, j];

    /// <summary>The mean overlap over all pairs of distinct agents.</summary>
    public double MeanOverlap
    {
        get
        {
            double sum = 0;
            int pairs = 0;
            for (int i = 0; i < Agents; i++)
            {
                for (int j = i + 1; j < Agents; j++)
                {
                    sum += _pairs[i, j];
                    pairs++;
                }
            }

            return pairs == 0 ? 0 : sum / pairs;
        }
    }

    /// <summary>Agent <paramref name="agent"/>'s overlap with the agent whose states are most like its own.</summary>
    public double ClosestOverlap(int agent)
    {
        double closest = 0;
        for (int j = 0; j < Agents; j++)
        {
            if (j != agent)
            {
                closest = Math.Max(closest, _pairs[agent, j]);
            }
        }

        return closest;
    }

    /// <summary>Measures the overlap of the agents' visited states.</summary>
    /// <param name="episodes">For each agent, its episodes; for each episode, its states (all of one length).</param>
    /// <param name="statesPerAgent">At most this many states per agent are used, evenly spaced over its episodes.</param>
    /// <param name="lastIsTimeLeft">The states' last value is the time left
    /// (<see cref="Environments.IEnvironment.ObservesRemainingTime"/>): it says when a state was visited, not where, and
    /// is left out.</param>
    /// <returns>The pairwise overlaps, or null when an agent has fewer than two episodes with states (its own
    /// neighbours would all be skipped).</returns>
    /// <exception cref="ArgumentException">States of different lengths, or a non-finite coordinate (named by agent, episode and step).</exception>
    public static BehaviourOverlap? Measure(IReadOnlyList<IReadOnlyList<float[][]>> episodes, int statesPerAgent = DefaultStatesPerAgent, bool lastIsTimeLeft = false)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        ArgumentOutOfRangeException.ThrowIfLessThan(statesPerAgent, 2);
        int agents = episodes.Count;
        if (agents < 2 || episodes.Any(e => e.Count(states => states.Length > 0) < 2))
        {
            return null;
        }

        // The kept states, with their agent and episode.
        var points = new List<(float[] State, int Agent, int Episode)>();
        int size = -1;
        for (int k = 0; k < agents; k++)
        {
            var all = new List<(float[] State, int Episode)>();
            for (int e = 0; e < episodes[k].Count; e++)
            {
                for (int t = 0; t < episodes[k][e].Length; t++)
                {
                    float[] state = episodes[k][e][t];
                    size = size < 0 ? state.Length : size;
                    if (state.Length != size)
                    {
                        throw new ArgumentException($"Agent {k}, episode {e}, step {t}: a state of {state.Length} values; the others have {size}.", nameof(episodes));
                    }

                    if (!state.All(float.IsFinite))
                    {
                        throw new ArgumentException($"Agent {k}, episode {e}, step {t}: the state has a non-finite value.", nameof(episodes));
                    }

                    all.Add((lastIsTimeLeft ? state[..^1] : state, e));
                }
            }

            int keep = Math.Min(statesPerAgent, all.Count);
            for (int i = 0; i < keep; i++)
            {
                var (state, episode) = all[(int)((long)i * all.Count / keep)];
                points.Add((state, k, episode));
            }
        }

        double[][] scaled = Standardise(points.Select(p => p.State).ToList(), lastIsTimeLeft ? size - 1 : size);
        int n = points.Count;
        var counts = new int[agents];
        foreach (var point in points)
        {
            counts[point.Agent]++;
        }

        // nearest[x, j]: squared distance from state x to the nearest state of agent j outside x's own episode.
        var nearest = new double[n, agents];
        for (int x = 0; x < n; x++)
        {
            for (int j = 0; j < agents; j++)
            {
                nearest[x, j] = double.PositiveInfinity;
            }
        }

        for (int x = 0; x < n; x++)
        {
            for (int y = x + 1; y < n; y++)
            {
                if (points[x].Agent == points[y].Agent && points[x].Episode == points[y].Episode)
                {
                    continue;
                }

                double d = SquaredDistance(scaled[x], scaled[y]);
                int ax = points[x].Agent, ay = points[y].Agent;
                if (d < nearest[x, ay])
                {
                    nearest[x, ay] = d;
                }

                if (d < nearest[y, ax])
                {
                    nearest[y, ax] = d;
                }
            }
        }

        // cross[i, j]: states of agent i whose nearest neighbour in agents i and j is one of j's (ties count half).
        var cross = new double[agents, agents];
        for (int x = 0; x < n; x++)
        {
            int i = points[x].Agent;
            for (int j = 0; j < agents; j++)
            {
                if (j != i)
                {
                    double other = nearest[x, j], own = nearest[x, i];
                    cross[i, j] += other < own ? 1 : other == own ? 0.5 : 0;
                }
            }
        }

        var pairs = new double[agents, agents];
        for (int i = 0; i < agents; i++)
        {
            pairs[i, i] = 1;
            for (int j = i + 1; j < agents; j++)
            {
                double total = counts[i] + counts[j];
                double share = (cross[i, j] + cross[j, i]) / total;
                double expected = 2.0 * counts[i] * counts[j] / (total * total);
                pairs[i, j] = pairs[j, i] = Math.Min(1, share / expected);
            }
        }

        return new BehaviourOverlap(pairs);
    }

    private static double[][] Standardise(List<float[]> states, int size)
    {
        var mean = new double[size];
        var scale = new double[size];
        foreach (float[] state in states)
        {
            for (int d = 0; d < size; d++)
            {
                mean[d] += state[d];
            }
        }

        for (int d = 0; d < size; d++)
        {
            mean[d] /= states.Count;
        }

        foreach (float[] state in states)
        {
            for (int d = 0; d < size; d++)
            {
                scale[d] += (state[d] - mean[d]) * (state[d] - mean[d]);
            }
        }

        for (int d = 0; d < size; d++)
        {
            double std = Math.Sqrt(scale[d] / states.Count);
            // A constant coordinate tells no agent from another: it is dropped (scale 0).
            scale[d] = std > 1e-12 ? 1 / std : 0;
        }

        return [.. states.Select(state => Enumerable.Range(0, size).Select(d => (state[d] - mean[d]) * scale[d]).ToArray())];
    }

    private static double SquaredDistance(double[] a, double[] b)
    {
        double sum = 0;
        for (int d = 0; d < a.Length; d++)
        {
            double delta = a[d] - b[d];
            sum += delta * delta;
        }

        return sum;
    }
}
