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
}
