namespace Mede.ML.Environments.Tests;

[TestClass]
public sealed class PendulumOptionsTests
{
    [TestMethod]
    public void Parse_Empty_GivesGymnasiumConstants()
    {
        var o = PendulumOptions.Parse([]);

        Assert.AreEqual(10.0, o.Gravity);
        Assert.AreEqual(1.0, o.Mass);
        Assert.AreEqual(1.0, o.Length);
        Assert.AreEqual(0.05, o.TimestepSeconds);
        Assert.AreEqual(2f, o.MaxTorque);
        Assert.AreEqual(8f, o.MaxSpeed);
        Assert.AreEqual(200, o.Horizon);
    }

    [TestMethod]
    public void Parse_Keys_SetOptions()
    {
        var o = PendulumOptions.Parse([new("gravity", "9.81"), new("horizon", "100"), new("invalid-actions", "clip"), new("max-torque", "3")]);

        Assert.AreEqual(9.81, o.Gravity, 1e-6);
        Assert.AreEqual(100, o.Horizon);
        Assert.AreEqual(InvalidActionHandling.Clip, o.InvalidActions);
        Assert.AreEqual(3f, o.MaxTorque);
    }

    [TestMethod]
    [DataRow("torque", "1", "Unknown Pendulum option 'torque'. Valid options: gravity, mass")]
    [DataRow("mass", "-1", "Mass is -1; it must be a positive finite number")]
    [DataRow("dt", "fast", "'fast' is not a finite number")]
    public void Parse_BadInput_ThrowsListingValidChoices(string key, string value, string expected)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => PendulumOptions.Parse([new(key, value)]));

        StringAssert.Contains(e.Message, expected);
    }
}
