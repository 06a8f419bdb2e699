namespace Mede.ML.Environments;

/// <summary>
/// An environment whose episodes can end at one of several goals (MultiGoal). Training and evaluation count the
/// goals agents reach through this interface, so they work for any such task without knowing its type.
/// </summary>
public interface IGoalEnvironment : IEnvironment
{
    /// <summary>The number of goals; goal indices run from 0 to <c>GoalCount - 1</c>.</summary>
    int GoalCount { get; }

    /// <summary>The index of the goal reached by the last step, or -1 when none was (also after Reset).</summary>
    int ReachedGoal { get; }

    /// <summary>The best return an episode from the start can earn by ending at goal <paramref name="goal"/>, or NaN
    /// where the environment cannot tell (the default). Differences between goals say what choosing one costs, which
    /// the outcome term's weight can be set from (<c>OutcomeWeightMargin</c>).</summary>
    /// <param name="goal">0 to <see cref="GoalCount"/> - 1.</param>
    float BestReturnTo(int goal) => float.NaN;
}
