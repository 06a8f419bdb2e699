namespace Mede.ML.Analysis.Theory;

/// <summary>
/// When do MEDE's exact agents split up? Solves the exact fixed point (<see cref="MedeFixedPoint"/>) on a
/// multi-goal gridworld from many random starts and measures, per start, which goals the agents take, how much
/// their state visitations overlap, how random their policies are and what their diversity costs in return.
/// </summary>
/// <remarks>
/// <para><b>Goal taking.</b> With d_z the normalised discounted state visitation of agent z
/// (<see cref="StateVisitation"/>), agent z takes goal g when d_z(g) is more than
/// <see cref="Options.GoalShare"/> (default one half) of its visitation mass on all goals together, and its
/// discounted probability of reaching g, E[gamma^T_g], is at least <see cref="Options.MinimumGoalMass"/> (default
/// 0.05) (<see cref="TakenGoal"/>). For an absorbing goal E[gamma^T_g] = d_z(g); for a goal that ends the episode
/// (visited once) it is d_z(g) / (1 - gamma). With a share of at least one
/// half the goal is unique and the largest. An agent that spreads over several goals (pi*_soft does) takes none.
/// A start covers every goal when the agents take min(K, G) distinct goals.</para>
/// <para><b>Overlap.</b> The Bhattacharyya coefficient sum_s sqrt(d_i(s) d_j(s)) of two agents' visitations
/// (1 for identical, 0 for disjoint), averaged over the K(K - 1)/2 pairs (<see cref="Overlap"/>).</para>
/// <para><b>End information.</b> With goals that end the episode, I(Z; S_T) = (1/K) sum_z sum_g P_z(g)
/// log(P_z(g) / P(g)), P(g) = (1/K) sum_z P_z(g), from the agents' exact end probabilities P_z(g)
/// (<see cref="EpisodeEnds"/>): log K when no two agents end at the same goal, whether each keeps to one goal or spreads
/// over several of its own; the quantity the outcome term (<see cref="Options.OutcomeWeight"/>) pays for.</para>
/// <para><b>Entropy.</b> Agent z's policy entropy averaged under its own visitation, sum_s d_z(s) H(pi_z(.|s))
/// in nats (log 4 = 1.386 for a uniform gridworld policy).</para>
/// <para><b>Cost.</b> Agent z's soft return V^{pi_z}_soft(rho) (reward plus policy entropy, counting measure,
/// <see cref="SoftPolicyEvaluation"/>) and its reward-only return, each divided by that of pi*_soft; and its
/// reward-only return divided by the optimal (hard, entropy-free) return max_pi E[sum_t gamma^t r], which is 1
/// only for an agent that heads straight for the nearest goal.</para>
/// </remarks>
public static class DiversityStudy
{
    /// <summary>Settings of one cell of the study: a layout, K, beta, w, u and the random starts.</summary>
    public sealed class Options
    {
        /// <summary>Grid columns.</summary>
        public int Width { get; set; } = 5;

        /// <summary>Grid rows.</summary>
        public int Height { get; set; } = 5;

        /// <summary>Goal cells (x, y); the default is the four corners.</summary>
        public IReadOnlyList<(int X, int Y)> Goals { get; set; } = MdpGenerators.CornerGoals();

        /// <summary>Slip probability of the gridworld.</summary>
        public double SlipProbability { get; set; } = 0.1;

        /// <summary>Reward for entering a goal.</summary>
        public double GoalReward { get; set; } = 5.0;

        /// <summary>Discount factor.</summary>
        public double Gamma { get; set; } = 0.9;

        /// <summary>Whether a goal ends the episode (true) or absorbs the agent forever (false, the default).</summary>
        public bool TerminalGoals { get; set; }

        /// <summary>Number of agents K.</summary>
        public int Agents { get; set; } = 4;

        /// <summary>beta, the weight on log p(z|s,a) (1 in the paper).</summary>
        public double DiscriminatorWeight { get; set; } = 1.0;

        /// <summary>w, the weight on log p(z|s) (an extension; 0 is the paper's MEDE).</summary>
        public double StateDiscriminatorWeight { get; set; }

        /// <summary>u, the weight of the outcome term u log(K p(z|g)) paid on entering goal g (an extension; 0, the
        /// default, leaves it out). Needs <see cref="TerminalGoals"/>; see
        /// <see cref="MedeFixedPoint.Options.OutcomeWeight"/>.</summary>
        public double OutcomeWeight { get; set; }

        /// <summary>Number of random starts; start i uses seed <see cref="FirstSeed"/> + i.</summary>
        public int Starts { get; set; } = 10;

        /// <summary>Seed of the first random start.</summary>
        public int FirstSeed { get; set; }

        /// <summary>Fixed-point tolerance on policy probabilities (goals are settled long before 1e-12).</summary>
        public double Tolerance { get; set; } = 1e-9;

