namespace Mede.ML.Algorithms;

/// <summary>How the K agents' policies and critics are represented.</summary>
public enum NetworkMode
{
    /// <summary>One policy and one pair of critics for all agents; the agent z enters as a one-hot vector
    /// concatenated to the observation (the paper's MultiGoal, Hopper and Walker setting).</summary>
    Shared,

    /// <summary>A separate policy and critic pair per agent, each able to run on its own thread, with one
    /// discriminator trained beside them that the agents copy periodically (the paper's Multi-direction Ant
    /// setting).</summary>
    Separate,
}
