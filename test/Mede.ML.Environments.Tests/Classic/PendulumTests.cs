using Mede.ML.Environments.Checking;

namespace Mede.ML.Environments.Tests;

[TestClass]
public sealed class PendulumTests
{
    [TestMethod]
    public void Check_Defaults_Passes()
    {
        var report = EnvironmentChecker.Check(() => new Pendulum(), steps: 450);

        Assert.IsTrue(report.Passed, report.ToString());
        Assert.AreEqual("pendulum", report.EnvironmentName);
    }

    [TestMethod]
    [DataRow(1.0, 0.5, 1.5f)]
    [DataRow(-2.5, -3.0, -2f)]
    [DataRow(4.0, 1.0, 0f)]
    public void Step_GivenState_MatchesHandComputedDynamicsAndCost(double angle, double velocity, float torque)
    {
        using var env = new Pendulum();
        var obs = new float[3];
        env.Reset(0, obs);
        env.SetState(angle, velocity, obs);

        var result = env.Step([torque], obs);

        // Gymnasium Pendulum-v1 with g = 10, m = l = 1, dt = 0.05, written out by hand.
        double wrapped = angle > Math.PI ? angle - 2 * Math.PI : angle < -Math.PI ? angle + 2 * Math.PI : angle;
        double cost = wrapped * wrapped + 0.1 * velocity * velocity + 0.001 * torque * torque;
        double newVelocity = Math.Clamp(velocity + (15.0 * Math.Sin(angle) + 3.0 * torque) * 0.05, -8, 8);
        double newAngle = angle + newVelocity * 0.05;
        Assert.AreEqual(-cost, result.Reward, 1e-5 * Math.Max(1, cost));
        Assert.AreEqual(newVelocity, env.State.AngularVelocity, 1e-12);
        Assert.AreEqual(newAngle, env.State.Angle, 1e-12);
        Assert.AreEqual((float)Math.Cos(newAngle), obs[0]);
        Assert.AreEqual((float)Math.Sin(newAngle), obs[1]);
        Assert.AreEqual((float)newVelocity, obs[2]);
        Assert.AreEqual((float)(-wrapped * wrapped), env.RewardTerms[0]);
        Assert.AreEqual((float)(-0.1 * velocity * velocity), env.RewardTerms[1]);
        Assert.AreEqual((float)(-0.001 * torque * torque), env.RewardTerms[2]);
        Assert.IsFalse(result.Done);
    }

    [TestMethod]
    public void Step_FastAndPushed_ClipsSpeedAtEight()
    {
        using var env = new Pendulum();
        var obs = new float[3];
        env.Reset(0, obs);
        env.SetState(Math.PI / 2, 7.9, obs);

        env.Step([2f], obs);

        Assert.AreEqual(8.0, env.State.AngularVelocity);
        Assert.AreEqual(8f, obs[2]);
    }

    [TestMethod]
    [DataRow(0.0, 0.0)]
    [DataRow(Math.PI, -Math.PI)]
    [DataRow(-Math.PI, -Math.PI)]
    [DataRow(3 * Math.PI / 2, -Math.PI / 2)]
    [DataRow(-7.0, -7.0 + 2 * Math.PI)]
    public void NormalizeAngle_Angle_WrapsLikePythonModulo(double angle, double expected)
    {
        Assert.AreEqual(expected, Pendulum.NormalizeAngle(angle), 1e-12);
    }

    [TestMethod]
    public void Step_TwoHundredSteps_TruncatesNeverTerminates()
    {
        using var env = new Pendulum();
        var obs = new float[3];
        env.Reset(5, obs);
        for (int t = 1; t < 200; t++)
        {
            Assert.IsFalse(env.Step([1f], obs).Done, $"step {t}");
        }

        var last = env.Step([1f], obs);

        Assert.IsTrue(last.Truncated);
        Assert.IsFalse(last.Terminated);
    }

    [TestMethod]
    public void Reset_ManySeeds_StartsInsideTheDocumentedRanges()
    {
        using var env = new Pendulum();
        var obs = new float[3];
        for (ulong seed = 0; seed < 200; seed++)
        {
            env.Reset(seed, obs);
            Assert.IsTrue(Math.Abs(env.State.Angle) <= Math.PI);
            Assert.IsTrue(Math.Abs(env.State.AngularVelocity) <= 1.0);
        }
    }

    [TestMethod]
    [DataRow(new[] { 0f, 0f }, "has length 2, expected 1")]
    [DataRow(new[] { float.NaN }, "action[0] is NaN")]
    [DataRow(new[] { 2.5f }, "action[0] = 2.5 lies outside [-2, 2]")]
    public void Step_InvalidAction_ThrowsNamingTheProblem(float[] action, string expected)
    {
        using var env = new Pendulum();
        var obs = new float[3];
        env.Reset(0, obs);

        var e = Assert.ThrowsExactly<ArgumentException>(() => env.Step(action, obs));

        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    public void Step_ClipOption_AppliesMaxTorque()
    {
        using var env = new Pendulum(new PendulumOptions { InvalidActions = InvalidActionHandling.Clip });
        var obs = new float[3];
        env.Reset(0, obs);
        env.SetState(0, 0, obs);

        env.Step([5f], obs);

        Assert.AreEqual(3.0 * 2 * 0.05, env.State.AngularVelocity, 1e-12);
        Assert.AreEqual(-0.004f, env.RewardTerms[2], 1e-7f);
    }

    [TestMethod]
    public void Step_SteadyState_AllocatesNothing()
    {
        using var env = new Pendulum();
        var obs = new float[3];
        var action = new float[] { 0.5f };
        env.Reset(1, obs);
        env.Step(action, obs);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 1000; t++)
        {
            if (env.Step(action, obs).Done)
            {
                env.Reset(null, obs);
            }
        }

        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
