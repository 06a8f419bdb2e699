namespace Mede.ML;

/// <summary>
/// The root of a Mede.ML pipeline, as ML.NET's <c>MLContext</c>: it holds the seed every component derives its
/// random stream from and the catalogs (<see cref="Data"/>, <see cref="Model"/>, and the <c>Reinforcement()</c> extension).
/// </summary>
/// <example>
/// <code>
/// var ml = new MLContext(seed: 1);
/// IDataView data = ml.Data.LoadTrajectoriesFromCsv("rollouts.csv");
/// Console.WriteLine(data.Preview());
/// </code>
/// </example>
public sealed class MLContext
{
    private readonly Random _seeds;
    private readonly Lock _seedsLock = new();

    /// <summary>Creates a context.</summary>
    /// <param name="seed">The seed that makes runs repeatable, or <c>null</c> for a different random stream each time.</param>
    public MLContext(int? seed = null)
    {
        Seed = seed;
        _seeds = seed is { } value ? new Random(value) : new Random();
        Data = new DataOperationsCatalog(this);
        Model = new ModelOperationsCatalog(this);
    }

    /// <summary>The seed given to the constructor, or <c>null</c>.</summary>
    public int? Seed { get; }

    /// <summary>Loading, converting, previewing and saving data views.</summary>
    public DataOperationsCatalog Data { get; }

    /// <summary>Saving and loading models.</summary>
    public ModelOperationsCatalog Model { get; }

    /// <summary>
    /// The next seed of the context's stream, for a component that needs its own random stream. With a fixed
    /// <see cref="Seed"/> the components created in the same order get the same seeds (ML.NET's behaviour).
    /// </summary>
    internal int NextSeed()
    {
        lock (_seedsLock)
        {
            return _seeds.Next();
        }
    }
}
