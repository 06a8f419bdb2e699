namespace Mede.ML.Analysis.Theory;

/// <summary>
/// The exact discriminator of K tabular agents with p(z) uniform: p(z|s) from the agents' discounted
/// visitations, p(z|s,a) by Bayes, and the mixture policy pi_/z. All in log space, indexed [z, s] or [z, s, a].
/// </summary>
/// <remarks>
/// <para>p(z|s) = d_z(s) / sum_z' d_z'(s), with d_z the discounted visitation of agent z (<see cref="StateVisitation"/>).
/// p(z|s,a) = pi_z(a|s) p(z|s) / pi_/z(a|s), with the mixture pi_/z(a|s) = sum_z p(z|s) pi_z(a|s)
/// (Section 3.3). Policies are passed as log-probabilities so that agents whose probabilities underflow (the
/// boundary fixed points) keep finite, ordered values.</para>
/// <para>A visitation below <see cref="MinimumVisitation"/> is raised to it before taking logs, so a state no
/// agent reaches gets p(z|s) = 1/K and a state one agent never reaches gets a large negative, finite log p(z|s).</para>
/// </remarks>
public static class ExactDiscriminator
{
    /// <summary>Floor on a visitation before its logarithm (a numerical guard, far below anything measured).</summary>
    public const double MinimumVisitation = 1e-300;

