namespace Mede.ML.Analysis.Theory;

/// <summary>
/// The exact MEDE fixed point for K tabular agents with p(z) uniform: each agent is soft-optimal for its
/// discriminator bonus (Eqs. 6-7), and the discriminator is the exact Bayes posterior of the agents.
/// Optionally (<see cref="Options.StateDiscriminatorWeight"/>, an extension, not in the paper) the bonus also
/// holds w log p(z|s); and optionally (<see cref="Options.OutcomeWeight"/>, also an extension) an agent that enters
/// a terminal goal g is paid u log(K p(z|g)) for where its episode ends.
/// </summary>
/// <remarks>
/// <para>One iteration: from the current policies compute p(z|s) from the agents' discounted visitations and
/// p(z|s,a) by Bayes (<see cref="ExactDiscriminator"/>); then for each agent solve agent z's soft Bellman equation with
/// log-bonus b_z(s,a) = beta log p(z|s,a) + w log p(z|s) (Eq. 6 when w = 0; by soft policy iteration warm-started from the previous V_z, which reaches
/// the soft value iteration fixed point to rounding in a few steps) and take
/// pi_z = exp(Q_z - V_z) p(z|s,a)^beta (Eq. 7). The new log-policy is a damped geometric step,
/// log pi &lt;- (1 - lambda) log pi + lambda log pi_target, renormalised. The iteration stops when no policy
/// probability changes by more than the tolerance.</para>
/// <para><b>Why agents go to the boundary.</b> With the exact posterior,
/// <c>-log pi_z(a|s) + log p(z|s,a) = log p(z|s) - log pi_/z(a|s)</c>
/// (Bayes: p(z|s,a) / pi_z(a|s) = p(z|s) / pi_/z(a|s)). The entropy term and the discriminator term of Eq. 5
/// together reward only the <i>mixture's</i> entropy and the state posterior; the agent's own entropy cancels.
/// Nothing then penalises a single agent for becoming deterministic, and the discriminator rewards it for
/// covering actions the others do not, so from a generic start the agents' action supports separate and their
/// off-support probabilities decay geometrically toward 0 (in log space they drift to -inf at a constant rate:
/// the iteration converges in probability but not in log-probability). At such boundary points Eq. 7's identity
/// (*) of Appendix A holds only on an agent's support, and Theorems 2 and 3 fail by O(1) amounts.</para>
/// <para><b>The state term (extension).</b> With beta = 1 the per-step term of agent z's objective becomes
/// <c>-log pi_z(a|s) + log p(z|s,a) + w log p(z|s) = (1 + w) log p(z|s) - log pi_/z(a|s)</c>: averaged over z it
/// pays I(Z; S, A) + w I(Z; S) (plus the mixture's entropy). Plain MEDE (w = 0) pays I(Z; S, A) = I(Z; S) +
/// I(Z; A | S), so agents sharing states stay discriminable by their actions; w &gt; 0 adds weight on the part that
/// only separation in state space earns. Theorems 2 and 3 are stated for w = 0. The diversity map of
/// <see cref="DiversityStudy"/> (docs/results/diversity/theory) measures what the term does on the gridworld.</para>
/// <para><b>The outcome term (extension).</b> On an MDP whose episodes end (terminal states: every row
/// P(.|g,a) is zero, as the goals of <see cref="MdpGenerators.MultiGoalGridworld"/> with <c>terminalGoals</c>),
/// u &gt; 0 pays agent z, on the move that enters terminal state g and besides the goal reward, u log(K p(z|g)),
/// with p(z|g) = P_z(end at g) / sum_z' P_z'(end at g) the exact posterior of which agent an episode that ended at g
/// belonged to (<see cref="ExactDiscriminator.LogEndPosterior"/>; P_z are the undiscounted end probabilities of
/// <see cref="EpisodeEnds"/>, recomputed every iteration from the current policies as p(z|s) is). Averaged over z
/// and the agents' ends it is u I(Z; S_T), the mutual information between agent and end state: an agent gains
/// u log K for ending where no other agent ends, 0 at an end all K share evenly, and pays at one only others reach
/// (1/K, score 0, at ends no agent reaches). It is the deep trainer's <c>OutcomeScore.Information</c> with the
/// exact posterior in place of counts. Unlike w log p(z|s), which is paid on every step and can be earned on
/// different routes to one goal, it is paid once and only for separation at the episode's end. Theorems 2 and 3
/// (and <see cref="TheoremChecks"/>) are stated without it. Measured on the gridworld (terminal goals, goal reward 20,
/// K = G, 20 random starts): the 3-goal layout is covered in 0.95 of starts at u = 64 (0.70 at u = 0, and at every w),
/// two goals at unequal distances with goal reward 50 in 20 of 20 from u = 4 (0 of 20 at u = 0), but the four corners
/// keep a shared goal in 2 to 4 of 20 starts at every u; with K below the goal count agents spread their ends over
/// several private goals instead of taking one each (docs/results/diversity/theory, outcome.csv).</para>
/// <para>Measured (random starts, K = 2, 20 random 6-state 3-action MDPs, gamma 0.9): every agent drops actions
/// (log pi below -100), 74% of the (s, a) pairs end on exactly one agent's support and 24% of agent-states are
/// deterministic, while the mixture keeps every action; supports are fully disjoint at only 28 of the 120 states.
/// Theorem 2's residual is 0.5 to 2.3 there. On the 5 x 5 gridworld with K = 4 each agent takes its own goal in 20 of 20 random
/// starts (18 of 20 when goals end the episode, goal reward 20); on layouts with 2 or 3 goals, or K below the goal
/// count, 55-90% of starts cover every goal (docs/results/diversity/theory).</para>
/// <para>A tempered discriminator, beta &lt; 1 (the deep trainer's <c>DiscriminatorWeight</c>), leaves
/// (1 - beta) of the agent's own entropy in the objective: the fixed point solves
/// pi_z^(1 - beta) proportional to exp(Q_z) (p(z|s) / pi_/z)^beta, so it is interior in exact arithmetic, but
/// its smallest probabilities scale like exp(-Delta / (1 - beta)) and still underflow when beta is near 1 or
/// when log p(z|s) is very negative (states an agent rarely visits). Theorems 2 and 3 are stated for beta = 1;
/// at the symmetric fixed point their residual is exactly (1 - beta) gamma log K / (1 - gamma). On random MDPs
/// strong tempering (beta &lt;= 0.75 measured) sends every random start to the symmetric point: K copies of
/// pi*_soft, no diversity. The symmetric start stays symmetric (all agents equal pi*_soft, an interior fixed point), and on
/// MDPs whose transitions ignore the action every full-support split of pi*_soft is a fixed point
/// (<see cref="MdpGenerators.ActionFree"/>).</para>
/// </remarks>
public sealed class MedeFixedPoint
{
    private readonly Options _options;

