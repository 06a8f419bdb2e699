using Mede.ML.Algorithms;
using Mede.ML.Environments;
using Mede.ML.Training;

namespace Mede.ML.Analysis.Tests.Store;

/// <summary>Tiny real training runs for the store's tests.</summary>
internal static class StoreTestRuns
{
    public static TrainingConfiguration Tiny(ReinforcementAlgorithm algorithm = ReinforcementAlgorithm.Mede, int seed = 3, long steps = 300) => new()
    {
        Algorithm = algorithm,
        NumberOfAgents = algorithm == ReinforcementAlgorithm.Sac ? 1 : 2,
        HiddenLayerSizes = [16],
        DiscriminatorHiddenLayerSizes = [16],
        BatchSize = 16,
        ReplayBufferSize = 2_000,
        WarmupSteps = 40,
        TotalSteps = steps,
        CheckpointInterval = 0,
        MetricsInterval = 50,
        Seed = seed,
        Environment = "multigoal",
    };

    public static Func<IEnvironment> MultiGoal() => EnvironmentRegistry.Factory("multigoal", new Dictionary<string, string>());

    public static string NewFolder(string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"mede-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void Delete(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A run folder whose store holds what <paramref name="record"/> writes, as training would record it (for
    /// tests of what reads stores: the report reads only what training records); marked finished at
    /// <paramref name="finishedAt"/> when given. Returns <paramref name="folder"/>.</summary>
    public static string Recorded(string folder, TrainingConfiguration options, Action<Mede.ML.Analysis.Store.RunStoreRecorder> record, long? finishedAt = null)
    {
        Directory.CreateDirectory(folder);
        using var store = Mede.ML.Analysis.Store.RunStore.OpenOrCreate(folder, options);
        Mede.ML.Analysis.Store.RunStoreRecorder recorder = store.CreateRecorder();
        record(recorder);
        recorder.Flush();
        if (finishedAt is long step)
        {
            store.MarkFinished(step);
        }

        return folder;
    }

    /// <summary>Trains into a store and returns the session's step; the store is closed afterwards.</summary>
    public static void Train(string folder, TrainingConfiguration options, int transitionInterval, ITrainingRecorder? alongside = null)
    {
        using var store = Mede.ML.Analysis.Store.RunStore.OpenOrCreate(folder, options);
        Mede.ML.Analysis.Store.RunStoreRecorder recorder = store.CreateRecorder(transitionInterval);
        ITrainingRecorder target = alongside is null ? recorder : new CompositeTrainingRecorder(recorder, alongside);
        using (var session = new TrainingSession(options, MultiGoal(), options.CheckpointDirectory, target))
        {
            session.Run();
            target.Flush();
            store.MarkFinished(session.Step);
        }

        Assert.IsNull(recorder.Failure);
    }
}

/// <summary>Keeps what a trainer reports, to compare with the store.</summary>
internal sealed class MemoryRecorder : ITrainingRecorder
{
    public List<(long Step, string Name, int? Agent, double Value)> Metrics { get; } = [];

    public List<EpisodeRecord> Episodes { get; } = [];

    public void RecordMetric(long step, string name, int? agent, double value) => Metrics.Add((step, name, agent, value));

    public void RecordEpisode(EpisodeRecord episode) => Episodes.Add(episode);

    public void Flush()
    {
    }
}
