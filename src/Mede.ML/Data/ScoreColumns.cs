namespace Mede.ML.Data;

/// <summary>The column names that <see cref="MedeTransformer.Transform"/> adds (DESIGN.md); the names are API.</summary>
public static class ScoreColumns
{
    /// <summary>The deterministic action tanh(mean) of the row's agent, in the policy's units [-1, 1]:
    /// <c>Vector&lt;Single, action size&gt;</c>.</summary>
    public const string PredictedAction = "PredictedAction";

    /// <summary>log q(z|s,a) for every agent z (the discriminator's view of which agent acted):
    /// <c>Vector&lt;Single, K&gt;</c>; SAC, with no discriminator, gives <c>[0]</c>.</summary>
    public const string AgentScores = "AgentScores";

    /// <summary>log pi(a|s,z) of the row's action (or of the predicted action), in the policy's units: <c>Single</c>.</summary>
    public const string LogProbability = "LogProbability";

    /// <summary>min(Q1, Q2)(s, a, z), the soft action value of the row's action (or of the predicted action): <c>Single</c>.</summary>
    public const string Q = "Q";
}
