using Mede.ML.Environments.MuJoCo;

namespace Mede.ML.Environments.Tests.MuJoCo;

[TestClass]
[TestCategory(MuJoCoTest.Category)]
public sealed class MultiDirectionAntV4Tests
{
    [TestMethod]
    public void Step_Moving_SpeedTermIsPlanarSpeed()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new MultiDirectionAntV4();
        var obs = new float[27];
        env.Reset(4, obs);

        // Push the torso diagonally: the speed term is |v_xy|, never negative.
        double[] qpos = env.Simulation.Positions.ToArray();
        double[] qvel = env.Simulation.Velocities.ToArray();
        qvel[0] = -0.6;
        qvel[1] = 0.8;
        env.SetState(qpos, qvel);
        env.Step(new float[8], obs);
        var (vx, vy) = env.TorsoVelocity;
        Assert.IsLessThan(0.0, vx);
        Assert.IsGreaterThan(0.0, vy);
        Assert.AreEqual((float)Math.Sqrt(vx * vx + vy * vy), env.RewardTerms[0], 1e-6f);
        Assert.AreEqual("speed", env.RewardTermNames[0]);
    }

    [TestMethod]
    public void Step_StandingOnTheFloor_PaysAContactCostWithinItsBound()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new MultiDirectionAntV4();
        var obs = new float[27];
        env.Reset(4, obs);
        for (int i = 0; i < 20; i++)
        {
            env.Step(new float[8], obs);
        }

        // Resting on its legs, contact forces exceed 1 N somewhere, so the clipped cost is positive; each of the
        // 14 bodies x 6 components contributes at most 1.
        Assert.IsTrue(env.Options.UseContactCost);
        Assert.IsGreaterThan(0.0, env.ContactCost);
        Assert.IsLessThanOrEqualTo(5e-4 * 14 * 6, env.ContactCost);
        Assert.AreEqual((float)-env.ContactCost, env.RewardTerms[3]);
    }
}
