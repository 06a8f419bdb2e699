namespace Mede.ML.Cli;

/// <summary>A mistake in the command line: reported without a stack trace, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