    /// <summary>log p(z|s), indexed [z, s], from the agents' discounted visitations.</summary>
    /// <param name="mdp">The MDP.</param>
    /// <param name="logPolicies">log pi_z(a|s), indexed [z, s, a].</param>
    public static double[,] LogStatePosterior(TabularMdp mdp, double[,,] logPolicies)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ValidateShape(mdp, logPolicies);
        int agents = logPolicies.GetLength(0);
        int states = mdp.StateCount;
        var logVisitation = new double[agents, states];
        for (int z = 0; z < agents; z++)
        {
            var d = StateVisitation.DiscountedCore(mdp, Probabilities(logPolicies, z));
            for (int s = 0; s < states; s++)
            {
                logVisitation[z, s] = Math.Log(Math.Max(d[s], MinimumVisitation));
            }
        }
        var logPosterior = new double[agents, states];
        var column = new double[agents];
        for (int s = 0; s < states; s++)
        {
            for (int z = 0; z < agents; z++)
            {
                column[z] = logVisitation[z, s];
            }
            double normaliser = TabularMath.LogSumExp(column);
            for (int z = 0; z < agents; z++)
            {
                logPosterior[z, s] = column[z] - normaliser;
            }
        }
        return logPosterior;
    }

    /// <summary>
    /// log p(z|end at g), indexed [z, s]: the posterior that an episode which ended in terminal state g was agent z's,
    /// p(z|g) = P_z(end at g) / sum_z' P_z'(end at g) with P_z the undiscounted end probabilities of
    /// <see cref="EpisodeEnds"/> and p(z) uniform. Used by the outcome term
    /// (<see cref="MedeFixedPoint.Options.OutcomeWeight"/>).
    /// </summary>
    /// <remarks>
    /// Where no agent ends with positive probability (every state that is not terminal, and terminal states no
    /// agent reaches) the posterior is the prior, 1/K, so the score log(K p(z|g)) is 0 there. An end probability
    /// below <see cref="MinimumVisitation"/> is raised to it before taking logs, as visitations are for p(z|s), so
    /// an agent that never ends at a goal others reach gets a large negative, finite log p(z|g).
    /// </remarks>
    /// <param name="mdp">The MDP.</param>
    /// <param name="logPolicies">log pi_z(a|s), indexed [z, s, a].</param>
    public static double[,] LogEndPosterior(TabularMdp mdp, double[,,] logPolicies)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        ValidateShape(mdp, logPolicies);
        int agents = logPolicies.GetLength(0);
        int states = mdp.StateCount;
        var ends = new double[agents][];
        for (int z = 0; z < agents; z++)
        {
            ends[z] = EpisodeEnds.ProbabilitiesCore(mdp, Probabilities(logPolicies, z));
        }
        var logPosterior = new double[agents, states];
        var column = new double[agents];
        double logPrior = -Math.Log(agents);
        for (int s = 0; s < states; s++)
        {
            bool anyEnd = false;
            for (int z = 0; z < agents; z++)
            {
                anyEnd |= ends[z][s] > 0;
                column[z] = Math.Log(Math.Max(ends[z][s], MinimumVisitation));
            }
            double normaliser = TabularMath.LogSumExp(column);
            for (int z = 0; z < agents; z++)
            {
                logPosterior[z, s] = anyEnd ? column[z] - normaliser : logPrior;
            }
        }
        return logPosterior;
    }

    /// <summary>log pi_/z(a|s) = log sum_z p(z|s) pi_z(a|s), indexed [s, a].</summary>
    public static double[,] LogMixturePolicy(double[,,] logPolicies, double[,] logStatePosterior)
    {
        ArgumentNullException.ThrowIfNull(logPolicies);
        ArgumentNullException.ThrowIfNull(logStatePosterior);
        int agents = logPolicies.GetLength(0);
        int states = logPolicies.GetLength(1);
        int actions = logPolicies.GetLength(2);
        var mixture = new double[states, actions];
        var terms = new double[agents];
        for (int s = 0; s < states; s++)
        {
            for (int a = 0; a < actions; a++)
            {
                for (int z = 0; z < agents; z++)
                {
                    terms[z] = logPolicies[z, s, a] + logStatePosterior[z, s];
                }
                mixture[s, a] = TabularMath.LogSumExp(terms);
            }
        }
        return mixture;
    }

    /// <summary>log p(z|s,a) = log pi_z(a|s) + log p(z|s) - log pi_/z(a|s) (Bayes), indexed [z, s, a].</summary>
    public static double[,,] LogActionPosterior(double[,,] logPolicies, double[,] logStatePosterior)
    {
        var mixture = LogMixturePolicy(logPolicies, logStatePosterior);
        int agents = logPolicies.GetLength(0);
        int states = logPolicies.GetLength(1);
        int actions = logPolicies.GetLength(2);
        var posterior = new double[agents, states, actions];
        for (int z = 0; z < agents; z++)
        {
            for (int s = 0; s < states; s++)
            {
                for (int a = 0; a < actions; a++)
                {
                    posterior[z, s, a] = logPolicies[z, s, a] + logStatePosterior[z, s] - mixture[s, a];
                }
            }
        }
        return posterior;
    }

    /// <summary>exp of agent <paramref name="agent"/>'s log-policy, indexed [s, a].</summary>
    public static double[,] Probabilities(double[,,] logPolicies, int agent)
    {
        ArgumentNullException.ThrowIfNull(logPolicies);
        int states = logPolicies.GetLength(1);
        int actions = logPolicies.GetLength(2);
        var p = new double[states, actions];
        for (int s = 0; s < states; s++)
        {
            for (int a = 0; a < actions; a++)
            {
                p[s, a] = Math.Exp(logPolicies[agent, s, a]);
            }
        }
        return p;
    }

    /// <summary>One [s, a] slice of a [z, s, a] array.</summary>
    internal static double[,] Slice(double[,,] values, int agent)
    {
        int states = values.GetLength(1);
        int actions = values.GetLength(2);
        var slice = new double[states, actions];
        for (int s = 0; s < states; s++)
        {
            for (int a = 0; a < actions; a++)
            {
                slice[s, a] = values[agent, s, a];
            }
        }
        return slice;
    }

    internal static void ValidateShape(TabularMdp mdp, double[,,] logPolicies)
    {
        ArgumentNullException.ThrowIfNull(logPolicies);
        if (logPolicies.GetLength(0) < 1 || logPolicies.GetLength(1) != mdp.StateCount || logPolicies.GetLength(2) != mdp.ActionCount)
        {
            throw new ArgumentException(
                $"logPolicies has shape [{logPolicies.GetLength(0)}, {logPolicies.GetLength(1)}, {logPolicies.GetLength(2)}]; expected [K >= 1, {mdp.StateCount}, {mdp.ActionCount}] (agents, states, actions).",
                nameof(logPolicies));
        }
    }
}
