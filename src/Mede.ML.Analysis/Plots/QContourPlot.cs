using System.Globalization;

namespace Mede.ML.Analysis.Plots;

/// <summary>
/// The paper's Figure 1(e/f): for one state s of the 2-D MultiGoal environment, contours over the action square
/// [-1, 1]^2 of the soft Q function Q_soft(s, a) of a SAC run, of agent z's Q_z(s, a) from a MEDE run, and of their
/// difference S_z = Q_soft - Q_z, side by side. The middle panel's frame takes agent z's <see cref="Palette"/> colour,
/// as its paths have in <see cref="MultiGoalPathsPlot"/>.
/// </summary>
/// <remarks>Each panel has its own levels and colour scale (the two Q functions need not share a range: MEDE's
/// includes the discriminator's reward); the difference uses a diverging scale, white at zero.</remarks>
public static class QContourPlot
{
    /// <summary>Builds the figure from two Q grids.</summary>
    /// <param name="qSoft">Q_soft(s, a) on a grid over [-1, 1]^2, [row = y index, column = x index] (as
    /// <see cref="MedeTransformer.QGrid"/> returns it).</param>
    /// <param name="qAgent">Q_z(s, a) of agent <paramref name="agent"/> on the same grid.</param>
    /// <param name="agent">The agent z, which colours the middle panel's frame.</param>
    /// <param name="state">The state s, written in the title.</param>
    /// <param name="title">The figure's title; the state is appended.</param>
    /// <exception cref="ArgumentException">The grids differ in shape, or one is smaller than 2 x 2 or holds a NaN
    /// or infinite value (the message names its row and column).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="agent"/> is negative.</exception>
    public static ContourPlot Create(float[,] qSoft, float[,] qAgent, int agent, (double X, double Y) state, string title)
    {
        MarchingSquares.CheckGrid(qSoft, nameof(qSoft));
        MarchingSquares.CheckGrid(qAgent, nameof(qAgent));
        ArgumentOutOfRangeException.ThrowIfNegative(agent);
        ArgumentNullException.ThrowIfNull(title);
        int rows = qSoft.GetLength(0), columns = qSoft.GetLength(1);
        if (qAgent.GetLength(0) != rows || qAgent.GetLength(1) != columns)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"qAgent is {qAgent.GetLength(0)} x {qAgent.GetLength(1)} but qSoft is {rows} x {columns}; evaluate both on the same grid."),
                nameof(qAgent));
        }

        // S_z = Q_soft - Q_z, the gap between the single soft optimum and agent z's view of the same actions.
        var difference = new float[rows, columns];
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                difference[row, column] = qSoft[row, column] - qAgent[row, column];
            }
        }

        string z = agent.ToString(CultureInfo.InvariantCulture);
        string stateText = string.Create(CultureInfo.InvariantCulture, $"state (x, y) = ({state.X:0.0##}, {state.Y:0.0##})");
        return new ContourPlot(title.Length == 0 ? stateText : $"{title}, {stateText}")
            .Add(new ContourPanel(qSoft, "Q_soft(s, a), SAC") { XLabel = "action x", YLabel = "action y", CssClass = "q-soft" })
            .Add(new ContourPanel(qAgent, $"Q_z(s, a), MEDE agent z = {z}")
            {
                XLabel = "action x", YLabel = "action y", CssClass = "q-agent", FrameColour = Palette.Colour(agent),
            })
            .Add(new ContourPanel(difference, $"S_z = Q_soft - Q_z, z = {z}") { XLabel = "action x", YLabel = "action y", CssClass = "difference", Diverging = true });
    }

    /// <summary>Builds the figure from two fitted models: a SAC model's Q_soft and agent
    /// <paramref name="agent"/>'s Q_z of a MEDE model, both on a <paramref name="resolution"/>-point grid over the
    /// action square at <paramref name="observation"/> (<see cref="MedeTransformer.QGrid"/>).</summary>
    /// <param name="sac">A single-agent (SAC) model of a 2-D action environment such as MultiGoal.</param>
    /// <param name="mede">A MEDE model of the same environment.</param>
    /// <param name="agent">The MEDE agent z.</param>
    /// <param name="observation">The state s; its first two values are written in the title as (x, y), MultiGoal's
    /// position. A model that observes the time left reads the third value, or 1 (the start of an episode) when there
    /// is none.</param>
    /// <param name="resolution">The number of grid points along each action axis (default 41).</param>
    /// <param name="title">The figure's title, or null for "Q contours"; the state is appended.</param>
    /// <exception cref="ArgumentException"><paramref name="sac"/> has more than one agent, a model reads other than
    /// MultiGoal's observation (the position, with or without the time left), or the observation has fewer than two
    /// values.</exception>
    /// <exception cref="InvalidOperationException">A model's action size is not 2.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="agent"/> is not an agent of
    /// <paramref name="mede"/>, or <paramref name="resolution"/> is less than 2.</exception>
    public static ContourPlot FromModels(MedeTransformer sac, MedeTransformer mede, int agent, float[] observation, int resolution = 41, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(sac);
        ArgumentNullException.ThrowIfNull(mede);
        ArgumentNullException.ThrowIfNull(observation);
        if (sac.NumberOfAgents != 1)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The SAC model has {sac.NumberOfAgents} agents; Q_soft comes from a single-agent model (Algorithm = Sac)."),
                nameof(sac));
        }

        if (observation.Length < 2)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The observation has {observation.Length} value(s); the figure names the state by its first two, the (x, y) position."),
                nameof(observation));
        }

        // One model may observe the time left after the position (MEDE's MultiGoal preset) and the other not (SAC's):
        // each reads the position and, where it has one, the time left of the observation, or all of it at the start.
        float[] For(MedeTransformer model, string name, string parameter)
        {
            if (model.ObservationSize is < 2 or > 3)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The {name} model reads {model.ObservationSize} observation values; the figure needs MultiGoal's (x, y) position, with or without the time left after it."),
                    parameter);
            }

            float[] state = new float[model.ObservationSize];
            observation.AsSpan(0, Math.Min(observation.Length, state.Length)).CopyTo(state);
            if (state.Length == 3 && observation.Length < 3)
            {
                state[2] = 1f;
            }

            return state;
        }

        float[,] qSoft = sac.QGrid(0, For(sac, "SAC", nameof(sac)), resolution);
        float[,] qAgent = mede.QGrid(agent, For(mede, "MEDE", nameof(mede)), resolution);
        return Create(qSoft, qAgent, agent, (observation[0], observation[1]), title ?? "Q contours");
    }
}
