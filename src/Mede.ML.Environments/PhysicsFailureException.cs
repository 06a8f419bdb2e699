namespace Mede.ML.Environments;

/// <summary>Thrown by <see cref="EnvironmentBase.Step"/> when too many episodes in a row
/// (<see cref="EnvironmentBase.MaxConsecutivePhysicsFailures"/>) ended because the simulation broke down; the message
/// names the environment, the step, the cause and what to check.</summary>
public sealed class PhysicsFailureException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public PhysicsFailureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public PhysicsFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public PhysicsFailureException()
        : base("An environment's simulation broke down too many episodes in a row.")
    {
    }
}
