using Mede.ML.Environments.Checking;
using Mede.ML.Environments.MuJoCo;

namespace Mede.ML.Environments.Tests.MuJoCo;

[TestClass]
[TestCategory("MuJoCo")]
public sealed class MuJoCoOptionParserTests
{
    [TestMethod]
    [DataRow("hopper", 11, 3)]
    [DataRow("walker2d", 17, 6)]
    [DataRow("ant", 27, 8)]
    [DataRow("multidirection-ant", 125, 8)]
    [DataRow("multidirection-ant-v4", 27, 8)]
    public void Registry_ByName_CreatesTheTaskAndPassesTheChecker(string name, int observations, int actions)
    {
        MuJoCoTest.RequireLibrary();
        using (IEnvironment environment = EnvironmentRegistry.Create(name))
        {
            Assert.AreEqual(observations, environment.ObservationSpace.Dimension);
            Assert.AreEqual(actions, environment.ActionSpace.Dimension);
        }

        EnvironmentChecker.Check(EnvironmentRegistry.Factory(name), steps: 200).ThrowIfFailed();
    }

    [TestMethod]
    public void Parse_KebabCaseKeysAndRanges_SetsTheOptions()
    {
        var options = MuJoCoOptionParser.Parse<HopperOptions>("hopper", new Dictionary<string, string>
        {
            ["healthy-reward"] = "0.5",
            ["HealthyZRange"] = "0.8, 2",
            ["max_episode_steps"] = "200",
        });
        Assert.AreEqual(0.5, options.HealthyReward);
        Assert.AreEqual((0.8, 2.0), options.HealthyZRange);
        Assert.AreEqual(200, options.MaxEpisodeSteps);
    }

    [TestMethod]
    [DataRow("gravity", "1", "unknown option 'gravity'", "healthy-reward")]
    [DataRow("healthy-reward", "lots", "'lots' is not valid", "Double")]
    [DataRow("healthy-z-range", "0.7", "is not valid", "low,high")]
    public void Parse_BadKeyOrValue_NamesItAndTheValidForms(string key, string value, string expected, string hint)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            MuJoCoOptionParser.Parse<HopperOptions>("hopper", new Dictionary<string, string> { [key] = value }));
        StringAssert.Contains(e.Message, expected);
        StringAssert.Contains(e.Message, hint);
    }
}
