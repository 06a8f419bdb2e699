using Mede.ML.Environments.MuJoCo;

namespace Mede.ML.Environments.Tests.MuJoCo;

/// <summary>The paper's Multi-direction Ant against the numbers of the SAC codebase's MultiDirectionAntEnv and rllab's
/// AntEnv / MujocoEnv (haarnoja/sac, rll/rllab).</summary>
[TestClass]
[TestCategory(MuJoCoTest.Category)]
public sealed class MultiDirectionAntTests
{
    [TestMethod]
    public void Constructor_Defaults_AreTheSacCodebasesTask()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new MultiDirectionAnt();
        Assert.AreEqual("multidirection-ant", env.Name);
        Assert.AreEqual(125, env.ObservationSpace.Dimension);
        Assert.AreEqual(8, env.ActionSpace.Dimension);
        Assert.AreEqual(0.02, env.Model.TimestepSeconds, 1e-15);
        Assert.AreEqual(1, env.FrameSkip);
        Assert.AreEqual(0.02, env.StepSeconds, 1e-15);
        Assert.AreEqual(1000, env.MaxEpisodeSteps);
        Assert.AreEqual(14, env.Model.BodyCount);
        CollectionAssert.AreEqual(new[] { "speed", "survive", "control", "contact" }, env.RewardTermNames.ToArray());
    }

    [TestMethod]
    public void Reset_ManySeeds_StartPoseIsRllabsWithItsNoise()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new MultiDirectionAnt();
        var obs = new float[125];
        const int Resets = 300;
        double[] qposSum = new double[15];
        double qposSquares = 0, qvelSquares = 0;
        for (int r = 0; r < Resets; r++)
        {
            env.Reset((ulong)r, obs);
            ReadOnlySpan<double> qpos = env.Simulation.Positions, qvel = env.Simulation.Velocities;
            for (int i = 0; i < 15; i++)
            {
                qposSum[i] += qpos[i];
                double noise = qpos[i] - MultiDirectionAnt.StartPositions[i];
                qposSquares += noise * noise;
                Assert.AreEqual((float)qpos[i], obs[i], $"observation[{i}] is qpos[{i}]");
            }

            for (int i = 0; i < 14; i++)
            {
                qvelSquares += qvel[i] * qvel[i];
            }
        }

        // z 0.55, upright, ankles +1, -1, -1, +1 rad (legs 1-4).
        double[] expected = [0, 0, 0.55, 1, 0, 0, 0, 0, 1, 0, -1, 0, -1, 0, 1];
        for (int i = 0; i < 15; i++)
        {
            Assert.AreEqual(expected[i], qposSum[i] / Resets, 0.003, $"mean qpos[{i}]");
        }

        // 0.01·N(0, 1) on qpos and 0.1·N(0, 1) on qvel: sample standard deviations over 4500 and 4200 draws.
        Assert.AreEqual(0.01, Math.Sqrt(qposSquares / (Resets * 15)), 0.0005);
        Assert.AreEqual(0.1, Math.Sqrt(qvelSquares / (Resets * 14)), 0.005);
    }

    [TestMethod]
    public void Step_Standing_ObservationLayoutIsQposQvelContactsRotationCentreOfMass()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new MultiDirectionAnt();
        var obs = new float[125];
        env.Reset(5, obs);
        for (int i = 0; i < 25; i++)
        {
            env.Step(new float[8], obs);
        }

        MuJoCoSimulation sim = env.Simulation;
        for (int i = 0; i < 15; i++)
        {
            Assert.AreEqual((float)sim.Positions[i], obs[i], $"qpos[{i}]");
        }

        for (int i = 0; i < 14; i++)
        {
            Assert.AreEqual((float)sim.Velocities[i], obs[15 + i], $"qvel[{i}]");
        }

        int clipped = 0;
        for (int i = 0; i < 84; i++)
        {
            double force = sim.ExternalForces[i];
            Assert.AreEqual((float)Math.Clamp(force, -1, 1), obs[MultiDirectionAnt.ContactForcesOffset + i], $"cfrc_ext[{i}]");
            clipped += Math.Abs(force) > 1 ? 1 : 0;
        }

        Assert.IsGreaterThan(0, clipped, "standing on its legs, some contact force exceeds 1 N and is clipped");
        for (int i = 0; i < 9; i++)
        {
            Assert.AreEqual((float)sim.BodyOrientations[9 + i], obs[MultiDirectionAnt.TorsoRotationOffset + i], $"xmat[torso][{i}]");
        }

        // A rotation: each row has unit length.
        for (int row = 0; row < 3; row++)
        {
            double length = 0;
            for (int column = 0; column < 3; column++)
            {
                double v = obs[MultiDirectionAnt.TorsoRotationOffset + 3 * row + column];
                length += v * v;
            }

            Assert.AreEqual(1.0, length, 1e-5);
        }

        for (int i = 0; i < 3; i++)
        {
            Assert.AreEqual((float)sim.SubtreeCentersOfMass[3 + i], obs[MultiDirectionAnt.CenterOfMassOffset + i], $"subtree_com[torso][{i}]");
        }

        Assert.AreEqual(obs[0], obs[MultiDirectionAnt.CenterOfMassOffset], 0.05f, "the centre of mass lies near the torso in x");
    }

    [TestMethod]
    public void Step_RandomAction_RewardTermsAreTheSacCodebasesFormula()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new MultiDirectionAnt();
        var obs = new float[125];
        var random = new Random(3);
        env.Reset(3, obs);
        for (int i = 0; i < 10; i++)
        {
            float[] action = EnvironmentFactory.RandomAction(random, 8);
            StepResult result = env.Step(action, obs);
            double squares = action.Sum(a => (double)a * a);
            double contacts = 0;
            for (int j = 0; j < 84; j++)
            {
                contacts += (double)obs[MultiDirectionAnt.ContactForcesOffset + j] * obs[MultiDirectionAnt.ContactForcesOffset + j];
            }

            var (vx, vy) = env.CenterOfMassVelocity;
            Assert.AreEqual((float)Math.Sqrt(vx * vx + vy * vy), env.RewardTerms[0], 1e-6f, "speed = |v_xy| of the centre of mass");
            Assert.AreEqual(0.05f, env.RewardTerms[1], "survive reward");
            Assert.AreEqual((float)(-0.005 * squares), env.RewardTerms[2], 1e-6f, "control cost 0.5 x 1e-2 x sum a^2");
            Assert.AreEqual((float)(-5e-4 * contacts), env.RewardTerms[3], 1e-5f, "contact cost 0.5 x 1e-3 x sum clip(cfrc_ext)^2");
            Assert.AreEqual(env.RewardTerms[0] + env.RewardTerms[1] + env.RewardTerms[2] + env.RewardTerms[3], result.Reward, 1e-6f);
        }
    }

    [TestMethod]
    public void Step_DriftingInTheAir_SpeedIsTheCentreOfMassSpeed()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new MultiDirectionAnt();
        var obs = new float[125];
        env.Reset(1, obs);

        // High above the floor with the whole body moving at (0.3, -0.4) and every joint at rest: no horizontal force
        // acts, so the centre of mass keeps that velocity and the speed term is 0.5.
        double[] qpos = MultiDirectionAnt.StartPositions.ToArray();
        qpos[2] = 0.95;
        double[] qvel = new double[14];
        qvel[0] = 0.3;
        qvel[1] = -0.4;
        env.SetState(qpos, qvel);
        StepResult result = env.Step(new float[8], obs);
        Assert.IsFalse(result.Done);
        Assert.AreEqual(0.3, env.CenterOfMassVelocity.X, 1e-9);
        Assert.AreEqual(-0.4, env.CenterOfMassVelocity.Y, 1e-9);
        Assert.AreEqual(0.5f, env.RewardTerms[0], 1e-6f);
        Assert.AreEqual(0f, env.RewardTerms[3], "no contact in the air");
    }

    [TestMethod]
    public void Step_TorsoBelowHealthyHeight_TerminatesAndStillPaysTheSurviveReward()
    {
        MuJoCoTest.RequireLibrary();
        using var env = new MultiDirectionAnt();
        var obs = new float[125];
        env.Reset(2, obs);
        double[] qpos = MultiDirectionAnt.StartPositions.ToArray();
        qpos[2] = 1.5; // above the healthy interval [0.2, 1]
        env.SetState(qpos, new double[14]);
        StepResult result = env.Step(new float[8], obs);
        Assert.IsTrue(result.Terminated);
        Assert.IsFalse(env.IsHealthy);
        Assert.AreEqual(0.05f, env.RewardTerms[1]);
    }
}
