namespace Mede.ML.Analysis.Theory;

/// <summary>
/// Soft value iteration with an optional log-bonus: V(s) = log sum_a exp(Q(s,a) + b(s,a)), Q = r + gamma P V.
/// </summary>
/// <remarks>
/// <para>With b = 0 the sum runs over actions with the counting measure, as in the paper's proofs (the integral
/// over a' in Appendix A), and the fixed point is Q*_soft (Eq. 2 with pi_0 = 1). With b = log pi_0 it is Eq. 2 for
/// a prior pi_0, and with b(s,a) = log p(z|s,a) it is agent z's MEDE value, Eq. 6; the optimal policy is then
/// pi(a|s) = exp(Q(s,a) + b(s,a) - V(s)) (Eqs. 3 and 7).</para>
/// <para>The backup is a gamma-contraction in the sup norm. Sweeps stop when the largest change of V is at most
/// <c>tolerance * (1 + max|V|)</c>, so the error left in V is about gamma / (1 - gamma) times that. The
/// log-sum-exp is shifted by its maximum, so large values and bonuses near -inf (probabilities that underflow)
/// are handled without overflow.</para>
/// </remarks>
public static class SoftValueIteration
{
    /// <summary>Default relative stopping tolerance: close to double precision.</summary>
    public const double DefaultTolerance = 1e-15;

    /// <summary>Default limit on Bellman sweeps.</summary>
    public const int DefaultMaximumIterations = 100_000;

    /// <summary>Q*_soft and V*_soft of the MDP (counting measure, no bonus).</summary>
    public static SoftValues Solve(TabularMdp mdp) => Solve(mdp, logBonus: null);

    /// <summary>Soft values with log-bonus b(s,a) inside the log-sum-exp.</summary>
    /// <param name="mdp">The MDP.</param>
    /// <param name="logBonus">b[s, a] (may hold -inf for excluded actions, not for every action of a state), or null.</param>
    /// <param name="initialV">Warm start for V, or null to start from 0.</param>
    /// <param name="tolerance">Relative stopping tolerance on the change of V.</param>
    /// <param name="maximumIterations">Limit on sweeps.</param>
    public static SoftValues Solve(
        TabularMdp mdp,
        double[,]? logBonus,
        double[]? initialV = null,
        double tolerance = DefaultTolerance,
        int maximumIterations = DefaultMaximumIterations)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        return SolveCore(mdp, mdp.RewardMatrix(), logBonus, initialV, tolerance, maximumIterations);
    }

    /// <summary>The same backup with an arbitrary reward in place of r (used for the S recursion of Eq. 9).</summary>
    internal static SoftValues SolveCore(
        TabularMdp mdp, double[,] reward, double[,]? logBonus, double[]? initialV, double tolerance, int maximumIterations)
    {
        int states = mdp.StateCount;
        int actions = mdp.ActionCount;
        if (logBonus is not null && (logBonus.GetLength(0) != states || logBonus.GetLength(1) != actions))
        {
            throw new ArgumentException(
                $"logBonus has shape [{logBonus.GetLength(0)}, {logBonus.GetLength(1)}]; expected [{states}, {actions}].", nameof(logBonus));
        }
        var v = initialV is null ? new double[states] : (double[])initialV.Clone();
        var vNext = new double[states];
        var q = new double[states, actions];
        var row = new double[actions];
        int iteration = 0;
        while (true)
        {
            Backup(mdp, reward, v, q);
            double change = 0;
            double scale = 0;
            for (int s = 0; s < states; s++)
            {
                for (int a = 0; a < actions; a++)
                {
                    row[a] = q[s, a] + (logBonus?[s, a] ?? 0);
                }
                vNext[s] = TabularMath.LogSumExp(row);
                if (!double.IsFinite(vNext[s]))
                {
                    throw new ArgumentException(
                        $"The soft value of state {s} is {vNext[s]}: the log-bonus excludes every action there (or is not finite).", nameof(logBonus));
                }
                change = Math.Max(change, Math.Abs(vNext[s] - v[s]));
                scale = Math.Max(scale, Math.Abs(vNext[s]));
            }
            (v, vNext) = (vNext, v);
            iteration++;
            if (change <= tolerance * (1 + scale) || iteration >= maximumIterations)
            {
                break;
            }
        }
        // Q = r + gamma P V exactly for the returned V.
        Backup(mdp, reward, v, q);
        return new SoftValues(q, v, iteration);
    }

    /// <summary>
    /// The same fixed point by soft policy iteration (Newton's method on the soft Bellman equation): take the
    /// Boltzmann policy of the current Q + b, evaluate it exactly, repeat. Converges quadratically from a warm
    /// start, which makes it the inner solver of the MEDE iteration; the result matches <see cref="Solve(TabularMdp, double[,], double[], double, int)"/>
    /// to rounding.
    /// </summary>
    internal static SoftValues SolveByPolicyIteration(TabularMdp mdp, double[,] logBonus, double[]? initialV, int maximumIterations = 50)
    {
        int states = mdp.StateCount;
        int actions = mdp.ActionCount;
        var reward = mdp.RewardMatrix();
        var v = initialV is null ? new double[states] : (double[])initialV.Clone();
        var q = new double[states, actions];
        var policy = new double[states, actions];
        var row = new double[actions];
        var system = new double[states, states];
        var rhs = new double[states];
        int iteration = 0;
        while (true)
        {
            Backup(mdp, reward, v, q);
            Array.Clear(rhs);
            for (int s = 0; s < states; s++)
            {
                for (int a = 0; a < actions; a++)
                {
                    row[a] = q[s, a] + logBonus[s, a];
                }
                double normaliser = TabularMath.LogSumExp(row);
                for (int a = 0; a < actions; a++)
                {
                    double logPi = row[a] - normaliser;
                    double pi = Math.Exp(logPi);
                    policy[s, a] = pi;
                    // V^pi(s) = E_pi[r + b - log pi + gamma P V]; 0 * (finite) for underflowed actions.
                    rhs[s] += pi * (reward[s, a] + logBonus[s, a] - logPi);
                }
            }
            var transitions = TabularMath.PolicyTransitions(mdp, policy);
            for (int s = 0; s < states; s++)
            {
                for (int next = 0; next < states; next++)
                {
                    system[s, next] = (s == next ? 1 : 0) - (mdp.Gamma * transitions[s, next]);
                }
            }
            var vNext = TabularMath.Solve(system, rhs);
            double change = 0, scale = 0;
            for (int s = 0; s < states; s++)
            {
                change = Math.Max(change, Math.Abs(vNext[s] - v[s]));
                scale = Math.Max(scale, Math.Abs(vNext[s]));
            }
            v = vNext;
            iteration++;
            // Newton stalls at the rounding level of the linear solve, about cond(I - gamma P) ulps.
            if (change <= 1e-13 * (1 + scale) || iteration >= maximumIterations)
            {
                break;
            }
        }
        Backup(mdp, reward, v, q);
        return new SoftValues(q, v, iteration);
    }

    // Q(s,a) = reward(s,a) + gamma sum_s' P(s'|s,a) V(s').
    internal static void Backup(TabularMdp mdp, double[,] reward, double[] v, double[,] q)
    {
        for (int s = 0; s < mdp.StateCount; s++)
        {
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                var p = mdp.TransitionRow(s, a);
                double expected = 0;
                for (int next = 0; next < p.Length; next++)
                {
                    expected += p[next] * v[next];
                }
                q[s, a] = reward[s, a] + (mdp.Gamma * expected);
            }
        }
    }
}
