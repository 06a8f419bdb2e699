using Mede.ML.Data;
using Mede.ML.Environments;
using Mede.ML.Policies;
using Microsoft.ML;

namespace Mede.ML;

/// <summary>
/// Rollout adapters and trajectory loading of <see cref="ReinforcementCatalog"/>: an environment and a behaviour
/// policy seen as a lazy data view (<see cref="FromEnvironment(Func{IEnvironment}, IPolicy?, long?, long?)"/>), and
/// recorded transitions read into trajectory views.
/// </summary>
public sealed class ReinforcementData
{
    private readonly MLContext _context;

    internal ReinforcementData(MLContext context)
    {
        _context = context;
    }

    /// <summary>
    /// An environment rolled out by a behaviour policy as a data view of transitions (the trajectory schema), made
    /// lazily by each cursor in a fresh environment. A trainer that fits on it trains online in copies of the
    /// environment with its own agents. With neither <paramref name="steps"/> nor <paramref name="episodes"/> a
    /// cursor yields one episode; with both it stops at whichever comes first.
    /// </summary>
    /// <param name="environmentFactory">Makes a fresh environment, e.g. <c>Environments.MultiGoal()</c>.</param>
    /// <param name="behaviour">The policy that acts (in the environment's units), or null for uniform random actions.</param>
    /// <param name="steps">Transitions per cursor, or null.</param>
    /// <param name="episodes">Episodes per cursor, or null.</param>
    /// <exception cref="ArgumentException">The behaviour policy's sizes differ from the environment's.</exception>
    public EnvironmentDataView FromEnvironment(Func<IEnvironment> environmentFactory, IPolicy? behaviour = null, long? steps = null, long? episodes = null)
    {
        ArgumentNullException.ThrowIfNull(environmentFactory);
        CheckBudget(steps, episodes);
        return new EnvironmentDataView(environmentFactory, null, behaviour, steps, episodes, NextSeed());
    }

    /// <summary>
    /// One environment object rolled out by a behaviour policy as a data view (see
    /// <see cref="FromEnvironment(Func{IEnvironment}, IPolicy?, long?, long?)"/>); every cursor uses this object, so
    /// read with one cursor at a time, and the caller keeps ownership. A trainer can fit on it when the environment
    /// is a MultiGoal or Pendulum (it makes copies with the same options); for other environments pass a factory.
    /// </summary>
    /// <param name="environment">The environment.</param>
    /// <param name="behaviour">The policy that acts, or null for uniform random actions.</param>
    /// <param name="steps">Transitions per cursor, or null.</param>
    /// <param name="episodes">Episodes per cursor, or null.</param>
    public EnvironmentDataView FromEnvironment(IEnvironment environment, IPolicy? behaviour = null, long? steps = null, long? episodes = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        CheckBudget(steps, episodes);
        return new EnvironmentDataView(null, environment, behaviour, steps, episodes, NextSeed());
    }

    /// <summary>
    /// Reads every row of <paramref name="data"/> into an in-memory trajectory view, checking the trajectory columns
    /// and rules; an environment adapter is rolled out here, once.
    /// </summary>
    /// <param name="data">Any view with the trajectory columns (e.g. <c>MLContext.Data.LoadFromEnumerable</c> of records).</param>
    /// <exception cref="ArgumentException">A trajectory column is missing or of the wrong type; the message names it.</exception>
    /// <exception cref="TrajectoryFormatException">A row breaks a trajectory rule; the exception names the row and column.</exception>
    public TrajectoryDataView LoadTrajectories(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return TrajectoryDataView.From(data);
    }

    /// <summary>
    /// Loads a trajectory CSV with a header row naming the trajectory columns (<see cref="TrajectoryColumns"/>) with
    /// vectors spread over <c>Observation.0</c> ... <c>Observation.n-1</c> (as ML.NET's <c>SaveAsText</c> of a
    /// flattened view or a DataFrame's <c>SaveCsv</c> write them), then one transition per line, checking every value
    /// and rule; columns may come in any order and columns of other names are ignored. For a file without a
    /// header, <c>ml.Data.LoadFromTextFile</c> with <c>TextLoader.Column</c> ranges gives the same view, unchecked.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="observationSize">The expected observation size, or null to take it from the header.</param>
    /// <param name="actionSize">The expected action size, or null to take it from the header.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TrajectoryFormatException">A column is missing, a vector has the wrong size or a gap, a value is
    /// not a number or not finite, Terminated and Truncated are both set, or an episode's steps are not consecutive;
    /// the exception names the file, the 1-based line and the column.</exception>
    public TrajectoryDataView LoadTrajectories(string path, int? observationSize = null, int? actionSize = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (observationSize is < 1 || actionSize is < 1)
        {
            throw new ArgumentOutOfRangeException(
                observationSize is < 1 ? nameof(observationSize) : nameof(actionSize),
                "Vector sizes are at least 1; pass null to take the size from the file's header.");
        }

        return TrajectoryCsvReader.Load(path, observationSize, actionSize);
    }

    private ulong NextSeed() => (ulong)(uint)_context.NextSeed();

    private static void CheckBudget(long? steps, long? episodes)
    {
        if (steps is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "The number of steps must be non-negative.");
        }

        if (episodes is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(episodes), episodes, "The number of episodes must be non-negative.");
        }
    }
}
