using Mede.ML.Environments.Checking;

namespace Mede.ML.Environments.Tests;

[TestClass]
public sealed class EnvironmentRegistryTests
{
    [TestMethod]
    [DataRow("multigoal", typeof(MultiGoal))]
    [DataRow("Pendulum", typeof(Pendulum))]
    public void Create_BuiltInName_CreatesIt(string name, Type expected)
    {
        using var env = EnvironmentRegistry.Create(name);

        Assert.IsInstanceOfType(env, expected);
        CollectionAssert.IsSubsetOf(new[] { "multigoal", "pendulum" }, EnvironmentRegistry.Names.ToArray());
    }

    [TestMethod]
    public void Create_Options_AreParsed()
    {
        using var env = (MultiGoal)EnvironmentRegistry.Create("multigoal", new Dictionary<string, string> { ["goals"] = "5,0;-5,0", ["horizon"] = "40" });

        Assert.AreEqual(2, env.Goals.Count);
        Assert.AreEqual(40, env.MaxEpisodeSteps);
    }

    [TestMethod]
    public void Create_BadOption_ThrowsFromTheEnvironmentsParser()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => EnvironmentRegistry.Create("pendulum", new Dictionary<string, string> { ["speed"] = "1" }));

        StringAssert.Contains(e.Message, "Unknown Pendulum option 'speed'");
    }

    [TestMethod]
    public void Create_UnknownName_ThrowsListingRegisteredNames()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => EnvironmentRegistry.Create("cartpole"));

        StringAssert.Contains(e.Message, "Unknown environment 'cartpole'. Registered environments:");
        StringAssert.Contains(e.Message, "multigoal");
        StringAssert.Contains(e.Message, "pendulum");
    }

    [TestMethod]
    public void Register_NewName_CanBeCreatedAndChecked()
    {
        EnvironmentRegistry.Register("test-short-pendulum", options => new Pendulum(new PendulumOptions { Horizon = 20 }));

        var report = EnvironmentChecker.Check(EnvironmentRegistry.Factory("TEST-short-pendulum"), steps: 50);

        Assert.IsTrue(EnvironmentRegistry.Contains("test-short-pendulum"));
        Assert.IsTrue(report.Passed, report.ToString());
    }

    [TestMethod]
    public void Register_ExistingName_Throws()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => EnvironmentRegistry.Register("multigoal", _ => new MultiGoal()));

        StringAssert.Contains(e.Message, "'multigoal' is already registered");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("hopper v4")]
    [DataRow("ant_2")]
    public void Register_MalformedName_Throws(string name)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => EnvironmentRegistry.Register(name, _ => new MultiGoal()));

        StringAssert.Contains(e.Message, "use lower-case letters, digits and dashes");
    }
}
