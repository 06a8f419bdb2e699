using Mede.ML.Algorithms;
using Mede.ML.Environments;
using Mede.ML.Evaluation;
using Mede.ML.Training;

namespace Mede.ML.TorchSharp.Tests.Learning;

/// <summary>
/// The managed engine's learning checks (test/Mede.ML.Tests/Learning/LearningTests.cs) with the TorchSharp backend, at
/// the same budgets, seeds and bars. The backends draw the same initial weights and noise, so they follow nearly the
/// same trajectory; the margins measured here are in the comments.
/// </summary>
[TestClass]
[TestCategory("Learning")]
[DoNotParallelize]
public sealed class TorchSharpLearningTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Sac_PendulumTenThousandSteps_SwingsUpAndBalances()
    {
        var options = new TrainingConfiguration
        {
            Backend = TrainingBackend.TorchSharp,
            Algorithm = ReinforcementAlgorithm.Sac,
            NumberOfAgents = 1,
            HiddenLayerSizes = [64, 64],
            LearningRate = 1e-3f,
            TotalSteps = 10_000,
            WarmupSteps = 1_000,
            CheckpointInterval = 0,
        };
        // Measured (seed 0): mean return -85 +- 56 over 10 deterministic episodes (the managed engine: -87 +- 55), in 56 s
        // on this shared machine; the bar is -400, a random policy scores about -1,200.
        using var session = new TrainingSession(options, () => new Pendulum());
        session.Run();
        EvaluationReport report = Evaluator.Evaluate(session.CreatePolicies(), () => new Pendulum(), episodes: 10, deterministic: true);
        TestContext.WriteLine($"SAC Pendulum (TorchSharp): mean return {report.Agents[0].MeanReturn:F1} +- {report.Agents[0].StdReturn:F1}");
        Assert.IsGreaterThan(-400.0, report.Agents[0].MeanReturn, $"mean return {report.Agents[0].MeanReturn:F1}");
    }

    [TestMethod]
    public void Mede_MultiGoalFourAgents_ReachesThreeGoalsAndBecomesDiscriminable()
    {
        // Measured (seed 1, separate networks, 16,000 steps): 3 distinct goals, late log q(z|s,a) = -0.42 (the managed
        // engine: 3 goals, -0.40; chance is log(1/4) = -1.39). It took 4 min 37 s on this shared two-core machine, more
        // than the rest of the suite together, so it runs when asked for (MEDE_LONG_TESTS=1).
        if (Environment.GetEnvironmentVariable("MEDE_LONG_TESTS") != "1")
        {
            Assert.Inconclusive("A 4-5 minute learning run; set MEDE_LONG_TESTS=1 to run it.");
        }

        var options = TaskPresets.For("multigoal");
        options.Backend = TrainingBackend.TorchSharp;
        options.NetworkMode = NetworkMode.Separate;
        options.Threads = 2;
        options.TotalSteps = 16_000;
        options.Seed = 1;
        options.CheckpointInterval = 0;
        options.MetricsInterval = 1_000;
        var recorder = new MemoryRecorder();
        using var session = new TrainingSession(options, () => new MultiGoal(), recorder: recorder);
        session.Run();
        EvaluationReport report = Evaluator.Evaluate(session.CreatePolicies(), () => new MultiGoal(), episodes: 10);
        double late = recorder.Metrics.Where(m => m.Name == "log_q_z_given_sa" && m.Step > 12_000).Average(m => m.Value);
        TestContext.WriteLine($"MEDE MultiGoal (TorchSharp): {report.DistinctGoals} goals ({string.Join("; ", report.Agents.Select(a => string.Join(",", a.GoalCounts!)))}), late log q(z|s,a) {late:F2}");
        Assert.IsGreaterThanOrEqualTo(3, report.DistinctGoals!.Value, string.Join("; ", report.Agents.Select(a => string.Join(",", a.GoalCounts!))));
        Assert.IsGreaterThan(Math.Log(0.25) + 0.5, late, $"late log q(z|s,a) = {late:F2}");
    }

    private sealed class MemoryRecorder : ITrainingRecorder
    {
        public List<(long Step, string Name, int? Agent, double Value)> Metrics { get; } = [];

        public void RecordMetric(long step, string name, int? agent, double value)
        {
            lock (Metrics)
            {
                Metrics.Add((step, name, agent, value));
            }
        }

        public void RecordEpisode(EpisodeRecord episode)
        {
        }

        public void Flush()
        {
        }
    }
}
