namespace Mede.ML.Analysis.Theory;

/// <summary>The outcome of <see cref="MedeFixedPoint.Solve"/>: K agents' log-policies and how the iteration ended.</summary>
/// <param name="LogPolicies">log pi_z(a|s), indexed [z, s, a]; kept in log space so that probabilities which
/// underflow at the boundary stay finite and comparable.</param>
/// <param name="DiscriminatorWeight">beta, the weight on log p(z|s,a) the agents optimised.</param>
/// <param name="Iterations">Outer (policy) iterations run.</param>
/// <param name="Converged">Whether the largest change of a policy probability fell below the tolerance.</param>
/// <param name="FinalChange">The largest change of a policy probability in the last iteration.</param>
public sealed record MedeFixedPointResult(
    double[,,] LogPolicies, double DiscriminatorWeight, int Iterations, bool Converged, double FinalChange)
{
    /// <summary>w, the weight on log p(z|s) in the agents' bonus (0 for the paper's MEDE; see
    /// <see cref="MedeFixedPoint.Options.StateDiscriminatorWeight"/>).</summary>
    public double StateDiscriminatorWeight { get; init; }

    /// <summary>u, the weight of the outcome term u log(K p(z|g)) paid on entering a terminal state (0 without it;
    /// see <see cref="MedeFixedPoint.Options.OutcomeWeight"/>).</summary>
    public double OutcomeWeight { get; init; }

    /// <summary>
    /// V_z, indexed [z, s]: each agent's soft value for its bonus beta log p(z|s,a) + w log p(z|s) (and, with
    /// <see cref="OutcomeWeight"/> u, the reward u log(K p(z|g)) on entering terminal state g) in the last
    /// iteration (the posterior of the policies it started from; at convergence, of the returned policies to within
    /// the tolerance). NaN when no iteration ran.
    /// </summary>
    public double[,] AgentValues { get; init; } = new double[0, 0];

    /// <summary>Number of agents K.</summary>
    public int AgentCount => LogPolicies.GetLength(0);

    /// <summary>The smallest pi_z(a|s) over agents, states and actions (0 when it underflows).</summary>
    public double MinimumPolicyProbability => Math.Exp(MinimumLogPolicy);

    /// <summary>The smallest log pi_z(a|s); finite even when the probability underflows.</summary>
    public double MinimumLogPolicy
    {
        get
        {
            double min = double.PositiveInfinity;
            foreach (double v in LogPolicies)
            {
                min = Math.Min(min, v);
            }
            return min;
        }
    }

    /// <summary>Agent <paramref name="agent"/>'s policy as probabilities, indexed [s, a].</summary>
    public double[,] Policy(int agent) => ExactDiscriminator.Probabilities(LogPolicies, agent);
}
