using Mede.ML.Environments.MuJoCo;

namespace Mede.ML.Environments.Tests.MuJoCo;

[TestClass]
[TestCategory(MuJoCoTest.Category)]
public sealed class AntTests
{
    [TestMethod]
    public void Step_Defaults_RewardsXVelocityWithoutContactCost()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new Ant();
        var obs = new float[27];
        env.Reset(3, obs);
        Assert.AreEqual(15, env.Model.PositionCount);
        Assert.AreEqual(14, env.Model.VelocityCount);
        var random = new Random(3);
        for (int i = 0; i < 10; i++)
        {
            env.Step(EnvironmentFactory.RandomAction(random, 8), obs);
            Assert.AreEqual((float)env.TorsoVelocity.X, env.RewardTerms[0]);
            Assert.AreEqual(0f, env.RewardTerms[3]);
            Assert.AreEqual((float)-env.ControlCost, env.RewardTerms[2]);
        }
    }

    [TestMethod]
    public void Model_Masses_MatchTheV4Geometry()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new Ant();
        ReadOnlySpan<double> mass = env.Model.BodyMasses;
        const double density = 5, r = 0.08;
        double Capsule(double length) => density * Math.PI * r * r * (length + 4 * r / 3);
        Assert.AreEqual(14, mass.Length);
        Assert.AreEqual(density * 4.0 / 3 * Math.PI * Math.Pow(0.25, 3), mass[1], 1e-12, "torso sphere");
        for (int leg = 0; leg < 4; leg++)
        {
            Assert.AreEqual(Capsule(0.2 * Math.Sqrt(2)), mass[2 + 3 * leg], 1e-12, $"hip capsule {leg}");
            Assert.AreEqual(Capsule(0.2 * Math.Sqrt(2)), mass[3 + 3 * leg], 1e-12, $"thigh {leg}");
            Assert.AreEqual(Capsule(0.4 * Math.Sqrt(2)), mass[4 + 3 * leg], 1e-12, $"shin {leg}");
        }
    }

    [TestMethod]
    public void IsHealthy_TorsoHeight_ClosedIntervalAndFiniteState()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new Ant();
        env.Reset(1, new float[27]);
        double[] qpos = env.Model.InitialPositions.ToArray();
        var qvel = new double[14];
        (double Z, bool Healthy)[] cases =
        [
            (0.2, true), (Math.BitDecrement(0.2), false), (1.0, true), (Math.BitIncrement(1.0), false), (0.55, true),
        ];
        foreach (var (z, healthy) in cases)
        {
            qpos[2] = z;
            env.SetState(qpos, qvel);
            Assert.AreEqual(healthy, env.IsHealthy, $"z {z}");
        }

        qpos[2] = 0.55;
        qvel[3] = double.PositiveInfinity;
        env.SetState(qpos, qvel);
        Assert.IsFalse(env.IsHealthy, "an infinite velocity is unhealthy");
    }

    [TestMethod]
    public void Step_TorsoAboveHealthyHeight_Terminates()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new Ant();
        var obs = new float[27];
        env.Reset(1, obs);
        double[] qpos = env.Model.InitialPositions.ToArray();
        qpos[2] = 1.5;
        env.SetState(qpos, new double[14]);
        Assert.IsTrue(env.Step(new float[8], obs).Terminated);
    }
}
