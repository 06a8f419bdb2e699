using Mede.ML.Environments.MuJoCo;

namespace Mede.ML.Environments.Tests.MuJoCo;

[TestClass]
[TestCategory(MuJoCoTest.Category)]
public sealed class HopperTests
{
    [TestMethod]
    public void Reset_Seeded_StartsNearTheInitialPoseWithinTheNoise()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new Hopper();
        var obs = new float[11];
        env.Reset(5, obs);
        Assert.AreEqual(1.25, obs[0], 5e-3 + 1e-6, "torso height");
        for (int i = 1; i < 11; i++)
        {
            Assert.AreEqual(0.0, obs[i], 5e-3 + 1e-6, $"observation {i}");
        }

        Assert.IsTrue(env.IsHealthy);
        Assert.AreEqual(6, env.Model.PositionCount);
        Assert.AreEqual(3, env.Model.ActuatorCount);
    }

    [TestMethod]
    public void Model_InitialPose_MatchesTheV4Geometry()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new Hopper();
        MuJoCoModel model = env.Model;

        // Joint anchors of v4's global-coordinate model: torso 1.25, thigh 1.05, leg 0.6, foot 0.1 (metres).
        env.Simulation.Forward();
        double[] z = [1.25, 1.05, 0.6, 0.1];
        string[] bodies = ["torso", "thigh", "leg", "foot"];
        for (int i = 0; i < bodies.Length; i++)
        {
            int id = model.GetId(MuJoCoObjectType.Body, bodies[i]);
            Assert.AreEqual(z[i], env.Simulation.BodyPositions[3 * id + 2], 1e-12, bodies[i]);
        }

        // Masses from the capsules at density 1000: pi r^2 (L + 4r/3) for each (r, L).
        (double R, double L)[] capsules = [(0.05, 0.4), (0.05, 0.45), (0.04, 0.5), (0.06, 0.39)];
        for (int i = 0; i < bodies.Length; i++)
        {
            double mass = 1000 * Math.PI * capsules[i].R * capsules[i].R * (capsules[i].L + 4 * capsules[i].R / 3);
            Assert.AreEqual(mass, model.BodyMasses[i + 1], 1e-9, bodies[i]);
        }
    }

    [TestMethod]
    public void Step_ZeroAction_TorsoStaysAboveHealthyHeightForTheFirstSteps()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new Hopper();
        var obs = new float[11];
        var zero = new float[3];
        env.Reset(1, obs);
        for (int i = 0; i < 20; i++)
        {
            StepResult r = env.Step(zero, obs);
            Assert.IsFalse(r.Terminated, $"step {i + 1}");
            Assert.IsGreaterThan(0.7, env.Simulation.Positions[1]);
            Assert.AreEqual(1f, env.RewardTerms[1], "healthy reward");
            Assert.AreEqual(0f, env.RewardTerms[2], "no control cost at zero action");
        }
    }

    [TestMethod]
    public void Step_FullAction_ControlCostIsWeightTimesSquaredNorm()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new Hopper();
        var obs = new float[11];
        env.Reset(1, obs);
        env.Step([1f, -1f, 0.5f], obs);
        Assert.AreEqual(1e-3 * 2.25, env.ControlCost, 1e-12);
        Assert.AreEqual((float)-env.ControlCost, env.RewardTerms[2]);
        Assert.AreEqual((float)env.ForwardVelocity, env.RewardTerms[0]);
    }

    [TestMethod]
    [DataRow(1, DisplayName = "torso height")]
    [DataRow(2, DisplayName = "torso angle")]
    public void Step_StateExactlyAtHealthyBound_Terminates(int coordinate)
    {
        MuJoCoTest.RequireLibrary();

        // Where does one zero-action step from a fixed state land? The physics is deterministic, so a hopper whose
        // bound sits exactly there must terminate (open interval), and one whose bound sits a hair lower must not.
        double[] qpos = [0, 1.0, 0.1, -0.1, -0.2, 0.05];
        double[] qvel = [0, -0.5, 0.3, 0, 0, 0];
        double landed = StepFrom(new HopperOptions(), qpos, qvel, out bool baseline)[coordinate];
        Assert.IsFalse(baseline);

        HopperOptions AtBound(double low) => coordinate == 1
            ? new HopperOptions { HealthyZRange = (low, double.PositiveInfinity) }
            : new HopperOptions { HealthyAngleRange = (low, 0.2) };

        StepFrom(AtBound(landed), qpos, qvel, out bool atBound);
        StepFrom(AtBound(Math.BitDecrement(landed)), qpos, qvel, out bool inside);
        Assert.IsTrue(atBound, $"coordinate {coordinate} = {landed} on the bound should terminate");
        Assert.IsFalse(inside, "just inside the bound should not terminate");
    }

    [TestMethod]
    public void Step_TorsoBelowHealthyHeight_Terminates()
    {
        MuJoCoTest.RequireLibrary();
        StepFrom(new HopperOptions(), [0, 0.6, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], out bool terminated);
        Assert.IsTrue(terminated);
    }

    [TestMethod]
    public void IsHealthy_StateOutOfRange_IsFalse()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new Hopper();
        env.Reset(1, new float[11]);
        env.SetState([0, 1.25, 0, 0, 0, 0], [0, 0, 0, 100, 0, 0]);
        Assert.IsFalse(env.IsHealthy, "qvel 100 is on the open bound");
        env.SetState([0, 1.25, 0, 0, 0, 0], [0, 0, 0, 99.9, 0, 0]);
        Assert.IsTrue(env.IsHealthy);
        env.SetState([0, 1.25, 0.2, 0, 0, 0], [0, 0, 0, 0, 0, 0]);
        Assert.IsFalse(env.IsHealthy, "angle 0.2 is on the open bound");
    }

    private static double[] StepFrom(HopperOptions options, double[] qpos, double[] qvel, out bool terminated)
    {
        using var env = new Hopper(options);
        var obs = new float[11];
        env.Reset(1, obs);
        env.SetState(qpos, qvel);
        terminated = env.Step(new float[3], obs).Terminated;
        return env.Simulation.Positions.ToArray();
    }
}
