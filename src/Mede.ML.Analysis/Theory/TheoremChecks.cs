namespace Mede.ML.Analysis.Theory;

/// <summary>
/// The paper's three theorems and the identity behind their proofs, as numerical residuals on a tabular MDP.
/// </summary>
/// <remarks>
/// <para><b>Theorem 1.</b> For any policies and any p(z|s), with p(z|s,a) from Bayes, the symmetric KL between
/// two agents equals E_{a~pi_i}[log p(z_i|s,a)/p(z_j|s,a)] + E_{a~pi_j}[log p(z_j|s,a)/p(z_i|s,a)]: the
/// log p(z|s) terms cancel. It holds for arbitrary policies, not only at a fixed point.</para>
/// <para><b>(*)</b> (Appendix A). Bayes gives pi_z(a|s)/p(z|s,a) = pi_/z(a|s)/p(z|s); substituted into Eq. 7,
/// pi_/z(a|s) = exp(Q*_z(s,a) - V*_z(s)) p(z|s). It holds wherever pi_z(a|s) &gt; 0 at an exact fixed point of
/// Eq. 7 with beta = 1; at boundary fixed points it fails for actions off agent z's support.</para>
/// <para><b>Theorem 2.</b> Q*_soft = Q*_z + S*_z with S*_z the fixed point of Eq. 9,
/// S(s,a) = gamma E_{s'}[-log p(z|s') + log E_{a'~pi_/z}[exp S(s',a')]]. <b>Theorem 3.</b> Q_/z = Q*_z + M*_z
/// with M*_z the fixed point of Eq. 11, M(s,a) = gamma E_{s'}[-log p(z|s') + E_{a'~pi_/z}[M(s',a')]], where Q_/z
/// is the soft Q of the mixture pi_/z under the counting-measure entropy (<see cref="SoftPolicyEvaluation"/>).
/// Both use the gamma-including recursions of the main text and the proof bodies; the restatements at the
/// ends of the proofs in Appendix A.2 and A.3 drop gamma, which is a typo (the induction step produces it).</para>
/// <para><b>Jensen.</b> log E[exp S] &gt;= E[S], so S*_z - M*_z &gt;= 0 everywhere; its size relative to
/// |Q*_soft| measures how far Q_/z is from Q*_soft.</para>
/// <para><b>Entropy cancellation.</b> -log pi_z(a|s) + log p(z|s,a) = log p(z|s) - log pi_/z(a|s): with an
/// exact discriminator an agent's own entropy leaves its objective (see <see cref="MedeFixedPoint"/>).</para>
/// </remarks>
public static class TheoremChecks
{
    /// <summary>Default threshold on pi_z(a|s) for an action to count as on agent z's support.</summary>
    public const double DefaultSupportThreshold = 1e-6;

    /// <summary>A state counts as visited by agent z when its discounted visitation d_z(s) is at least this.</summary>
    public const double VisitedStateThreshold = 1e-3;