        /// <summary>Limit on fixed-point iterations per start.</summary>
        public int MaximumIterations { get; set; } = 20_000;

        /// <summary>Share of an agent's goal visitation one goal needs to count as taken, in [0.5, 1).</summary>
        public double GoalShare { get; set; } = 0.5;

        /// <summary>Discounted probability of reaching it, E[gamma^T_g], that a taken goal needs at least.</summary>
        public double MinimumGoalMass { get; set; } = 0.05;
    }

    /// <summary>Runs every start of one study cell.</summary>
    /// <exception cref="ArgumentException"><see cref="Options.OutcomeWeight"/> is set without
    /// <see cref="Options.TerminalGoals"/>.</exception>
    public static DiversityStudyResult Run(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.OutcomeWeight != 0 && !options.TerminalGoals)
        {
            throw new ArgumentException(
                $"OutcomeWeight = {options.OutcomeWeight} pays for the goal at which an episode ends, and absorbing goals never end it; " +
                "set TerminalGoals = true or OutcomeWeight = 0.",
                nameof(options));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Starts, 1, nameof(options.Starts));
        ValidateGoalRule(options.GoalShare, options.MinimumGoalMass);
        var mdp = MdpGenerators.MultiGoalGridworld(
            options.Width, options.Height, options.SlipProbability, options.GoalReward, options.Gamma, options.Goals, options.TerminalGoals);
        var goalStates = MdpGenerators.GoalStates(options.Width, options.Height, options.Goals);
        var reference = Reference(mdp);
        var starts = new List<DiversityStartResult>(options.Starts);
        for (int i = 0; i < options.Starts; i++)
        {
            int seed = options.FirstSeed + i;
            var result = new MedeFixedPoint(new MedeFixedPoint.Options
            {
                NumberOfAgents = options.Agents,
                Start = MedeFixedPointStart.Random,
                Seed = seed,
                DiscriminatorWeight = options.DiscriminatorWeight,
                StateDiscriminatorWeight = options.StateDiscriminatorWeight,
                OutcomeWeight = options.OutcomeWeight,
                Tolerance = options.Tolerance,
                MaximumIterations = options.MaximumIterations,
            }).Solve(mdp);
            starts.Add(Measure(mdp, goalStates, result, seed, options.GoalShare, options.MinimumGoalMass, reference));
        }
        return new DiversityStudyResult(options.Agents, goalStates.Length, options.DiscriminatorWeight, options.StateDiscriminatorWeight, starts)
        {
            OutcomeWeight = options.OutcomeWeight,
        };
    }

    /// <summary>Measures one solved start: goals taken, overlap, entropy and the return ratios to pi*_soft.</summary>
    /// <param name="mdp">The gridworld.</param>
    /// <param name="goalStates">State indices of the goals, in layout order.</param>
    /// <param name="result">The fixed-point solver's result.</param>
    /// <param name="seed">The start's seed (recorded only).</param>
    /// <param name="goalShare">See <see cref="Options.GoalShare"/>.</param>
    /// <param name="minimumGoalMass">See <see cref="Options.MinimumGoalMass"/>.</param>
    public static DiversityStartResult Measure(
        TabularMdp mdp,
        IReadOnlyList<int> goalStates,
        MedeFixedPointResult result,
        int seed = 0,
        double goalShare = 0.5,
        double minimumGoalMass = 0.05) =>
        Measure(mdp, goalStates, result, seed, goalShare, minimumGoalMass, Reference(mdp));

    private static DiversityStartResult Measure(
        TabularMdp mdp,
        IReadOnlyList<int> goalStates,
        MedeFixedPointResult result,
        int seed,
        double goalShare,
        double minimumGoalMass,
        (double SoftReturn, double Return, double OptimalReturn) reference)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ArgumentNullException.ThrowIfNull(goalStates);
        ArgumentNullException.ThrowIfNull(result);
        ValidateGoalRule(goalShare, minimumGoalMass);
        int agents = result.AgentCount;
        // A goal whose rows are all zeros ends the episode: it is visited once, d(g) = (1 - gamma) E[gamma^T_g].
        bool terminal = IsTerminal(mdp, goalStates[0]);
        double reachScale = terminal ? 1 / (1 - mdp.Gamma) : 1.0;
        var visitations = new double[agents][];
        var goals = new int[agents];
        var entropies = new double[agents];
        var softReturnRatios = new double[agents];
        var returnRatios = new double[agents];
        var optimalRatios = new double[agents];
        var ends = new double[agents][];
        for (int z = 0; z < agents; z++)
        {
            var policy = result.Policy(z);
            visitations[z] = StateVisitation.Discounted(mdp, policy);
            goals[z] = TakenGoal(visitations[z], goalStates, goalShare, minimumGoalMass, reachScale);
            entropies[z] = VisitedEntropy(result.LogPolicies, z, visitations[z]);
            softReturnRatios[z] = StartValue(mdp, SoftPolicyEvaluation.Evaluate(mdp, policy).V) / reference.SoftReturn;
            double rewardReturn = RewardReturn(mdp, policy, visitations[z]);
            returnRatios[z] = rewardReturn / reference.Return;
            optimalRatios[z] = rewardReturn / reference.OptimalReturn;
            if (terminal)
            {
                ends[z] = EpisodeEnds.Probabilities(mdp, policy);
            }
        }
        int distinct = goals.Where(g => g >= 0).Distinct().Count();
        return new DiversityStartResult(
            seed, result.Iterations, result.Converged, goals, distinct, MeanPairwiseOverlap(visitations), entropies, softReturnRatios, returnRatios)
        {
            OptimalReturnRatios = optimalRatios,
            EndInformation = terminal ? EndInformation(ends, goalStates) : double.NaN,
        };
    }

    // I(Z; S_T) = (1/K) sum_z sum_g P_z(g) log(P_z(g) / P(g)) with P(g) the agents' mean; 0 log 0 = 0.
    private static double EndInformation(double[][] ends, IReadOnlyList<int> goalStates)
    {
        int agents = ends.Length;
        double information = 0;
        foreach (int g in goalStates)
        {
            double mean = 0;
            for (int z = 0; z < agents; z++)
            {
                mean += ends[z][g] / agents;
            }
            for (int z = 0; z < agents; z++)
            {
                if (ends[z][g] > 0)
                {
                    information += ends[z][g] / agents * Math.Log(ends[z][g] / mean);
                }
            }
        }
        return information;
    }

    /// <summary>
    /// The goal agent z takes (index into <paramref name="goalStates"/>), or -1: the goal whose visitation is more
    /// than <paramref name="goalShare"/> of the visitation on all goals and whose discounted probability of being
    /// reached, <paramref name="reachScale"/> d_z(g), is at least <paramref name="minimumGoalMass"/>.
    /// </summary>
    /// <param name="visitation">d_z(s), normalised discounted visitation.</param>
    /// <param name="goalStates">State indices of the goals.</param>
    /// <param name="goalShare">In [0.5, 1): with at least one half, the taken goal is unique and the largest.</param>
    /// <param name="minimumGoalMass">Floor on the discounted probability of reaching the goal, in [0, 1].</param>
    /// <param name="reachScale">E[gamma^T_g] / d_z(g): 1 for absorbing goals, 1 / (1 - gamma) for goals that end the episode.</param>
    public static int TakenGoal(
        ReadOnlySpan<double> visitation, IReadOnlyList<int> goalStates, double goalShare = 0.5, double minimumGoalMass = 0.05, double reachScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(goalStates);
        ValidateGoalRule(goalShare, minimumGoalMass);
        double total = 0;
        int best = -1;
        for (int g = 0; g < goalStates.Count; g++)
        {
            int state = goalStates[g];
            if (state < 0 || state >= visitation.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(goalStates), $"Goal {g} is state {state}; the visitation has {visitation.Length} states.");
            }
            double mass = visitation[state];
            total += mass;
            if (best < 0 || mass > visitation[goalStates[best]])
            {
                best = g;
            }
        }
        if (best < 0)
        {
            return -1;
        }
        double top = visitation[goalStates[best]];
        return top > goalShare * total && reachScale * top >= minimumGoalMass && top > 0 ? best : -1;
    }

    /// <summary>
    /// The Bhattacharyya coefficient sum_s sqrt(p(s) q(s)) of two visitations, each normalised to sum 1 first:
    /// 1 when they are equal, 0 when their supports are disjoint.
    /// </summary>
    public static double Overlap(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length)
        {
            throw new ArgumentException($"The visitations have {p.Length} and {q.Length} states; they must match.", nameof(q));
        }
        double sumP = Sum(p, nameof(p));
        double sumQ = Sum(q, nameof(q));
        double overlap = 0;
        for (int s = 0; s < p.Length; s++)
        {
            overlap += Math.Sqrt(p[s] / sumP * (q[s] / sumQ));
        }
        return Math.Min(overlap, 1.0);
    }

    /// <summary>The mean <see cref="Overlap"/> over all pairs of agents (1 for a single agent).</summary>
    public static double MeanPairwiseOverlap(IReadOnlyList<double[]> visitations)
    {
        ArgumentNullException.ThrowIfNull(visitations);
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < visitations.Count; i++)
        {
            for (int j = i + 1; j < visitations.Count; j++)
            {
                sum += Overlap(visitations[i], visitations[j]);
                pairs++;
            }
        }
        return pairs == 0 ? 1.0 : sum / pairs;
    }

    /// <summary>sum_s d(s) H(pi_z(.|s)) in nats, with 0 log 0 = 0 for underflowed actions.</summary>
    public static double VisitedEntropy(double[,,] logPolicies, int agent, ReadOnlySpan<double> visitation)
    {
        ArgumentNullException.ThrowIfNull(logPolicies);
        int states = logPolicies.GetLength(1);
        int actions = logPolicies.GetLength(2);
        if (visitation.Length != states)
        {
            throw new ArgumentException($"The visitation has {visitation.Length} states; the policies have {states}.", nameof(visitation));
        }
        double entropy = 0;
        for (int s = 0; s < states; s++)
        {
            double h = 0;
            for (int a = 0; a < actions; a++)
            {
                double p = Math.Exp(logPolicies[agent, s, a]);
                if (p > 0)
                {
                    h -= p * logPolicies[agent, s, a];
                }
            }
            entropy += visitation[s] * h;
        }
        return entropy;
    }

    private static bool IsTerminal(TabularMdp mdp, int state)
    {
        double sum = 0;
        for (int next = 0; next < mdp.StateCount; next++)
        {
            sum += mdp.Transition(state, 0, next);
        }
        return sum == 0;
    }

    // pi*_soft's soft return and reward-only return, and the optimal reward-only return, from the start distribution.
    private static (double SoftReturn, double Return, double OptimalReturn) Reference(TabularMdp mdp)
    {
        var soft = SoftValueIteration.Solve(mdp);
        var policy = Exp(soft.LogBoltzmannPolicy());
        return (StartValue(mdp, soft.V), RewardReturn(mdp, policy, StateVisitation.Discounted(mdp, policy)), StartValue(mdp, OptimalValues(mdp)));
    }

    /// <summary>V*(s) = max_a [r(s,a) + gamma sum_s' P(s'|s,a) V*(s')], the entropy-free optimum, by value iteration.</summary>
    public static double[] OptimalValues(TabularMdp mdp)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        var v = new double[mdp.StateCount];
        var next = new double[mdp.StateCount];
        var q = new double[mdp.StateCount, mdp.ActionCount];
        var reward = mdp.RewardMatrix();
        for (int sweep = 0; sweep < 100_000; sweep++)
        {
            SoftValueIteration.Backup(mdp, reward, v, q);
            double change = 0, scale = 0;
            for (int s = 0; s < mdp.StateCount; s++)
            {
                double best = double.NegativeInfinity;
                for (int a = 0; a < mdp.ActionCount; a++)
                {
                    best = Math.Max(best, q[s, a]);
                }
                next[s] = best;
                change = Math.Max(change, Math.Abs(best - v[s]));
                scale = Math.Max(scale, Math.Abs(best));
            }
            (v, next) = (next, v);
            if (change <= 1e-15 * (1 + scale))
            {
                break;
            }
        }
        return v;
    }

    private static double StartValue(TabularMdp mdp, double[] v)
    {
        double value = 0;
        for (int s = 0; s < mdp.StateCount; s++)
        {
            value += mdp.Start(s) * v[s];
        }
        return value;
    }

    // E[sum_t gamma^t r] = sum_s d(s) r_pi(s) / (1 - gamma) for the normalised discounted visitation d.
    private static double RewardReturn(TabularMdp mdp, double[,] policy, double[] visitation)
    {
        double value = 0;
        for (int s = 0; s < mdp.StateCount; s++)
        {
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                value += visitation[s] * policy[s, a] * mdp.Reward(s, a);
            }
        }
        return value / (1 - mdp.Gamma);
    }

    private static double[,] Exp(double[,] logPolicy)
    {
        var p = new double[logPolicy.GetLength(0), logPolicy.GetLength(1)];
        for (int s = 0; s < p.GetLength(0); s++)
        {
            for (int a = 0; a < p.GetLength(1); a++)
            {
                p[s, a] = Math.Exp(logPolicy[s, a]);
            }
        }
        return p;
    }

    private static double Sum(ReadOnlySpan<double> values, string name)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (!(values[i] >= 0) || !double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; a visitation must be finite and >= 0.", name);
            }
            sum += values[i];
        }
        if (!(sum > 0))
        {
            throw new ArgumentException($"{name} sums to 0; a visitation needs positive mass.", name);
        }
        return sum;
    }

    private static void ValidateGoalRule(double goalShare, double minimumGoalMass)
    {
        if (!(goalShare >= 0.5 && goalShare < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(goalShare), $"GoalShare = {goalShare} must lie in [0.5, 1) so that a taken goal is unique.");
        }
        if (!(minimumGoalMass >= 0 && minimumGoalMass <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumGoalMass), $"MinimumGoalMass = {minimumGoalMass} must lie in [0, 1].");
        }
    }
}
