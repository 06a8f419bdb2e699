using Mede.ML.Environments.MuJoCo;

namespace Mede.ML.Environments.Tests.MuJoCo;

[TestClass]
[TestCategory(MuJoCoTest.Category)]
public sealed class Walker2dTests
{
    [TestMethod]
    public void Step_ZeroAction_StaysHealthyForTheFirstSteps()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new Walker2d();
        var obs = new float[17];
        env.Reset(1, obs);
        Assert.AreEqual(9, env.Model.PositionCount);
        for (int i = 0; i < 20; i++)
        {
            Assert.IsFalse(env.Step(new float[6], obs).Terminated, $"step {i + 1}");
            Assert.IsTrue(env.IsHealthy);
        }
    }

    [TestMethod]
    public void Model_InitialPose_MatchesTheV4Geometry()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new Walker2d();
        env.Simulation.Forward();
        (string Body, double Z, double R, double L)[] parts =
        [
            ("torso", 1.25, 0.05, 0.4), ("thigh", 1.05, 0.05, 0.45), ("leg", 0.6, 0.04, 0.5), ("foot", 0.1, 0.06, 0.2),
            ("thigh_left", 1.05, 0.05, 0.45), ("leg_left", 0.6, 0.04, 0.5), ("foot_left", 0.1, 0.06, 0.2),
        ];
        foreach (var (body, z, r, l) in parts)
        {
            int id = env.Model.GetId(MuJoCoObjectType.Body, body);
            Assert.AreEqual(z, env.Simulation.BodyPositions[3 * id + 2], 1e-12, body);
            Assert.AreEqual(1000 * Math.PI * r * r * (l + 4 * r / 3), env.Model.BodyMasses[id], 1e-9, body);
        }
    }

    [TestMethod]
    public void IsHealthy_OnEachOpenBound_IsFalse()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new Walker2d();
        env.Reset(1, new float[17]);
        var qvel = new double[9];
        (double Z, double Angle, bool Healthy)[] cases =
        [
            (1.25, 0.0, true), (0.8, 0.0, false), (Math.BitIncrement(0.8), 0.0, true), (2.0, 0.0, false),
            (1.25, 1.0, false), (1.25, -1.0, false), (1.25, 0.999, true),
        ];
        foreach (var (z, angle, healthy) in cases)
        {
            env.SetState([0, z, angle, 0, 0, 0, 0, 0, 0], qvel);
            Assert.AreEqual(healthy, env.IsHealthy, $"z {z}, angle {angle}");
        }
    }

    [TestMethod]
    public void Step_TorsoTooHigh_TerminatesWithHealthyRewardStillPaid()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new Walker2d();
        var obs = new float[17];
        env.Reset(1, obs);
        env.SetState([0, 2.5, 0, 0, 0, 0, 0, 0, 0], new double[9]);
        StepResult r = env.Step(new float[6], obs);
        Assert.IsTrue(r.Terminated);
        Assert.AreEqual(1f, env.RewardTerms[1], "Gymnasium pays the healthy reward when unhealthiness terminates");
    }
}
