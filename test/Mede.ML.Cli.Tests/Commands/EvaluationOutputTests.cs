using System.Text.Json;
using Mede.ML.Cli.Commands;
using Mede.ML.Evaluation;

namespace Mede.ML.Cli.Tests.Commands;

[TestClass]
public sealed class EvaluationOutputTests
{
    private string _folder = string.Empty;

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "mede-evaluation-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void Save_WriteFailsHalfWay_TheEarlierEvaluationSurvivesWholeAndNoTemporaryFileStays()
    {
        string path = Path.Combine(_folder, "evaluation.json");
        EvaluationOutput.Save(_folder, Report(meanReturn: -3.5));
        byte[] earlier = File.ReadAllBytes(path);

        // Half the bytes reach the file, then the disk is full.
        IOException e = Assert.ThrowsExactly<IOException>(() => EvaluationOutput.Save(_folder, Report(meanReturn: 12.25), (stream, bytes) =>
        {
            stream.Write(bytes, 0, bytes.Length / 2);
            stream.Flush();
            throw new IOException("No space left on device");
        }));

        StringAssert.Contains(e.Message, "No space left");
        CollectionAssert.AreEqual(earlier, File.ReadAllBytes(path), "the earlier evaluation.json was cut or replaced");
        using (JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(path)))
        {
            Assert.AreEqual(-3.5, json.RootElement.GetProperty("agents")[0].GetProperty("mean_return").GetDouble());
        }

        CollectionAssert.AreEqual(new[] { "evaluation.json" }, Directory.GetFiles(_folder).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void Save_Twice_TheSecondReplacesTheFirstWhole()
    {
        EvaluationOutput.Save(_folder, Report(meanReturn: -3.5));
        EvaluationOutput.Save(_folder, Report(meanReturn: 12.25));

        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_folder, "evaluation.json")));
        Assert.AreEqual(12.25, json.RootElement.GetProperty("agents")[0].GetProperty("mean_return").GetDouble());
        Assert.AreEqual(2, json.RootElement.GetProperty("distinct_goals").GetInt32());
    }

    private static EvaluationReport Report(double meanReturn) =>
        new([new AgentEvaluation(0, 5, meanReturn, 1.5, meanReturn + 2, [3, 2]), new AgentEvaluation(1, 5, 0.5, 0.25, 1, [0, 5])], Deterministic: false, DistinctGoals: 2);
}
