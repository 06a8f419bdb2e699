namespace Mede.ML.Algorithms;

/// <summary>What one gradient step of a network set measured.</summary>
/// <param name="CriticLoss">The twin critics' soft Bellman error (sum of both MSEs).</param>
/// <param name="PolicyLoss">The actor's loss.</param>
/// <param name="Alpha">The temperature after the step.</param>
/// <param name="Entropy">-mean log pi(a|s,z) of the batch's fresh actions.</param>
/// <param name="MeanQ">Mean min Q(s,a,z) at those actions.</param>
/// <param name="Discriminability">The discriminators' mean log-likelihoods when this step trained them (shared mode), else null.</param>
/// <param name="EntropyByAgent">-mean log pi(a|s,z) of each agent's rows of the batch, indexed by z, NaN for an agent
/// with no rows in it (see <see cref="FillEntropyByAgent"/>); empty when the learner does not measure it. The values
/// live in the learner's buffer and are valid until that set's next update.</param>
public readonly record struct UpdateMetrics(float CriticLoss, float PolicyLoss, float Alpha, float Entropy, float MeanQ,
    Discriminability? Discriminability = null, ReadOnlyMemory<float> EntropyByAgent = default)
{
    /// <summary>Equal when every measurement is, <see cref="EntropyByAgent"/> compared by its values (bit for bit, as the
    /// other fields).</summary>
    /// <param name="other">The metrics to compare with.</param>
    public bool Equals(UpdateMetrics other) =>
        CriticLoss.Equals(other.CriticLoss) && PolicyLoss.Equals(other.PolicyLoss) && Alpha.Equals(other.Alpha)
        && Entropy.Equals(other.Entropy) && MeanQ.Equals(other.MeanQ) && Nullable.Equals(Discriminability, other.Discriminability)
        && EntropyByAgent.Span.SequenceEqual(other.EntropyByAgent.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CriticLoss, PolicyLoss, Alpha, Entropy, MeanQ, Discriminability, EntropyByAgent.Length);

    /// <summary>
    /// Groups a batch's log-probabilities by agent: <paramref name="entropy"/>[z] = -mean of
    /// <paramref name="logProbability"/> over the rows whose agent is z, NaN where there are none.
    /// </summary>
    /// <param name="logProbability">log pi(a|s,z) per row.</param>
    /// <param name="agents">Each row's agent z.</param>
    /// <param name="entropy">One value per agent, written.</param>
    /// <exception cref="ArgumentException">The rows and agents differ in number, or a row's agent has no slot.</exception>
    public static void FillEntropyByAgent(ReadOnlySpan<float> logProbability, ReadOnlySpan<int> agents, Span<float> entropy)
    {
        if (logProbability.Length != agents.Length)
        {
            throw new ArgumentException($"{logProbability.Length} log-probabilities for {agents.Length} rows' agents.", nameof(agents));
        }

        Span<int> rows = entropy.Length <= 64 ? stackalloc int[entropy.Length] : new int[entropy.Length];
        rows.Clear();
        entropy.Clear();
        for (int r = 0; r < agents.Length; r++)
        {
            int z = agents[r];
            if ((uint)z >= (uint)entropy.Length)
            {
                throw new ArgumentException($"Row {r}'s agent is {z}; there are {entropy.Length} agents.", nameof(agents));
            }

            entropy[z] -= logProbability[r];
            rows[z]++;
        }

        for (int z = 0; z < entropy.Length; z++)
        {
            entropy[z] = rows[z] == 0 ? float.NaN : entropy[z] / rows[z];
        }
    }
}
