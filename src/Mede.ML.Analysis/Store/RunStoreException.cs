namespace Mede.ML.Analysis.Store;

/// <summary>The run store could not be opened, read or written; the message names the file and what went wrong.</summary>
public sealed class RunStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RunStoreException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public RunStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RunStoreException(string message)
        : base(message)
    {
    }
}
