using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Mede.ML.Tests;

/// <summary>Runs the README's C# example as written (with a smaller budget), so the README cannot rot.</summary>
[TestClass]
public sealed partial class ReadmeExampleTests
{
    [TestMethod]
    public async Task LibraryExample_AsWritten_RunsAndPrintsEveryAgent()
    {
        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        Match block = CSharpBlock().Match(readme);
        Assert.IsTrue(block.Success, "the README has a ```csharp example");
        string folder = Path.Combine(Path.GetTempPath(), "mede-readme-" + Guid.NewGuid().ToString("N"));
        string code = block.Groups[1].Value
            .Replace("TotalSteps = 30_000", "TotalSteps = 120, WarmupSteps = 40, BatchSize = 16, HiddenLayerSizes = [16], DiscriminatorHiddenLayerSizes = [16]", StringComparison.Ordinal)
            .Replace("episodes: 50", "episodes: 2", StringComparison.Ordinal)
            .Replace("\"runs/example/checkpoints\"", "@\"" + folder + "\"", StringComparison.Ordinal);
        Assert.AreNotEqual(block.Groups[1].Value, code, "the budget substitutions still match the README");

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
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        string printed = output.ToString();
        for (int k = 0; k < 4; k++)
        {
            StringAssert.Contains(printed, $"agent {k}: ");
        }
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
