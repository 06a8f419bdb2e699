using Mede.ML.Analysis.Store;

namespace Mede.ML.Analysis.Tests.Store;

[TestClass]
public sealed class EvaluationFileTests
{
    [TestMethod]
    public void Travel_EveryAgentOrNone_ElseNull()
    {
        string folder = StoreTestRuns.NewFolder("evaluation-file");
        try
        {
            Assert.IsNull(EvaluationFile.Travel(folder), "no evaluation.json");
            string path = Path.Combine(folder, EvaluationFile.FileName);
            File.WriteAllText(path, """{"agents":[{"agent":0,"policy_entropy":1.5,"travel":{"distance":3,"heading":45,"consistency":0.75}},{"agent":1,"policy_entropy":0.5}]}""");
            Assert.IsNull(EvaluationFile.Travel(folder), "agent 1 has none: a run evaluated before travel was measured");
            CollectionAssert.AreEqual(new[] { 1.5, 0.5 }, EvaluationFile.Entropies(folder)!.ToArray());

            File.WriteAllText(path, """{"agents":[{"agent":0,"travel":{"distance":3,"heading":45,"consistency":0.75}}]}""");
            Assert.AreEqual(new Mede.ML.Evaluation.AgentTravel(3, 45, 0.75), EvaluationFile.Travel(folder)!.Single());
            Assert.IsNull(EvaluationFile.Entropies(folder));
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }

    [TestMethod]
    public void Travel_NotAnEvaluation_FailsNamingTheFile()
    {
        string folder = StoreTestRuns.NewFolder("evaluation-file-bad");
        try
        {
            string path = Path.Combine(folder, EvaluationFile.FileName);
            foreach (string text in new[] { "{\"agents\":[{\"travel\":{\"heading\":45}}]}", "not json", "{\"runs\":[]}" })
            {
                File.WriteAllText(path, text);
                var error = Assert.ThrowsExactly<RunStoreException>(() => EvaluationFile.Travel(folder), text);
                StringAssert.Contains(error.Message, path, text);
                StringAssert.Contains(error.Message, "not an evaluation written by mede train", text);
            }
        }
        finally
        {
            StoreTestRuns.Delete(folder);
        }
    }
}
