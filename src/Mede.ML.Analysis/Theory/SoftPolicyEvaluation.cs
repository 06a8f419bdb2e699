namespace Mede.ML.Analysis.Theory;

/// <summary>
/// Exact soft policy evaluation with the counting-measure entropy:
/// Q(s,a) = r(s,a) + gamma E_{s'}[ E_{a'~pi}[ Q(s',a') - log pi(a'|s') ] ].
/// </summary>
/// <remarks>
/// This is Eq. 4 with pi_0 = 1, the backup used in the proof of Theorem 3 for the mixture policy pi_/z. Writing
/// V(s) = E_{a~pi}[Q(s,a) - log pi(a|s)] gives the linear system (I - gamma P_pi) V = r_pi + H_pi, with
/// r_pi(s) = sum_a pi(a|s) r(s,a) and H_pi(s) the entropy of pi(.|s); it is solved directly, so the result is
/// exact to rounding. Actions with pi(a|s) = 0 contribute 0 (the limit of p log p).
/// </remarks>
public static class SoftPolicyEvaluation
{
    /// <summary>Soft values Q^pi, V^pi of <paramref name="policy"/> (probabilities, indexed [s, a]).</summary>
    public static SoftValues Evaluate(TabularMdp mdp, double[,] policy)
    {
        ArgumentNullException.ThrowIfNull(mdp);
        TabularMath.ValidatePolicy(mdp, policy, nameof(policy));
        int states = mdp.StateCount;
        int actions = mdp.ActionCount;
        var system = TabularMath.PolicyTransitions(mdp, policy);
        var rhs = new double[states];
        for (int s = 0; s < states; s++)
        {
            for (int next = 0; next < states; next++)
            {
                system[s, next] = (s == next ? 1 : 0) - (mdp.Gamma * system[s, next]);
            }
            for (int a = 0; a < actions; a++)
            {
                double p = policy[s, a];
                if (p > 0)
                {
                    rhs[s] += p * (mdp.Reward(s, a) - Math.Log(p));
                }
            }
        }
        var v = TabularMath.Solve(system, rhs);
        var q = new double[states, actions];
        SoftValueIteration.Backup(mdp, mdp.RewardMatrix(), v, q);
        return new SoftValues(q, v, 0);
    }
}
