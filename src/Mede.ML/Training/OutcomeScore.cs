namespace Mede.ML.Training;

/// <summary>How the outcome term (<c>OutcomeWeight</c> u, an extension, not in the paper) scores where an agent's
/// episodes end, from the posterior p(z | s) that an episode ending at s is agent z's rather than another agent's.</summary>
public enum OutcomeScore
{
    /// <summary>u log p(z | s') on every transition, with episodes that end by the time limit counted as outcomes: a
    /// price, zero far from other agents' ends and negative near them, paid along the way as well as at the end.</summary>
    Price,

    /// <summary>u log(K p(z | s')) on transitions that terminate only (reaching a goal, failing), with only such
    /// episodes counted as outcomes: the pointwise mutual information between the agent and the place its episode
    /// ends, I(Z; S_T)'s sample, DIAYN's objective moved to the episode's end (log p(z) = -log K as its baseline). An
    /// agent gains u log K for ending where no other agent ends, nothing for an end shared evenly by all K, and pays
    /// for ending where only others do. Episodes cut by the time limit score nothing, so stopping short of a goal
    /// never scores more than reaching one that is at most evenly shared (agents can still stop short when their critics
    /// overestimate: docs/results/diversity, seventh slice).</summary>
    Information,

    /// <summary>As <see cref="Information"/>, but only its positive part: u max(0, log(K p(z | s'))) on transitions
    /// that terminate, the positive pointwise mutual information. An end of the agent's own still gains u log K and an
    /// end shared by m agents u log(K/m); an end only other agents reach scores 0, as a time-out does, instead of
    /// u log(K epsilon / (1 + epsilon)), a penalty whose size u and the pseudo-count epsilon set (-608 at K 3, u 312
    /// and epsilon 0.05, the largest reward on MultiGoal by far). No end ever scores below stopping short, so an agent that
    /// has found only taken goals still gains by ending at one rather than running to a wall; and the critics no
    /// longer have to learn a cliff beside every goal another agent holds (docs/results/diversity, eighth slice). But
    /// without losses, agents sharing a goal are pushed apart by nothing but what a goal of one's own gains: at K 2 two
    /// agents at one goal score 0, as a time-out does, and kept the two-goal layout's nearer goal in 4 seeds of 10
    /// (fourteenth slice). <c>OutcomeLossWeight</c> bounds the losses instead of removing them.</summary>
    PositiveInformation,
}

/// <summary>How the outcome scores are named where a run's settings are shown.</summary>
public static class OutcomeScoreNames
{
    /// <summary>The words for <paramref name="score"/> in <c>train.log</c>, the report and the diversity map:
    /// "information" or "positive information"; null for <see cref="OutcomeScore.Price"/>, the default, which goes
    /// unnamed.</summary>
    public static string? Describe(this OutcomeScore score) => score switch
    {
        OutcomeScore.Information => "information",
        OutcomeScore.PositiveInformation => "positive information",
        _ => null,
    };
}
