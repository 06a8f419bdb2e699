namespace Mede.ML.Environments;

/// <summary>
/// An environment whose body travels over the floor in any direction (the MuJoCo ants): how far and which way it has
/// gone since its episode began. Evaluation reads it at the end of every episode to say which way each agent runs
/// (<c>AgentTravel</c>), the diversity Multi-direction Ant is about.
/// </summary>
public interface ITravelEnvironment : IEnvironment
{
    /// <summary>The torso's (x, y) displacement in metres since the last reset; NaN after a state was restored
    /// (<see cref="IEnvironment.LoadState"/>) until the next reset, since where that episode began is not part of the
    /// state.</summary>
    (double X, double Y) Travelled { get; }
}