    /// <summary>Settings for <see cref="MedeFixedPoint"/>.</summary>
    public sealed class Options
    {
        /// <summary>Number of agents K (latent skills z), p(z) = 1/K.</summary>
        public int NumberOfAgents { get; set; } = 2;

        /// <summary>Initial policies.</summary>
        public MedeFixedPointStart Start { get; set; } = MedeFixedPointStart.Symmetric;

        /// <summary>Seed for the <see cref="MedeFixedPointStart.Random"/> and <see cref="MedeFixedPointStart.Split"/> starts.</summary>
        public int Seed { get; set; }

        /// <summary>beta: weight on log p(z|s,a) in the agents' objective (1 in the paper's Eq. 5).</summary>
        public double DiscriminatorWeight { get; set; } = 1.0;

        /// <summary>
        /// w &gt;= 0: weight on log p(z|s) added to the bonus, b_z(s,a) = beta log p(z|s,a) + w log p(z|s).
        /// An extension, not in the paper; 0 (the default) is the paper's MEDE. Same name and meaning as the deep
        /// trainer's <c>StateDiscriminatorWeight</c>.
        /// </summary>
        public double StateDiscriminatorWeight { get; set; }

        /// <summary>
        /// u &gt;= 0: weight of the outcome term, u log(K p(z|g)) paid on entering terminal state g, with p(z|g) the
        /// exact posterior that an episode ending at g is agent z's. An extension, not in the paper; 0 (the default)
        /// leaves it out. Needs an MDP with terminal states (<see cref="EpisodeEnds.TerminalStates"/>);
        /// <see cref="Solve"/> refuses others. The deep trainer's <c>OutcomeWeight</c> with
        /// <c>OutcomeScore.Information</c>.
        /// </summary>
        public double OutcomeWeight { get; set; }

        /// <summary>lambda in (0, 1]: fraction of the step toward the Eq. 7 policy taken in log space.</summary>
        public double Damping { get; set; } = 0.5;

        /// <summary>Stop when the largest change of any pi_z(a|s) in one iteration is at most this.</summary>
        public double Tolerance { get; set; } = 1e-12;

        /// <summary>Limit on outer iterations.</summary>
        public int MaximumIterations { get; set; } = 20_000;

        /// <summary>For <see cref="MedeFixedPointStart.Split"/>: how far agents move from pi*_soft, in (0, 1)
        /// (1 would let some probability reach 0).</summary>
        public double SplitStrength { get; set; } = 0.9;

        /// <summary>For <see cref="MedeFixedPointStart.Given"/>: log pi_z(a|s), indexed [z, s, a].</summary>
        public double[,,]? InitialLogPolicies { get; set; }
    }

