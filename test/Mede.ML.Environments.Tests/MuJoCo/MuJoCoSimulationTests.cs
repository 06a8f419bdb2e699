using Mede.ML.Environments.MuJoCo;

namespace Mede.ML.Environments.Tests.MuJoCo;

[TestClass]
[TestCategory(MuJoCoTest.Category)]
public sealed class MuJoCoSimulationTests
{
    [TestMethod]
    public void Step_FreeFall_MatchesSemiImplicitEuler()
    {
        MuJoCoTest.RequireLibrary();
        var model = MuJoCoModel.FromXml(TestModels.FreeFall, "freefall.xml");
        using var sim = model.CreateSimulation();
        const int n = 500;
        double dt = model.TimestepSeconds, g = 9.81;
        double ballZ0 = sim.Positions[2], sliderZ0 = sim.Positions[7];

        sim.Step(n);

        // Semi-implicit Euler: v_k = -g k dt, so z_n = z_0 - g dt² n(n+1)/2 (not the continuous ½ g t²).
        double drop = g * dt * dt * n * (n + 1) / 2;
        Assert.AreEqual(1.0, sim.Time, 1e-12);
        Assert.AreEqual(ballZ0 - drop, sim.Positions[2], 1e-9);
        Assert.AreEqual(sliderZ0 - drop, sim.Positions[7], 1e-9);
        Assert.AreEqual(-g * n * dt, sim.Velocities[2], 1e-9);
        Assert.AreEqual(-g * n * dt, sim.Velocities[6], 1e-9);
        Assert.AreEqual(0.0, sim.Positions[0], 1e-12);
    }

    [TestMethod]
    public void RnePostConstraint_BoxRestingOnFloor_ContactForceEqualsWeight()
    {
        MuJoCoTest.RequireLibrary();
        var model = MuJoCoModel.FromXml(TestModels.RestingBox, "restingbox.xml");
        using var sim = model.CreateSimulation();
        int box = model.GetId(MuJoCoObjectType.Body, "box");
        sim.Step(500);
        sim.RnePostConstraint();
        Assert.AreEqual(3 * 9.81, sim.ExternalForces[box * 6 + 5], 1e-3);
        Assert.IsGreaterThan(0, sim.ContactCount);
    }

    [TestMethod]
    public void Controls_MotorAtFullControl_AppliesGearedForce()
    {
        MuJoCoTest.RequireLibrary();
        var model = MuJoCoModel.FromXml(TestModels.RestingBox, "restingbox.xml");
        using var sim = model.CreateSimulation();
        sim.Controls[0] = 1.0;
        sim.Forward();
        Assert.AreEqual(1.0, sim.ActuatorForces[0]);
    }

    [TestMethod]
    public void ThrowIfWarned_NaNVelocity_RaisesBadStateNamingEnvironmentAndStep()
    {
        MuJoCoTest.RequireLibrary();
        var model = MuJoCoModel.FromXml(TestModels.FreeFall, "freefall.xml");
        using var sim = model.CreateSimulation();
        sim.Step(3);
        sim.Velocities[2] = double.NaN;
        sim.Step();

        // MuJoCo reset the state silently, counted the warning and finished the step from rest.
        Assert.AreEqual(MuJoCoWarning.BadVelocity, sim.FindWarning());
        Assert.AreEqual(1, sim.WarningCount(MuJoCoWarning.BadVelocity));
        Assert.AreEqual(10.0 - 9.81 * 0.002 * 0.002, sim.Positions[2], 1e-9);
        var e = Assert.ThrowsExactly<MuJoCoException>(() => sim.ThrowIfWarned("freefall", 4));
        StringAssert.Contains(e.Message, "'freefall', step 4");
        StringAssert.Contains(e.Message, "BadVelocity");

        sim.Reset();
        Assert.IsNull(sim.FindWarning());
    }

    [TestMethod]
    public void AllocatedBytes_SizedArena_IsSmall()
    {
        MuJoCoTest.RequireLibrary();
        var model = MuJoCoModel.FromXml(TestModels.RestingBox, "restingbox.xml");
        using var sim = model.CreateSimulation();
        Assert.IsLessThan(400_000L, sim.AllocatedBytes);
    }
}
