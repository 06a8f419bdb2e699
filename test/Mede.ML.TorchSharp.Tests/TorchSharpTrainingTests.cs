using Mede.ML.Algorithms;
using Mede.ML.Environments;
using Mede.ML.Evaluation;
using Mede.ML.Training;

namespace Mede.ML.TorchSharp.Tests;

/// <summary>The training loop with <see cref="TrainingBackend.TorchSharp"/>: Mede.ML finds this backend by name, and
/// checkpoints, resume and evaluation work as with the managed engine.</summary>
[TestClass]
public sealed class TorchSharpTrainingTests
{
    [TestMethod]
    public void Run_TorchSharpBackend_CheckpointsAndResumesToTheSameWeightsAsAnUninterruptedRun()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mede-torch-" + Guid.NewGuid().ToString("N"));
        try
        {
            TrainingConfiguration options = Small();
            options.TotalSteps = 300;
            using (var first = new TrainingSession(options, () => new MultiGoal(), Path.Combine(folder, "a")))
            {
                Assert.IsInstanceOfType<TorchSharpLearner>(first.Learner);
                first.Run();
            }

            Dictionary<string, float[]> resumed;
            using (var session = TrainingSession.Resume(Path.Combine(folder, "a"), () => new MultiGoal(), totalSteps: 500))
            {
                Assert.IsInstanceOfType<TorchSharpLearner>(session.Learner);
                session.Run();
                resumed = session.Learner.Weights(forCheckpoint: true).ToDictionary(w => w.Name, w => w.Value.ToArray());
                EvaluationReport report = Evaluator.Evaluate(session.CreatePolicies(), () => new MultiGoal(), episodes: 1, deterministic: true);
                Assert.HasCount(2, report.Agents);
            }

            options.TotalSteps = 500;
            using var straight = new TrainingSession(options, () => new MultiGoal(), Path.Combine(folder, "b"));
            straight.Run();
            foreach (var (name, value) in straight.Learner.Weights(forCheckpoint: true))
            {
                Tolerance.AssertClose(value.Data, resumed[name], 1e-6, 1e-5, $"weight {name} after resume");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static TrainingConfiguration Small() => new()
    {
        Backend = TrainingBackend.TorchSharp,
        Algorithm = ReinforcementAlgorithm.Mede,
        NumberOfAgents = 2,
        HiddenLayerSizes = [32, 32],
        DiscriminatorHiddenLayerSizes = [32, 32],
        BatchSize = 32,
        WarmupSteps = 100,
        CheckpointInterval = 100,
        MetricsInterval = 100,
        Seed = 4,
    };
}
