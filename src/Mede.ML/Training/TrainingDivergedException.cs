namespace Mede.ML.Training;

/// <summary>
/// Training produced a NaN or an infinity. Raised before any weight is updated with it, naming the network,
/// the loss term (or parameter) and the environment step; the last complete checkpoint is left untouched.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string network, string term, long step, string detail)
        : base($"Training diverged at step {step}: {network}, {term}: {detail}. Weights were not updated with it; " +
               "resume from the last checkpoint with a smaller learning rate or reward scale.")
    {
        Network = network;
        Term = term;
        Step = step;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
        Network = Term = string.Empty;
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Network = Term = string.Empty;
    }

    /// <summary>Creates an empty exception.</summary>
    public TrainingDivergedException()
    {
        Network = Term = string.Empty;
    }

    /// <summary>The network whose loss or gradient was not finite (e.g. <c>critic</c>, <c>policy[2]</c>).</summary>
    public string Network { get; }

    /// <summary>The loss term or parameter.</summary>
    public string Term { get; }

    /// <summary>The environment step.</summary>
    public long Step { get; }
}
