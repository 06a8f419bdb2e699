namespace Mede.ML.Training;

/// <summary>When the outcome term (<c>OutcomeWeight</c>, an extension, not in the paper) pays the score of an
/// episode's end, for the scores paid at the end (<see cref="OutcomeScore.Information"/> and
/// <see cref="OutcomeScore.PositiveInformation"/>). Every choice but <see cref="AtEnd"/> was measured on MultiGoal
/// and left out of the presets (docs/results/diversity, ninth and thirteenth slices).</summary>
public enum OutcomePayment
{
    /// <summary>On the transition that ends the episode, discounted like any other reward (the default).</summary>
    AtEnd,

    /// <summary>On the transition that ends the episode, divided by gamma^(t - 1) when the end comes at step t, so that
    /// its value at the episode's start is the same whatever step the end comes at: u I(Z; S_T) once per episode, as
    /// its definition says, with nothing paid for speed. The reward then depends on the step, so the observation must
    /// carry the time left (<see cref="Environments.IEnvironment.ObservesRemainingTime"/>, e.g. MultiGoal's
    /// <c>time-feature=true</c>).</summary>
    Undiscounted,

    /// <summary>Spread over the episode in hindsight: each of the T transitions of an episode that terminated at s_T
    /// gets 1/T of the end's score, the last one included. The episode's total is the same (undiscounted), but no value
    /// jumps at the state before the end. Rows of episodes that have not terminated (a time limit cut them, or they are
    /// still running) get nothing; an episode is credited once it has ended, from the replay buffer's own rows, so a
    /// resumed run spreads exactly as the straight one.</summary>
    Spread,

    /// <summary>At the end, discounted, and every transition also gets the potential-based shaping term
    /// gamma Phi(s') - Phi(s), where Phi(s) is the score an episode ending at s would get and Phi is 0 after the last
    /// step the backup reaches. Shaping of this form changes no optimal policy (Ng, Harada and Russell, 1999: over an
    /// episode the terms telescope to -Phi(s_0)); what changes is what the critics learn: values minus Phi, which
    /// approach the end's score step by step instead of jumping at the state before a goal.</summary>
    Shaped,
}

/// <summary>How the outcome payments are named where a run's settings are shown.</summary>
public static class OutcomePaymentNames
{
    /// <summary>The words for <paramref name="payment"/> in <c>train.log</c>, the report and the diversity map:
    /// "undiscounted", "spread over the episode" or "shaped"; null for <see cref="OutcomePayment.AtEnd"/>, the default,
    /// which goes unnamed.</summary>
    public static string? Describe(this OutcomePayment payment) => payment switch
    {
        OutcomePayment.Undiscounted => "undiscounted",
        OutcomePayment.Spread => "spread over the episode",
        OutcomePayment.Shaped => "shaped",
        _ => null,
    };
}
