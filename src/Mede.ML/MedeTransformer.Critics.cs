using System.Globalization;
using Mede.ML.Networks;
using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;

namespace Mede.ML;

// Critics: the agents' soft Q functions evaluated directly, for many actions of one state (the paper's Figure 1(e/f)).
public sealed partial class MedeTransformer
{
    /// <summary>
    /// Evaluates agent <paramref name="agent"/>'s soft Q function, min(Q1, Q2)(s, a, z) as <see cref="Transform"/>
    /// reports it in the Q column, for one observation s and a batch of actions a, in one forward pass.
    /// </summary>
    /// <param name="agent">The agent z, in [0, <see cref="NumberOfAgents"/>).</param>
    /// <param name="observation">The observation s, of <see cref="ObservationSize"/> values.</param>
    /// <param name="actions">The actions, row-major: count rows of <see cref="ActionSize"/> values each, in the policy's
    /// units (the unit cube [-1, 1]^n, as the Action column of a data view), not the environment's box.</param>
    /// <param name="q">Receives Q(s, a_i, z) for each action row i; its length is the number of actions.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="agent"/> is not an agent of the model.</exception>
    /// <exception cref="ArgumentException">A length does not fit the model's sizes; the message names the argument.</exception>
    /// <remarks>The networks are only read, so several threads may evaluate at once.</remarks>
    public void EvaluateQ(int agent, ReadOnlySpan<float> observation, ReadOnlySpan<float> actions, Span<float> q)
    {
        CheckAgent(agent);
        int o = ObservationSize, n = ActionSize;
        if (observation.Length != o)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The observation has {observation.Length} values but the model reads {o} (its ObservationSize)."),
                nameof(observation));
        }

        if (actions.Length % n != 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The actions hold {actions.Length} values, which is not a whole number of rows of ActionSize = {n}; pass count x {n} values, row-major."),
                nameof(actions));
        }

        int count = actions.Length / n;
        if (q.Length != count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The output has room for {q.Length} values but there are {count} actions ({actions.Length} values / ActionSize {n}); pass a span of length {count}."),
                nameof(q));
        }

        if (count == 0)
        {
            return;
        }

        TwinCritic critic = _networks.CriticOf(agent);
        int agents = critic.Input.OneHotAgents;
        using TapeScope scope = Tape.Scope();
        using (Tensor.NoGrad())
        {
            // The critics read [s, one-hot z (shared networks only), a]: the state part is the same for every row.
            Tensor input = Tensor.Empty(count, o + agents);
            Tensor actionRows = Tensor.Empty(count, n);
            for (int i = 0; i < count; i++)
            {
                critic.Input.Write(observation, agent, input.Data.Slice(i * (o + agents), o + agents));
            }

            actions.CopyTo(actionRows.Data);

            // Clipped double-Q: the soft Q the actor is trained against is the smaller of the twin critics.
            critic.Min(input, actionRows).Data.CopyTo(q);
        }
    }

    /// <summary>
    /// Agent <paramref name="agent"/>'s soft Q function over the whole action square [-1, 1]^2 for one observation,
    /// on a <paramref name="resolution"/> x <paramref name="resolution"/> grid of evenly spaced points that include
    /// the corners. Only for models whose <see cref="ActionSize"/> is 2 (such as MultiGoal's).
    /// </summary>
    /// <param name="agent">The agent z, in [0, <see cref="NumberOfAgents"/>).</param>
    /// <param name="observation">The observation s, of <see cref="ObservationSize"/> values.</param>
    /// <param name="resolution">The number of grid points along each axis, at least 2.</param>
    /// <returns>The grid Q[row, column] = Q(s, (x_column, y_row), z), where x_j = y_j = -1 + 2 j / (resolution - 1):
    /// the row indexes the action's y (second) component and the column its x (first) component, both increasing
    /// from -1, so row 0 is the bottom edge y = -1.</returns>
    /// <exception cref="InvalidOperationException"><see cref="ActionSize"/> is not 2.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="agent"/> is not an agent of the model, or
    /// <paramref name="resolution"/> is less than 2.</exception>
    /// <exception cref="ArgumentException">The observation's length is not <see cref="ObservationSize"/>.</exception>
    public float[,] QGrid(int agent, ReadOnlySpan<float> observation, int resolution)
    {
        if (ActionSize != 2)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"QGrid covers a 2-D action square, but the model's ActionSize is {ActionSize}; use EvaluateQ with actions of {ActionSize} values instead."));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        var actions = new float[resolution * resolution * 2];
        for (int row = 0; row < resolution; row++)
        {
            for (int column = 0; column < resolution; column++)
            {
                int i = (row * resolution + column) * 2;
                actions[i] = GridCoordinate(column, resolution);
                actions[i + 1] = GridCoordinate(row, resolution);
            }
        }

        var q = new float[resolution * resolution];
        EvaluateQ(agent, observation, actions, q);
        var grid = new float[resolution, resolution];
        Buffer.BlockCopy(q, 0, grid, 0, q.Length * sizeof(float));
        return grid;
    }

    /// <summary>The coordinate of grid index <paramref name="index"/> of <paramref name="resolution"/> evenly spaced
    /// points on [-1, 1] (exactly -1 and 1 at the ends).</summary>
    internal static float GridCoordinate(int index, int resolution) =>
        index == resolution - 1 ? 1f : (float)(-1.0 + 2.0 * index / (resolution - 1));
}
