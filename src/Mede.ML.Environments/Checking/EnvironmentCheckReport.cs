namespace Mede.ML.Environments.Checking;

/// <summary>
/// What <see cref="EnvironmentChecker.Check"/> found: one message per problem, each naming the check, the step
/// and the values involved, so a user can act on it.
/// </summary>
public sealed class EnvironmentCheckReport
{
    internal EnvironmentCheckReport(string environmentName, IReadOnlyList<string> problems)
    {
        EnvironmentName = environmentName;
        Problems = problems;
    }

    /// <summary>The checked environment's <see cref="IEnvironment.Name"/> (or a placeholder when it could not be
    /// created).</summary>
    public string EnvironmentName { get; }

    /// <summary>Every problem found, in the order the checks ran; empty when the environment passed.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>True when no problem was found.</summary>
    public bool Passed => Problems.Count == 0;

    /// <summary>Throws when the check failed.</summary>
    /// <exception cref="InvalidOperationException">The environment failed; the message lists every problem.</exception>
    public void ThrowIfFailed()
    {
        if (!Passed)
        {
            throw new InvalidOperationException(ToString());
        }
    }

    /// <inheritdoc />
    public override string ToString() => Passed
        ? $"Environment '{EnvironmentName}' passed the environment check."
        : $"Environment '{EnvironmentName}' failed the environment check with {Problems.Count} problem(s):"
          + string.Concat(Problems.Select(p => Environment.NewLine + " - " + p));
}
