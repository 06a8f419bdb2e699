using Mede.ML.Algorithms;
using Mede.ML.Analysis.Store;
using Mede.ML.Analysis.Tests.Store;
using Mede.ML.Data;
using Mede.ML.Training;

namespace Mede.ML.Analysis.Tests.Plots;

/// <summary>
/// Tiny real runs shared by the store-based plot tests, trained once per test process: MEDE and DIAYN with two
/// seeds each (300 steps, metrics every 50) and a SAC run; MEDE seed 1 also has a recorded evaluation.
/// </summary>
internal sealed class SeedRuns
{
    private static readonly Lazy<SeedRuns> s_shared = new(() => new SeedRuns());

    private SeedRuns()
    {
        Root = StoreTestRuns.NewFolder("seed-runs");
        foreach (var (algorithm, seed) in new[] { (ReinforcementAlgorithm.Mede, 1), (ReinforcementAlgorithm.Mede, 2), (ReinforcementAlgorithm.Diayn, 1), (ReinforcementAlgorithm.Diayn, 2), (ReinforcementAlgorithm.Sac, 1) })
        {
            string folder = Path.Combine(Root, $"{algorithm}-{seed}".ToLowerInvariant());
            Directory.CreateDirectory(folder);
            Train(folder, StoreTestRuns.Tiny(algorithm, seed, steps: 300), evaluate: algorithm == ReinforcementAlgorithm.Mede && seed == 1);
            Folders.Add(folder);
        }
    }

    public static SeedRuns Shared => s_shared.Value;

    public static bool Created => s_shared.IsValueCreated;

    public string Root { get; }

    /// <summary>MEDE 1, MEDE 2, DIAYN 1, DIAYN 2, SAC 1.</summary>
    public List<string> Folders { get; } = [];

    public string Evaluated => Folders[0];

    /// <summary>Opens the stores of the runs (the caller disposes them).</summary>
    public List<RunStore> Open() => [.. Folders.Select(RunStore.Open)];

    private static void Train(string folder, TrainingConfiguration options, bool evaluate)
    {
        var ml = new MLContext(seed: 4);
        using var store = RunStore.OpenOrCreate(folder, options);
        RunStoreRecorder recorder = store.CreateRecorder();
        ReinforcementTrainerBase trainer = ml.Reinforcement().Trainers.Create(options, recorder);
        MedeTransformer model = trainer.Fit(ml.Reinforcement().Data.FromEnvironment(StoreTestRuns.MultiGoal()));
        recorder.Flush();
        store.MarkFinished(options.TotalSteps);
        Assert.IsNull(recorder.Failure);
        if (evaluate)
        {
            EvaluationRecorder evaluation = store.BeginEvaluation(options.TotalSteps, episodesPerAgent: 3, deterministic: false);
            ml.Reinforcement().Evaluate(model, StoreTestRuns.MultiGoal(), episodes: 3, recorder: evaluation);
            evaluation.Complete();
            Assert.IsNull(evaluation.Failure);
        }
    }
}

/// <summary>Deletes the shared runs when the test process ends.</summary>
[TestClass]
public sealed class SeedRunsCleanup
{
    /// <summary>Removes <see cref="SeedRuns"/>' folder.</summary>
    [AssemblyCleanup]
    public static void DeleteSeedRuns()
    {
        if (SeedRuns.Created)
        {
            StoreTestRuns.Delete(SeedRuns.Shared.Root);
        }
    }
}
