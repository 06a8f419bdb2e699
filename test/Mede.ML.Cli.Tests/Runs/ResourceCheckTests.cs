using System.Globalization;
using System.Text.RegularExpressions;
using Mede.ML.Algorithms;
using Mede.ML.Cli.Runs;
using Mede.ML.Training;

namespace Mede.ML.Cli.Tests.Runs;

[TestClass]
public sealed class ResourceCheckTests
{
    [TestMethod]
    public void CheckpointBytes_ThousandSeparateAgents_IsAboveTheWarningSize()
    {
        // The probe of #18: --agents 1000 wrote a 3.2 GB checkpoint with no word.
        var options = new TrainingConfiguration { NumberOfAgents = 1000, NetworkMode = NetworkMode.Separate, HiddenLayerSizes = [128, 128], TotalSteps = 60_000 };
        var (networks, replay) = ResourceCheck.CheckpointBytes(options, observation: 2, action: 2);
        Assert.IsGreaterThan(ResourceCheck.WarnBytes, networks + replay);
    }

    [TestMethod]
    public void CheckpointBytes_DefaultMultiGoalRun_IsBelowTheWarningSize()
    {
        var options = new TrainingConfiguration { NumberOfAgents = 4, NetworkMode = NetworkMode.Separate, TotalSteps = 60_000 };
        var (networks, replay) = ResourceCheck.CheckpointBytes(options, observation: 2, action: 2);
        Assert.IsLessThan(ResourceCheck.WarnBytes, networks + replay);
        Assert.IsGreaterThan(0L, networks);
    }

    [TestMethod]
    [DoNotParallelize]
    public void Train_ThousandAgents_WarnsOfTheCheckpointSizeBeforeTraining()
    {
        // The probe of #18 end to end: a real mede train with 1,000 agents (MultiGoal's separate networks). The warning
        // comes before the networks are built; the process is killed as soon as it is read, so the gigabytes it
        // announces are never allocated or written.
        string folder = Path.Combine(Path.GetTempPath(), "mede-resources-" + Guid.NewGuid().ToString("N"));
        try
        {
            string warning;
            using (var training = new MedeProcess("train", "--out", folder, "--agents", "1000", "--steps", "1000", "--eval-episodes", "1"))
            {
                training.WaitUntil(() => training.Error.Contains("warning: each checkpoint", StringComparison.Ordinal), "the checkpoint-size warning", seconds: 60);
                warning = training.Error;
            }

            Match size = Regex.Match(warning, @"each checkpoint of this run will take about (?<gb>[\d.]+) GB");
            Assert.IsTrue(size.Success, warning);
            Assert.IsGreaterThanOrEqualTo(1.0, double.Parse(size.Groups["gb"].Value, CultureInfo.InvariantCulture), warning);
            StringAssert.Contains(warning, "Lower --agents");
            Assert.AreEqual(0, MedeProcess.CompleteCheckpoints(folder), "stopped before anything was trained");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
