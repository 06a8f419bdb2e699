namespace Mede.ML.Environments.MuJoCo;

/// <summary>A MuJoCo failure Mede.ML can report: the library is missing or of the wrong version, a model does not
/// load, or a simulation's state went bad (MuJoCo reset it and counted a warning).</summary>
public sealed class MuJoCoException : Exception
{
    /// <summary>Creates the exception with a message a user can act on.</summary>
    public MuJoCoException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public MuJoCoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public MuJoCoException()
        : base("MuJoCo failed.")
    {
    }
}