    /// <summary>Creates a solver with the given options.</summary>
    public MedeFixedPoint(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.NumberOfAgents, 1, nameof(options.NumberOfAgents));
        if (!(options.Damping > 0 && options.Damping <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Damping = {options.Damping} must lie in (0, 1].");
        }
        if (!(options.DiscriminatorWeight >= 0) || !double.IsFinite(options.DiscriminatorWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"DiscriminatorWeight = {options.DiscriminatorWeight} must be finite and >= 0.");
        }
        if (!(options.StateDiscriminatorWeight >= 0) || !double.IsFinite(options.StateDiscriminatorWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"StateDiscriminatorWeight = {options.StateDiscriminatorWeight} must be finite and >= 0.");
        }
        if (!(options.OutcomeWeight >= 0) || !double.IsFinite(options.OutcomeWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"OutcomeWeight = {options.OutcomeWeight} must be finite and >= 0.");
        }
        if (!(options.SplitStrength > 0 && options.SplitStrength < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"SplitStrength = {options.SplitStrength} must lie in (0, 1).");
        }
        _options = options;
    }

    /// <summary>Runs the damped fixed-point iteration on <paramref name="mdp"/>.</summary>
    /// <exception cref="ArgumentException"><see cref="Options.OutcomeWeight"/> is set but no state of
    /// <paramref name="mdp"/> is terminal.</exception>
    public MedeFixedPointResult Solve(TabularMdp mdp)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        double u = _options.OutcomeWeight;
        int[] terminalStates = u != 0 ? EpisodeEnds.TerminalStates(mdp) : [];
        if (u != 0 && terminalStates.Length == 0)
        {
            throw new ArgumentException(
                $"OutcomeWeight = {u} pays for where an episode ends, but no state of this MDP ends the episode (a terminal state has every row P(.|s,a) all zeros). " +
                "Use goals that end the episode (MdpGenerators.MultiGoalGridworld with terminalGoals: true) or set OutcomeWeight to 0.",
                nameof(mdp));
        }
        int agents = _options.NumberOfAgents;
        int states = mdp.StateCount;
        int actions = mdp.ActionCount;
        double beta = _options.DiscriminatorWeight;
        double w = _options.StateDiscriminatorWeight;
        double lambda = _options.Damping;
        double logAgents = Math.Log(agents);
        var logPolicies = InitialLogPolicies(mdp);
        var values = new double[agents][];
        var next = new double[agents, states, actions];
        var row = new double[actions];
        var bonus = new double[states, actions];
        double change = double.PositiveInfinity;
        int iteration = 0;
        while (iteration < _options.MaximumIterations && !(change <= _options.Tolerance))
        {
            var logStatePosterior = ExactDiscriminator.LogStatePosterior(mdp, logPolicies);
            var logActionPosterior = ExactDiscriminator.LogActionPosterior(logPolicies, logStatePosterior);
            // Skipped at u = 0 so that runs without the outcome term stay bit-identical.
            var logEndPosterior = u != 0 ? ExactDiscriminator.LogEndPosterior(mdp, logPolicies) : null;
            change = 0;
            for (int z = 0; z < agents; z++)
            {
                for (int s = 0; s < states; s++)
                {
                    for (int a = 0; a < actions; a++)
                    {
                        bonus[s, a] = beta * logActionPosterior[z, s, a];
                        if (w != 0)
                        {
                            // The extension's state term; skipped at w = 0 so plain MEDE stays bit-identical.
                            bonus[s, a] += w * logStatePosterior[z, s];
                        }
                        if (logEndPosterior is not null)
                        {
                            // The outcome term, u log(K p(z|g)) on entering terminal state g, expected over where the
                            // move lands. It is a reward; adding it to b is the same, as b enters the backup as r does.
                            double score = 0;
                            var p = mdp.TransitionRow(s, a);
                            foreach (int g in terminalStates)
                            {
                                score += p[g] * (logEndPosterior[z, g] + logAgents);
                            }
                            bonus[s, a] += u * score;
                        }
                    }
                }
                // Eq. 6: the discriminator term sits inside the soft value, like a prior.
                var soft = SoftValueIteration.SolveByPolicyIteration(mdp, bonus, values[z]);
                values[z] = soft.V;
                // Eq. 7: pi_z = exp(Q_z - V_z) p(z|s,a)^beta (times p(z|s)^w, constant across actions).
                var target = soft.LogBoltzmannPolicy(bonus);
                for (int s = 0; s < states; s++)
                {
                    for (int a = 0; a < actions; a++)
                    {
                        row[a] = ((1 - lambda) * logPolicies[z, s, a]) + (lambda * target[s, a]);
                    }
                    double normaliser = TabularMath.LogSumExp(row);
                    for (int a = 0; a < actions; a++)
                    {
                        next[z, s, a] = row[a] - normaliser;
                        change = Math.Max(change, Math.Abs(Math.Exp(next[z, s, a]) - Math.Exp(logPolicies[z, s, a])));
                    }
                }
            }
            (logPolicies, next) = (next, logPolicies);
            iteration++;
        }
        return new MedeFixedPointResult(logPolicies, beta, iteration, change <= _options.Tolerance, change)
        {
            StateDiscriminatorWeight = w,
            OutcomeWeight = u,
            AgentValues = ToMatrix(values, states),
        };
    }

    /// <summary>
    /// A random split of pi*_soft into K full-support policies that average to pi*_soft state by state:
    /// pi_z = pi*_soft (1 + c_z), with c_z zero-mean under pi*_soft, sum_z c_z = 0 and max |c_z| = strength.
    /// </summary>
    /// <returns>log pi_z(a|s), indexed [z, s, a].</returns>
    public static double[,,] SplitSoftOptimal(TabularMdp mdp, int agents, double strength, int seed)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        int states = mdp.StateCount;
        int actions = mdp.ActionCount;
        var logSoft = SoftValueIteration.Solve(mdp).LogBoltzmannPolicy();
        var random = new System.Random(seed);
        var c = new double[agents, actions];
        var result = new double[agents, states, actions];
        for (int s = 0; s < states; s++)
        {
            for (int z = 0; z < agents; z++)
            {
                double mean = 0;
                for (int a = 0; a < actions; a++)
                {
                    c[z, a] = (2 * random.NextDouble()) - 1;
                    mean += Math.Exp(logSoft[s, a]) * c[z, a];
                }
                for (int a = 0; a < actions; a++)
                {
                    c[z, a] -= mean;
                }
            }
            double largest = 0;
            for (int a = 0; a < actions; a++)
            {
                double average = 0;
                for (int z = 0; z < agents; z++)
                {
                    average += c[z, a] / agents;
                }
                for (int z = 0; z < agents; z++)
                {
                    c[z, a] -= average;
                    largest = Math.Max(largest, Math.Abs(c[z, a]));
                }
            }
            double scale = largest > 0 ? strength / largest : 0;
            for (int z = 0; z < agents; z++)
            {
                for (int a = 0; a < actions; a++)
                {
                    result[z, s, a] = logSoft[s, a] + Math.Log(1 + (scale * c[z, a]));
                }
            }
        }
        return result;
    }

    private static double[,] ToMatrix(double[][] values, int states)
    {
        var matrix = new double[values.Length, states];
        for (int z = 0; z < values.Length; z++)
        {
            for (int s = 0; s < states; s++)
            {
                matrix[z, s] = values[z]?[s] ?? double.NaN;
            }
        }
        return matrix;
    }

    private double[,,] InitialLogPolicies(TabularMdp mdp)
    {
        int agents = _options.NumberOfAgents;
        int states = mdp.StateCount;
        int actions = mdp.ActionCount;
        switch (_options.Start)
        {
            case MedeFixedPointStart.Symmetric:
            {
                var uniform = new double[agents, states, actions];
                double logUniform = -Math.Log(actions);
                for (int z = 0; z < agents; z++)
                {
                    for (int s = 0; s < states; s++)
                    {
                        for (int a = 0; a < actions; a++)
                        {
                            uniform[z, s, a] = logUniform;
                        }
                    }
                }
                return uniform;
            }
            case MedeFixedPointStart.Random:
            {
                var random = new System.Random(_options.Seed);
                var logits = new double[agents, states, actions];
                var row = new double[actions];
                for (int z = 0; z < agents; z++)
                {
                    for (int s = 0; s < states; s++)
                    {
                        for (int a = 0; a < actions; a++)
                        {
                            // Standard normal logits (Box-Muller).
                            row[a] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                        }
                        double normaliser = TabularMath.LogSumExp(row);
                        for (int a = 0; a < actions; a++)
                        {
                            logits[z, s, a] = row[a] - normaliser;
                        }
                    }
                }
                return logits;
            }
            case MedeFixedPointStart.Split:
                return SplitSoftOptimal(mdp, agents, _options.SplitStrength, _options.Seed);
            case MedeFixedPointStart.Given:
            {
                var given = _options.InitialLogPolicies
                    ?? throw new InvalidOperationException("Start = Given needs Options.InitialLogPolicies (log pi_z(a|s), indexed [z, s, a]).");
                ExactDiscriminator.ValidateShape(mdp, given);
                if (given.GetLength(0) != agents)
                {
                    throw new InvalidOperationException($"InitialLogPolicies holds {given.GetLength(0)} agents; NumberOfAgents is {agents}.");
                }
                return (double[,,])given.Clone();
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(_options), $"Unknown start {_options.Start}.");
        }
    }
}
