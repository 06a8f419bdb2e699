namespace Mede.ML.Analysis.Theory;

/// <summary>The normalised discounted state visitation of a policy from the MDP's start distribution.</summary>
/// <remarks>
/// d_pi(s) = (1 - gamma) sum_t gamma^t Pr(s_t = s | s_0 ~ rho, pi), the solution of
/// (I - gamma P_pi^T) d = (1 - gamma) rho. It sums to 1, or to less when the MDP has terminal transitions (the
/// mass of the steps after an episode ended is missing). In MEDE, p(s|z) = d_{pi_z}(s), so with p(z) uniform
/// Bayes gives p(z|s) = d_z(s) / sum_z' d_z'(s).
/// </remarks>
public static class StateVisitation
{
    /// <summary>d_pi(s) for <paramref name="policy"/> (probabilities, indexed [s, a]).</summary>
    public static double[] Discounted(TabularMdp mdp, double[,] policy)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        TabularMath.ValidatePolicy(mdp, policy, nameof(policy));
        return DiscountedCore(mdp, policy);
    }

    internal static double[] DiscountedCore(TabularMdp mdp, double[,] policy)
    {
        int states = mdp.StateCount;
        var transitions = TabularMath.PolicyTransitions(mdp, policy);
        var system = new double[states, states];
        var rhs = new double[states];
        for (int s = 0; s < states; s++)
        {
            for (int next = 0; next < states; next++)
            {
                // Transposed: d(s') = (1 - gamma) rho(s') + gamma sum_s d(s) P_pi(s'|s).
                system[next, s] = (s == next ? 1 : 0) - (mdp.Gamma * transitions[s, next]);
            }
            rhs[s] = (1 - mdp.Gamma) * mdp.Start(s);
        }
        var d = TabularMath.Solve(system, rhs);
        for (int s = 0; s < states; s++)
        {
            // Rounding can leave -1e-17 on unreachable states.
            d[s] = Math.Max(d[s], 0);
        }
        return d;
    }
}
