namespace Mede.ML.Environments.Checking;

/// <summary>
/// Checks that an <see cref="IEnvironment"/> keeps the contract learners rely on. Run it on every new environment
/// (the tests of this library run it on each built-in one).
/// </summary>
/// <remarks>
/// <para>The checks, each reported with its own message prefix:</para>
/// <list type="bullet">
/// <item><description><c>Spaces</c>: both dimensions positive, the action box finite with low &lt; high in every
/// coordinate, a time limit of at least one step, reward term names non-empty and unique.</description></item>
/// <item><description><c>Determinism</c>: two fresh instances reset with the same seed and driven by the same
/// random actions produce bit-identical observations, rewards, reward terms and flags.</description></item>
/// <item><description><c>Seeding</c>: another seed gives another first observation (seeds
/// <c>seed + 1 .. seed + 3</c> are tried; all equal to the first is a problem).</description></item>
/// <item><description><c>Observation</c>: every observation is finite and inside the observation box.</description></item>
/// <item><description><c>Reward</c>: every reward is finite and equals the sum of its reported terms within a
/// relative tolerance of 1e-5 (relative to max(1, |reward|), so rewards near zero get an absolute 1e-5);
/// <c>RewardTerms</c> has as many entries as <c>RewardTermNames</c>.</description></item>
/// <item><description><c>Flags</c>: never terminated and truncated together; truncation only at, and always at,
/// <c>MaxEpisodeSteps</c> (unless terminated there); <c>ElapsedSteps</c> counts the episode's steps; Step after the
/// end of an episode throws <see cref="InvalidOperationException"/>.</description></item>
/// <item><description><c>Save/Load</c>: a state saved mid-run and loaded into a fresh instance (and back into the
/// same one) continues exactly like the original, and LoadState reads everything SaveState wrote.</description></item>
/// <item><description><c>Action validation</c>: actions that are too long, too short or hold NaN are rejected
/// with <see cref="ArgumentException"/>; so are actions outside the box when the environment is an
/// <see cref="EnvironmentBase"/> that rejects them.</description></item>
/// </list>
/// <para>Random actions are drawn uniformly from the action box by a generator seeded from <c>seed</c>, so a
/// report is reproducible. The time-limit checks only bite when an episode lasts to <c>MaxEpisodeSteps</c>: the
/// checker runs one extra episode until it ends (at most <c>MaxEpisodeSteps</c> steps) for that purpose.
/// An exception thrown where none is expected becomes a problem naming the check; it never escapes.</para>
/// </remarks>
public static partial class EnvironmentChecker
{
    private const double RewardTolerance = 1e-5;
    private const int LongestEpisodeChecked = 100_000;
    private const ulong ActionStreamSalt = 0x5DEECE66DUL;

    /// <summary>Runs every check on instances made by <paramref name="create"/>.</summary>
    /// <param name="create">Makes a fresh, independent instance on each call (it is called several times).</param>
    /// <param name="steps">Environment steps in each checked rollout (episodes are reset as they end).</param>
    /// <param name="seed">Seed of the environment resets and of the random actions.</param>
    /// <returns>The report; <see cref="EnvironmentCheckReport.Passed"/> when no problem was found.</returns>
    public static EnvironmentCheckReport Check(Func<IEnvironment> create, int steps = 300, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var run = new Run(create, steps, seed);
        string name = run.Execute();
        return new EnvironmentCheckReport(name, run.Problems);
    }
}
