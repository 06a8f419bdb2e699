namespace Mede.ML.Analysis.Theory;

/// <summary>Small MDPs for the exact theory checks: a multi-goal gridworld, random MDPs and action-free MDPs.</summary>
/// <remarks>
/// Every generator is deterministic given its arguments (random ones use <see cref="System.Random"/> with the
/// given seed; nothing here is checkpointed, so a restorable generator is not needed).
/// </remarks>
public static class MdpGenerators
{
    /// <summary>Gridworld actions in order: up, down, left, right.</summary>
    public static IReadOnlyList<string> GridworldActionNames { get; } = ["up", "down", "left", "right"];

    /// <summary>
    /// The discrete analogue of the paper's MultiGoal task: a <paramref name="width"/> x <paramref name="height"/>
    /// grid, start in the centre cell, a rewarding absorbing goal in each corner (or in the cells of
    /// <paramref name="goals"/>).
    /// </summary>
    /// <param name="width">Columns (at least 3).</param>
    /// <param name="height">Rows (at least 3).</param>
    /// <param name="slipProbability">With this probability the chosen move is replaced by a uniformly random one.</param>
    /// <param name="goalReward">Expected reward for a move that enters a goal.</param>
    /// <param name="gamma">Discount factor.</param>
    /// <param name="goals">Goal cells (x, y), or null for the four corners (<see cref="CornerGoals"/>). Distinct,
    /// inside the grid, not the start cell.</param>
    /// <param name="terminalGoals">false: goals are absorbing (the agent stays forever, and its entropy and
    /// discriminator terms keep accruing there). true: a goal ends the episode after one step in it (its rows
    /// P(.|goal, a) are all zeros), like the continuous MultiGoal task, where reaching a goal terminates.</param>
    /// <remarks>
    /// State index = y * width + x (<see cref="GridState"/>), start at (width / 2, height / 2). Moves into a wall leave the agent in place.
    /// Goal cells are absorbing with reward 0: every action stays (or, with <paramref name="terminalGoals"/>, every
    /// action ends the episode). r(s,a) is the expected goal reward of the move
    /// (slip included), so the reward is paid once, on entry.
    /// </remarks>
    public static TabularMdp MultiGoalGridworld(
        int width = 5,
        int height = 5,
        double slipProbability = 0.1,
        double goalReward = 5.0,
        double gamma = 0.9,
        IReadOnlyList<(int X, int Y)>? goals = null,
        bool terminalGoals = false)
    {
        if (width < 3 || height < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"The gridworld needs at least 3 x 3 cells; got {width} x {height}.");
        }
        if (!(slipProbability >= 0 && slipProbability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(slipProbability), $"slipProbability = {slipProbability} must lie in [0, 1].");
        }
        int states = width * height;
        const int Actions = 4;
        int[] dx = [0, 0, -1, 1];
        int[] dy = [-1, 1, 0, 0];
        var goalStates = new HashSet<int>(GoalStates(width, height, goals ?? CornerGoals(width, height)));
        var transitions = new double[states, Actions, states];
        var rewards = new double[states, Actions];
        for (int s = 0; s < states; s++)
        {
            int x = s % width;
            int y = s / width;
            for (int a = 0; a < Actions; a++)
            {
                if (goalStates.Contains(s))
                {
                    transitions[s, a, s] = terminalGoals ? 0.0 : 1.0;
                    continue;
                }
                for (int move = 0; move < Actions; move++)
                {
                    double p = (move == a ? 1 - slipProbability : 0) + (slipProbability / Actions);
                    int nx = Math.Clamp(x + dx[move], 0, width - 1);
                    int ny = Math.Clamp(y + dy[move], 0, height - 1);
                    int next = (ny * width) + nx;
                    transitions[s, a, next] += p;
                    if (goalStates.Contains(next))
                    {
                        rewards[s, a] += p * goalReward;
                    }
                }
            }
        }
        var start = new double[states];
        start[((height / 2) * width) + (width / 2)] = 1.0;
        return new TabularMdp(transitions, rewards, gamma, start);
    }

    /// <summary>The four corner cells (x, y) of a <paramref name="width"/> x <paramref name="height"/> grid: the
    /// default goals of <see cref="MultiGoalGridworld"/>.</summary>
    public static IReadOnlyList<(int X, int Y)> CornerGoals(int width = 5, int height = 5) =>
        [(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)];

    /// <summary>The state index of cell (x, y) in <see cref="MultiGoalGridworld"/>: y * width + x.</summary>
    public static int GridState(int width, int x, int y) => (y * width) + x;

    /// <summary>
    /// The state indices of the goal cells, in the given order, checked: at least one, distinct, inside the
    /// grid and not the start (centre) cell. The error names the offending goal.
    /// </summary>
    public static int[] GoalStates(int width, int height, IReadOnlyList<(int X, int Y)> goals)
    {
        ArgumentNullException.ThrowIfNull(goals);
        if (goals.Count == 0)
        {
            throw new ArgumentException("The gridworld needs at least one goal cell.", nameof(goals));
        }
        var states = new int[goals.Count];
        var seen = new HashSet<int>();
        int start = GridState(width, width / 2, height / 2);
        for (int i = 0; i < goals.Count; i++)
        {
            var (x, y) = goals[i];
            if (x < 0 || x >= width || y < 0 || y >= height)
            {
                throw new ArgumentOutOfRangeException(nameof(goals), $"Goal {i} at ({x}, {y}) lies outside the {width} x {height} grid (x in 0..{width - 1}, y in 0..{height - 1}).");
            }
            states[i] = GridState(width, x, y);
            if (states[i] == start)
            {
                throw new ArgumentException($"Goal {i} at ({x}, {y}) is the start cell.", nameof(goals));
            }
            if (!seen.Add(states[i]))
            {
                throw new ArgumentException($"Goal {i} at ({x}, {y}) is given twice.", nameof(goals));
            }
        }
        return states;
    }

    /// <summary>
    /// A random MDP: each row P(.|s,a) and the start distribution drawn from a flat Dirichlet, rewards uniform
    /// in [0, 1).
    /// </summary>
    public static TabularMdp Random(int seed, int states = 6, int actions = 3, double gamma = 0.9) =>
        Create(seed, states, actions, gamma, actionFree: false);

    /// <summary>
    /// A random MDP whose transitions ignore the action: P(s'|s,a) = P(s'|s). Rewards still depend on the action.
    /// </summary>
    /// <remarks>
    /// Here every agent has the same state visitation, so p(z|s) = 1/K whatever the policies, and any split of the
    /// soft-optimal policy into K full-support agents whose average is pi*_soft is a MEDE fixed point: the
    /// non-trivial interior case in which Theorems 2 and 3 hold exactly.
    /// </remarks>
    public static TabularMdp ActionFree(int seed, int states = 6, int actions = 3, double gamma = 0.9) =>
        Create(seed, states, actions, gamma, actionFree: true);

    private static TabularMdp Create(int seed, int states, int actions, double gamma, bool actionFree)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(states, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actions, 1);
        var random = new System.Random(seed);
        var transitions = new double[states, actions, states];
        var rewards = new double[states, actions];
        for (int s = 0; s < states; s++)
        {
            double[]? shared = actionFree ? Dirichlet(random, states) : null;
            for (int a = 0; a < actions; a++)
            {
                double[] row = shared ?? Dirichlet(random, states);
                for (int next = 0; next < states; next++)
                {
                    transitions[s, a, next] = row[next];
                }
                rewards[s, a] = random.NextDouble();
            }
        }
        return new TabularMdp(transitions, rewards, gamma, Dirichlet(random, states));
    }

    // A flat Dirichlet sample: normalised exponential variates (1 - U avoids log 0).
    private static double[] Dirichlet(System.Random random, int length)
    {
        var x = new double[length];
        double sum = 0;
        for (int i = 0; i < length; i++)
        {
            x[i] = -Math.Log(1 - random.NextDouble());
            sum += x[i];
        }
        for (int i = 0; i < length; i++)
        {
            x[i] /= sum;
        }
        return x;
    }
}