    /// <summary>All checks at a fixed-point solver's result, with the Bayes-consistent discriminator.</summary>
    public static TheoryReport Evaluate(TabularMdp mdp, MedeFixedPointResult result, double supportThreshold = DefaultSupportThreshold)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Evaluate(mdp, result.LogPolicies, result.DiscriminatorWeight, logActionPosterior: null, supportThreshold, result.StateDiscriminatorWeight)
            with { Iterations = result.Iterations, Converged = result.Converged };
    }

    /// <summary>
    /// All checks at given policies. p(z|s) always comes from the policies' visitations; p(z|s,a) is Bayes unless
    /// <paramref name="logActionPosterior"/> overrides it (the negative control: a discriminator that is not the
    /// agents' posterior breaks (*) and Theorem 2).
    /// </summary>
    /// <param name="mdp">The MDP.</param>
    /// <param name="logPolicies">log pi_z(a|s), indexed [z, s, a].</param>
    /// <param name="discriminatorWeight">beta in the agents' bonus beta log p(z|s,a).</param>
    /// <param name="logActionPosterior">A replacement log p(z|s,a), indexed [z, s, a], or null for Bayes.</param>
    /// <param name="supportThreshold">pi_z(a|s) at or above this is on the support.</param>
    /// <param name="stateDiscriminatorWeight">w in the bonus beta log p(z|s,a) + w log p(z|s) (an extension; 0 is
    /// the paper's MEDE). Q*_z and the Eq. 7 residual use the full bonus; (*) and Theorems 2 and 3 are stated for
    /// w = 0 and show O(w) residuals otherwise.</param>
    public static TheoryReport Evaluate(
        TabularMdp mdp,
        double[,,] logPolicies,
        double discriminatorWeight = 1.0,
        double[,,]? logActionPosterior = null,
        double supportThreshold = DefaultSupportThreshold,
        double stateDiscriminatorWeight = 0)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ExactDiscriminator.ValidateShape(mdp, logPolicies);
        int agents = logPolicies.GetLength(0);
        int states = mdp.StateCount;
        int actions = mdp.ActionCount;

        var logStatePosterior = ExactDiscriminator.LogStatePosterior(mdp, logPolicies);
        var logMixture = ExactDiscriminator.LogMixturePolicy(logPolicies, logStatePosterior);
        var bayes = ExactDiscriminator.LogActionPosterior(logPolicies, logStatePosterior);
        var posterior = logActionPosterior ?? bayes;
        if (posterior.GetLength(0) != agents || posterior.GetLength(1) != states || posterior.GetLength(2) != actions)
        {
            throw new ArgumentException("logActionPosterior must have the shape of logPolicies [z, s, a].", nameof(logActionPosterior));
        }

        var softOptimal = SoftValueIteration.Solve(mdp);
        var mixtureValues = SoftPolicyEvaluation.Evaluate(mdp, Exp(logMixture));
        var qAgents = new double[agents, states, actions];
        var vAgents = new double[agents, states];
        var sAll = new double[agents, states, actions];
        var mAll = new double[agents, states, actions];
        var bonus = new double[states, actions];
        var agentReports = new List<TheoryAgentReport>(agents);
        double identityOn = 0, identityOff = 0, theorem2On = 0, theorem2Off = 0, theorem3 = 0, fixedPoint = 0, posteriorIdentity = 0;
        double gapMin = double.PositiveInfinity, gapMax = double.NegativeInfinity;
        for (int z = 0; z < agents; z++)
        {
            for (int s = 0; s < states; s++)
            {
                for (int a = 0; a < actions; a++)
                {
                    bonus[s, a] = discriminatorWeight * posterior[z, s, a];
                    if (stateDiscriminatorWeight != 0)
                    {
                        bonus[s, a] += stateDiscriminatorWeight * logStatePosterior[z, s];
                    }
                }
            }
            var agentValues = SoftValueIteration.Solve(mdp, bonus);
            var logPolicyTarget = agentValues.LogBoltzmannPolicy(bonus);
            var stateCost = new double[states];
            for (int s = 0; s < states; s++)
            {
                stateCost[s] = -logStatePosterior[z, s];
            }
            var sz = SRecursion(mdp, stateCost, logMixture);
            var mz = MRecursion(mdp, stateCost, logMixture);
            int support = 0;
            double minProbability = double.PositiveInfinity;
            double agentIdentityOn = 0, agentIdentityOff = 0, agentTheorem2On = 0, agentTheorem2Off = 0;
            for (int s = 0; s < states; s++)
            {
                vAgents[z, s] = agentValues.V[s];
                for (int a = 0; a < actions; a++)
                {
                    double q = agentValues.Q[s, a];
                    qAgents[z, s, a] = q;
                    sAll[z, s, a] = sz[s, a];
                    mAll[z, s, a] = mz[s, a];
                    double probability = Math.Exp(logPolicies[z, s, a]);
                    minProbability = Math.Min(minProbability, probability);
                    bool onSupport = probability >= supportThreshold;
                    support += onSupport ? 1 : 0;

                    // (*): pi_/z(a|s) = exp(Q*_z(s,a) - V*_z(s)) p(z|s).
                    double identity = Math.Abs(Math.Exp(logMixture[s, a]) - Math.Exp(q - agentValues.V[s] + logStatePosterior[z, s]));
                    // Eq. 8: Q*_soft = Q*_z + S*_z.
                    double theorem2 = Math.Abs(softOptimal.Q[s, a] - q - sz[s, a]);
                    if (onSupport)
                    {
                        agentIdentityOn = Math.Max(agentIdentityOn, identity);
                        agentTheorem2On = Math.Max(agentTheorem2On, theorem2);
                    }
                    else
                    {
                        agentIdentityOff = Math.Max(agentIdentityOff, identity);
                        agentTheorem2Off = Math.Max(agentTheorem2Off, theorem2);
                    }
                    // Theorem 3: Q_/z = Q*_z + M*_z.
                    theorem3 = Math.Max(theorem3, Math.Abs(mixtureValues.Q[s, a] - q - mz[s, a]));
                    // Eq. 7: pi_z = exp(Q*_z - V*_z) p(z|s,a)^beta.
                    fixedPoint = Math.Max(fixedPoint, Math.Abs(probability - Math.Exp(logPolicyTarget[s, a])));
                    // -log pi_z + log p(z|s,a) = log p(z|s) - log pi_/z.
                    posteriorIdentity = Math.Max(posteriorIdentity, Math.Abs(
                        (-logPolicies[z, s, a] + posterior[z, s, a]) - (logStatePosterior[z, s] - logMixture[s, a])));
                    double gap = sz[s, a] - mz[s, a];
                    gapMin = Math.Min(gapMin, gap);
                    gapMax = Math.Max(gapMax, gap);
                }
            }
            identityOn = Math.Max(identityOn, agentIdentityOn);
            identityOff = Math.Max(identityOff, agentIdentityOff);
            theorem2On = Math.Max(theorem2On, agentTheorem2On);
            theorem2Off = Math.Max(theorem2Off, agentTheorem2Off);
            agentReports.Add(new TheoryAgentReport(
                z, support, minProbability, agentIdentityOn, agentIdentityOff, agentTheorem2On, agentTheorem2Off));
        }

        double qScale = 0;
        foreach (double q in softOptimal.Q)
        {
            qScale = Math.Max(qScale, Math.Abs(q));
        }
        double minLog = double.PositiveInfinity;
        foreach (double v in logPolicies)
        {
            minLog = Math.Min(minLog, v);
        }
        return new TheoryReport
        {
            QSoft = softOptimal.Q,
            QAgents = qAgents,
            VAgents = vAgents,
            S = sAll,
            M = mAll,
            QMixture = mixtureValues.Q,
            LogStatePosterior = logStatePosterior,
            LogActionPosterior = posterior,
            LogMixturePolicy = logMixture,
            DiscriminatorWeight = discriminatorWeight,
            StateDiscriminatorWeight = stateDiscriminatorWeight,
            Iterations = 0,
            Converged = true,
            MinimumPolicyProbability = Math.Exp(minLog),
            MinimumLogPolicy = minLog,
            MinimumVisitedPolicyProbability = MinimumVisitedProbability(mdp, logPolicies),
            DisjointSupportStates = DisjointSupportStates(logPolicies, supportThreshold),
            AgentSpread = AgentSpread(logPolicies),
            SupportThreshold = supportThreshold,
            Theorem1 = Theorem1Residual(logPolicies, logStatePosterior),
            IdentityStar = Math.Max(identityOn, identityOff),
            IdentityStarOnSupport = identityOn,
            IdentityStarOffSupport = identityOff,
            Theorem2 = Math.Max(theorem2On, theorem2Off),
            Theorem2OnSupport = theorem2On,
            Theorem2OffSupport = theorem2Off,
            Theorem3 = theorem3,
            PosteriorIdentity = posteriorIdentity,
            FixedPoint = fixedPoint,
            GapMinimum = gapMin,
            GapMaximum = gapMax,
            GapRelative = qScale > 0 ? Math.Max(Math.Abs(gapMin), Math.Abs(gapMax)) / qScale : 0,
            Agents = agentReports,
        };
    }

    /// <summary>
    /// Theorem 1 residual for arbitrary policies and state posterior: the largest, over states s and agent pairs
    /// i &lt; j, of |D_KL(pi_i||pi_j) + D_KL(pi_j||pi_i) - E_{pi_i}[log p(z_i|s,a)/p(z_j|s,a)] - E_{pi_j}[log p(z_j|s,a)/p(z_i|s,a)]|
    /// with p(z|s,a) from Bayes.
    /// </summary>
    /// <param name="logPolicies">log pi_z(a|s), indexed [z, s, a].</param>
    /// <param name="logStatePosterior">log p(z|s), indexed [z, s]; any distribution over z per state.</param>
    public static double Theorem1Residual(double[,,] logPolicies, double[,] logStatePosterior)
    {
        var posterior = ExactDiscriminator.LogActionPosterior(logPolicies, logStatePosterior);
        int agents = logPolicies.GetLength(0);
        int states = logPolicies.GetLength(1);
        int actions = logPolicies.GetLength(2);
        double worst = 0;
        for (int s = 0; s < states; s++)
        {
            for (int i = 0; i < agents; i++)
            {
                for (int j = i + 1; j < agents; j++)
                {
                    double symmetricKl = 0, discriminator = 0;
                    for (int a = 0; a < actions; a++)
                    {
                        double pi = Math.Exp(logPolicies[i, s, a]);
                        double pj = Math.Exp(logPolicies[j, s, a]);
                        symmetricKl += (pi - pj) * (logPolicies[i, s, a] - logPolicies[j, s, a]);
                        discriminator += (pi - pj) * (posterior[i, s, a] - posterior[j, s, a]);
                    }
                    worst = Math.Max(worst, Math.Abs(symmetricKl - discriminator));
                }
            }
        }
        return worst;
    }

    /// <summary>
    /// S*_z of Eq. 9 for one agent: S(s,a) = gamma E_{s'}[c(s') + log E_{a'~pi_/z}[exp S(s',a')]], with state cost
    /// c(s) = -log p(z|s). Solved as soft value iteration with reward gamma E_{s'}[c(s')] and log-bonus log pi_/z.
    /// </summary>
    /// <remarks>Eq. 9 as in the main text and the proof body, with gamma; the restatement at the end of the proof in
    /// Appendix A.2 drops gamma.</remarks>
    /// <param name="mdp">The MDP.</param>
    /// <param name="stateCost">c(s) = -log p(z|s).</param>
    /// <param name="logMixture">log pi_/z(a|s), indexed [s, a].</param>
    /// <returns>S, indexed [s, a].</returns>
    public static double[,] SRecursion(TabularMdp mdp, double[] stateCost, double[,] logMixture)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ArgumentNullException.ThrowIfNull(stateCost);
        var reward = new double[mdp.StateCount, mdp.ActionCount];
        SoftValueIteration.Backup(mdp, new double[mdp.StateCount, mdp.ActionCount], stateCost, reward);
        return SoftValueIteration.SolveCore(
            mdp, reward, logMixture, null, SoftValueIteration.DefaultTolerance, SoftValueIteration.DefaultMaximumIterations).Q;
    }

    /// <summary>
    /// M*_z of Eq. 11 for one agent: M(s,a) = gamma E_{s'}[c(s') + E_{a'~pi_/z}[M(s',a')]], solved exactly as
    /// M = gamma P m with (I - gamma P_/z) m = c.
    /// </summary>
    /// <remarks>Eq. 11 as in the main text and the proof body (Eq. 13), with gamma; the restatement at the end of
    /// Appendix A.3 drops gamma.</remarks>
    /// <param name="mdp">The MDP.</param>
    /// <param name="stateCost">c(s) = -log p(z|s).</param>
    /// <param name="logMixture">log pi_/z(a|s), indexed [s, a].</param>
    /// <returns>M, indexed [s, a].</returns>
    public static double[,] MRecursion(TabularMdp mdp, double[] stateCost, double[,] logMixture)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ArgumentNullException.ThrowIfNull(stateCost);
        int states = mdp.StateCount;
        var transitions = TabularMath.PolicyTransitions(mdp, Exp(logMixture));
        var system = new double[states, states];
        for (int s = 0; s < states; s++)
        {
            for (int next = 0; next < states; next++)
            {
                system[s, next] = (s == next ? 1 : 0) - (mdp.Gamma * transitions[s, next]);
            }
        }
        var m = TabularMath.Solve(system, stateCost);
        var result = new double[states, mdp.ActionCount];
        SoftValueIteration.Backup(mdp, new double[states, mdp.ActionCount], m, result);
        return result;
    }

    private static double MinimumVisitedProbability(TabularMdp mdp, double[,,] logPolicies)
    {
        double min = double.PositiveInfinity;
        for (int z = 0; z < logPolicies.GetLength(0); z++)
        {
            var d = StateVisitation.DiscountedCore(mdp, ExactDiscriminator.Probabilities(logPolicies, z));
            for (int s = 0; s < mdp.StateCount; s++)
            {
                if (d[s] < VisitedStateThreshold)
                {
                    continue;
                }
                for (int a = 0; a < mdp.ActionCount; a++)
                {
                    min = Math.Min(min, Math.Exp(logPolicies[z, s, a]));
                }
            }
        }
        return min;
    }

    private static int DisjointSupportStates(double[,,] logPolicies, double supportThreshold)
    {
        int count = 0;
        for (int s = 0; s < logPolicies.GetLength(1); s++)
        {
            bool disjoint = true;
            for (int a = 0; a < logPolicies.GetLength(2) && disjoint; a++)
            {
                int owners = 0;
                for (int z = 0; z < logPolicies.GetLength(0); z++)
                {
                    owners += Math.Exp(logPolicies[z, s, a]) >= supportThreshold ? 1 : 0;
                }
                disjoint = owners <= 1;
            }
            count += disjoint ? 1 : 0;
        }
        return count;
    }

    private static double AgentSpread(double[,,] logPolicies)
    {
        double spread = 0;
        for (int i = 0; i < logPolicies.GetLength(0); i++)
        {
            for (int j = i + 1; j < logPolicies.GetLength(0); j++)
            {
                for (int s = 0; s < logPolicies.GetLength(1); s++)
                {
                    for (int a = 0; a < logPolicies.GetLength(2); a++)
                    {
                        spread = Math.Max(spread, Math.Abs(Math.Exp(logPolicies[i, s, a]) - Math.Exp(logPolicies[j, s, a])));
                    }
                }
            }
        }
        return spread;
    }

    private static double[,] Exp(double[,] logValues)
    {
        var p = new double[logValues.GetLength(0), logValues.GetLength(1)];
        for (int i = 0; i < p.GetLength(0); i++)
        {
            for (int j = 0; j < p.GetLength(1); j++)
            {
                p[i, j] = Math.Exp(logValues[i, j]);
            }
        }
        return p;
    }
}
