using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Mede.ML.Tests;

/// <summary>
/// The README's pipeline example (context, catalog, trainer, Fit, Transform, Save, Load, Evaluate), compiled and run
/// as written with a tiny budget; the substitutions are those of <see cref="ReadmeExampleTests"/>, so the text can
/// move into the README as it is.
/// </summary>
[TestClass]
public sealed class PipelineExampleTests
{
    /// <summary>The example, exactly as the README shows it.</summary>
    internal const string Example = """
        using System;
        using Mede.ML;
        using Mede.ML.Data;
        using Mede.ML.Evaluation;

        var ml = new MLContext(seed: 1);
        var multiGoal = ml.Reinforcement().Environments.MultiGoal();

        // Four agents learn online in MultiGoal; the trainer drives the environment with its own agents.
        MedeTrainer trainer = ml.Reinforcement().Trainers.Mede(new MedeTrainer.Options { NumberOfAgents = 4, TotalSteps = 30_000 });
        MedeTransformer model = trainer.Fit(ml.Reinforcement().Data.FromEnvironment(multiGoal));

        // Score an episode of agent 2: PredictedAction, AgentScores = log q(z|s,a) for every z, LogProbability, Q.
        IDataView rollout = ml.Reinforcement().Data.FromEnvironment(multiGoal, behaviour: model.GetPolicy(2), episodes: 1);
        Console.WriteLine(model.Transform(rollout).Preview(maxRows: 5));

        ml.Model.Save(model, "multigoal.mede.zip");
        MedeTransformer loaded = ml.Model.Load("multigoal.mede.zip");
        EvaluationReport report = ml.Reinforcement().Evaluate(loaded, multiGoal, episodes: 50);
        foreach (AgentEvaluation agent in report.Agents)
        {
            Console.WriteLine($"agent {agent.Agent}: {agent.MeanReturn:F1} +- {agent.StdReturn:F1}, goals {string.Join(",", agent.GoalCounts!)}");
        }
        """;

    [TestMethod]
    public async Task Example_AsWritten_TrainsScoresSavesLoadsAndEvaluates()
    {
        string model = Path.Combine(Path.GetTempPath(), "mede-pipeline-" + Guid.NewGuid().ToString("N") + ".mede.zip");
        string code = Example
            .Replace("TotalSteps = 30_000", "TotalSteps = 120, WarmupSteps = 40, BatchSize = 16, HiddenLayerSizes = [16], DiscriminatorHiddenLayerSizes = [16]", StringComparison.Ordinal)
            .Replace("episodes: 50", "episodes: 2", StringComparison.Ordinal)
            .Replace("\"multigoal.mede.zip\"", "@\"" + model + "\"", StringComparison.Ordinal);
        Assert.AreEqual(3, code.Split(model).Length, "both mentions of the model file point to the temporary one");

        var output = new StringWriter();
        TextWriter original = Console.Out;
        Console.SetOut(output);
        try
        {
            ScriptOptions options = ScriptOptions.Default
                .AddReferences(typeof(MedeTrainer).Assembly, typeof(Environments.MultiGoal).Assembly, typeof(Neural.Tensor).Assembly);
            await CSharpScript.RunAsync(code, options);
        }
        finally
        {
            Console.SetOut(original);
            File.Delete(model);
        }

        string printed = output.ToString();
        foreach (string column in new[] { "PredictedAction", "AgentScores", "LogProbability", "Q" })
        {
            StringAssert.Contains(printed, column);
        }

        for (int k = 0; k < 4; k++)
        {
            StringAssert.Contains(printed, $"agent {k}: ");
        }
    }
}
