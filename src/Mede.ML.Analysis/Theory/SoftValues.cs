namespace Mede.ML.Analysis.Theory;

/// <summary>
/// Soft state-action and state values of a tabular MDP, Q[s, a] and V[s], with the number of sweeps that
/// produced them (0 for an exact linear solve).
/// </summary>
/// <param name="Q">Soft Q values, indexed [s, a]; Q = r + gamma P V holds exactly.</param>
/// <param name="V">Soft state values, indexed [s].</param>
/// <param name="Iterations">Bellman sweeps used (0 when solved exactly).</param>
public sealed record SoftValues(double[,] Q, double[] V, int Iterations)
{
    /// <summary>
    /// The Boltzmann policy of these values under a log-bonus b: log pi(a|s) = Q(s,a) + b(s,a) - V(s), with V
    /// recomputed as the log-partition so each row normalises exactly (Eqs. 3 and 7).
    /// </summary>
    /// <param name="logBonus">b(s,a), or null for the counting measure (b = 0).</param>
    /// <returns>log pi, indexed [s, a].</returns>
    public double[,] LogBoltzmannPolicy(double[,]? logBonus = null)
    {
        int states = Q.GetLength(0);
        int actions = Q.GetLength(1);
        var logPolicy = new double[states, actions];
        Span<double> row = stackalloc double[actions];
        for (int s = 0; s < states; s++)
        {
            for (int a = 0; a < actions; a++)
            {
                row[a] = Q[s, a] + (logBonus?[s, a] ?? 0);
            }
            double z = TabularMath.LogSumExp(row);
            for (int a = 0; a < actions; a++)
            {
                logPolicy[s, a] = row[a] - z;
            }
        }
        return logPolicy;
    }
}
