using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Mede.ML.Tests;

/// <summary>Runs every C# example of the README as written (with a smaller budget and temporary paths), so the
/// README cannot rot.</summary>
[TestClass]
public sealed partial class ReadmeExampleTests
{
    public static IEnumerable<object[]> Examples()
    {
        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        MatchCollection blocks = CSharpBlock().Matches(readme);
        Assert.IsGreaterThanOrEqualTo(2, blocks.Count, "the README shows the pipeline and the session examples");
        for (int i = 0; i < blocks.Count; i++)
        {
            yield return [i, blocks[i].Groups[1].Value];
        }
    }

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public async Task Example_AsWritten_RunsAndPrintsEveryAgent(int index, string example)
    {
        string folder = Path.Combine(Path.GetTempPath(), "mede-readme-" + Guid.NewGuid().ToString("N"));
        string code = example
            .Replace("TotalSteps = 30_000", "TotalSteps = 120, WarmupSteps = 40, BatchSize = 16, HiddenLayerSizes = [16], DiscriminatorHiddenLayerSizes = [16]", StringComparison.Ordinal)
            .Replace("episodes: 50", "episodes: 2", StringComparison.Ordinal)
            .Replace("\"runs/example/checkpoints\"", "@\"" + folder + "\"", StringComparison.Ordinal)
            .Replace("\"runs/analysis\"", "@\"" + folder + "\"", StringComparison.Ordinal)
            .Replace("\"runs/analysis/paths.svg\"", "@\"" + Path.Combine(folder, "paths.svg") + "\"", StringComparison.Ordinal)
            .Replace("\"multigoal.mede.zip\"", "@\"" + Path.Combine(folder, "multigoal.mede.zip") + "\"", StringComparison.Ordinal)
            .Replace("\"policy.onnx\"", "@\"" + Path.Combine(folder, "policy.onnx") + "\"", StringComparison.Ordinal);
        Assert.AreNotEqual(example, code, $"the budget substitutions still match README example {index}");
        Directory.CreateDirectory(folder);
        if (code.Contains("policy.onnx", StringComparison.Ordinal))
        {
            // What `mede export RUN --format onnx` writes: four MultiGoal policies, briefly trained.
            using var session = new global::Mede.ML.Training.TrainingSession(TestOptions.Tiny(agents: 4), () => new Environments.MultiGoal());
            session.Run();
            global::Mede.ML.Persistence.Onnx.OnnxPolicyExporter.Export(new MedeTransformer(session), Path.Combine(folder, "policy.onnx"));
        }

        var output = new StringWriter();
        TextWriter original = Console.Out;
        Console.SetOut(output);
        try
        {
            ScriptOptions options = ScriptOptions.Default
                .AddReferences(typeof(MedeTrainer).Assembly, typeof(Environments.MultiGoal).Assembly, typeof(Neural.Tensor).Assembly, typeof(Analysis.Store.RunStore).Assembly)
                .AddReferences(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly)
                .AddReferences(typeof(MLContext).Assembly, typeof(IDataView).Assembly, typeof(Microsoft.ML.Runtime.IHostEnvironment).Assembly, typeof(Microsoft.Data.Analysis.DataFrame).Assembly);
            await CSharpScript.RunAsync(code, options);
            if (code.Contains("paths.svg", StringComparison.Ordinal))
            {
                Assert.AreEqual("svg", System.Xml.Linq.XDocument.Load(Path.Combine(folder, "paths.svg")).Root!.Name.LocalName);
            }
        }
        finally
        {
            Console.SetOut(original);
            Directory.Delete(folder, recursive: true);
        }

        string printed = output.ToString();
        for (int k = 0; k < 4; k++)
        {
            StringAssert.Contains(printed, $"agent {k}: ");
        }

        if (code.Contains(".Transform(", StringComparison.Ordinal))
        {
            foreach (string column in new[] { "PredictedAction", "AgentScores", "LogProbability", "Q" })
            {
                StringAssert.Contains(printed, column);
            }
        }
    }

    [TestMethod]
    public void PipelineExample_FirstLine_UsesTheRealMLNet()
    {
        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        string pipeline = CSharpBlock().Matches(readme)[0].Groups[1].Value;

        StringAssert.StartsWith(pipeline, "using Microsoft.ML;\n");
        StringAssert.Contains(pipeline, "ml.Model.Save(model, ");
        StringAssert.Contains(pipeline, "ml.Model.Load(");
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
