namespace Mede.ML.Analysis.Theory;

/// <summary>
/// Where a policy's episodes end: the terminal states of an MDP and the (undiscounted) probability that an episode
/// from the start distribution ends in each of them.
/// </summary>
/// <remarks>
/// <para>A <i>terminal state</i> is one in which every action ends the episode (every row P(.|s,a) is all zeros),
/// like the goals of <see cref="MdpGenerators.MultiGoalGridworld"/> with <c>terminalGoals: true</c>. An episode
/// that enters one is over after that state's single step, so entering it and ending there are the same event
/// and P(end at g) = Pr(the episode ever visits g), the absorption probability of g.</para>
/// <para>It is found from the undiscounted expected visit counts n(s) = sum_t Pr(s_t = s), which solve
/// n^T (I - P_pi) = rho^T. For a terminal state, n(g) is its absorption probability. States from which no
/// terminal transition can be reached under pi (a loop the policy never leaves) would make the system singular;
/// they never lead to an end, so they are left out of the system: the solve runs over the states that can still
/// reach a terminal transition, which no other state feeds. The probabilities then sum to less than 1 by the mass
/// that stays in such loops forever.</para>
/// </remarks>
public static class EpisodeEnds
{
    /// <summary>The states in which every action ends the episode (all rows P(.|s,a) zero), in increasing order.</summary>
    public static int[] TerminalStates(TabularMdp mdp)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        var terminal = new List<int>();
        for (int s = 0; s < mdp.StateCount; s++)
        {
            if (IsTerminal(mdp, s))
            {
                terminal.Add(s);
            }
        }
        return [.. terminal];
    }

    /// <summary>Whether every action in <paramref name="state"/> ends the episode (all rows P(.|s,a) are zeros).</summary>
    public static bool IsTerminal(TabularMdp mdp, int state)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ArgumentOutOfRangeException.ThrowIfNegative(state);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(state, mdp.StateCount);
        for (int a = 0; a < mdp.ActionCount; a++)
        {
            foreach (double p in mdp.TransitionRow(state, a))
            {
                if (p != 0)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>
    /// P(end at s): the probability that an episode from the start distribution under <paramref name="policy"/>
    /// (probabilities, indexed [s, a]) ends in terminal state s; 0 for every other state.
    /// </summary>
    public static double[] Probabilities(TabularMdp mdp, double[,] policy)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        TabularMath.ValidatePolicy(mdp, policy, nameof(policy));
        return ProbabilitiesCore(mdp, policy);
    }

    internal static double[] ProbabilitiesCore(TabularMdp mdp, double[,] policy)
    {
        int states = mdp.StateCount;
        var transitions = TabularMath.PolicyTransitions(mdp, policy);
        var canEnd = StatesThatCanEnd(mdp, policy, transitions);
        var index = new int[states];
        int count = 0;
        for (int s = 0; s < states; s++)
        {
            index[s] = canEnd[s] ? count++ : -1;
        }
        var ends = new double[states];
        if (count == 0)
        {
            return ends;
        }
        // Transposed, over the states that can still end: n(s') = rho(s') + sum_s n(s) P_pi(s'|s). A state that
        // cannot end never feeds one that can (else it could end too), so dropping those states loses no inflow.
        var system = new double[count, count];
        var rhs = new double[count];
        for (int s = 0; s < states; s++)
        {
            if (index[s] < 0)
            {
                continue;
            }
            rhs[index[s]] = mdp.Start(s);
            for (int next = 0; next < states; next++)
            {
                if (index[next] >= 0)
                {
                    system[index[next], index[s]] = (s == next ? 1 : 0) - transitions[s, next];
                }
            }
        }
        var visits = TabularMath.Solve(system, rhs);
        for (int s = 0; s < states; s++)
        {
            if (index[s] >= 0 && IsTerminal(mdp, s))
            {
                // Rounding can leave -1e-17 on states the policy never reaches.
                ends[s] = Math.Max(visits[index[s]], 0);
            }
        }
        return ends;
    }

    // States from which a terminal transition (an action with an all-zero row) has positive probability under pi:
    // a backward search from the states where pi takes such an action.
    private static bool[] StatesThatCanEnd(TabularMdp mdp, double[,] policy, double[,] transitions)
    {
        int states = mdp.StateCount;
        var canEnd = new bool[states];
        var frontier = new Stack<int>();
        for (int s = 0; s < states; s++)
        {
            bool endsHere = false;
            for (int a = 0; a < mdp.ActionCount && !endsHere; a++)
            {
                endsHere = policy[s, a] > 0 && RowSum(mdp, s, a) == 0;
            }
            if (endsHere)
            {
                canEnd[s] = true;
                frontier.Push(s);
            }
        }
        while (frontier.Count > 0)
        {
            int target = frontier.Pop();
            for (int s = 0; s < states; s++)
            {
                if (!canEnd[s] && transitions[s, target] > 0)
                {
                    canEnd[s] = true;
                    frontier.Push(s);
                }
            }
        }
        return canEnd;
    }

    private static double RowSum(TabularMdp mdp, int state, int action)
    {
        double sum = 0;
        foreach (double p in mdp.TransitionRow(state, action))
        {
            sum += p;
        }
        return sum;
    }
}
