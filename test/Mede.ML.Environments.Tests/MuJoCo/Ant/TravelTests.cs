using Mede.ML.Environments.MuJoCo;

namespace Mede.ML.Environments.Tests.MuJoCo;

/// <summary>The ants say how far and which way their torso went since the episode began (ITravelEnvironment).</summary>
[TestClass]
[TestCategory(MuJoCoTest.Category)]
public sealed class TravelTests
{
    public static IEnumerable<object[]> Ants => [["multidirection-ant"], ["multidirection-ant-v4"], ["ant"]];

    [TestMethod]
    [DynamicData(nameof(Ants))]
    public void Travelled_AfterResetAndSteps_IsTheTorsosDisplacementFromTheEpisodesStart(string name)
    {
        MuJoCoTest.RequireLibrary();
        using var env = (MuJoCoEnvironment)EnvironmentRegistry.Create(name);
        var travel = (ITravelEnvironment)env;
        var observation = new float[env.ObservationSpace.Dimension];
        var action = new float[env.ActionSpace.Dimension];
        var random = new Random(3);
        env.Reset(5, observation);
        Assert.AreEqual((0.0, 0.0), travel.Travelled, "nothing travelled at the start");
        double x0 = env.Simulation.Positions[0], y0 = env.Simulation.Positions[1];
        for (int t = 0; t < 40; t++)
        {
            for (int i = 0; i < action.Length; i++)
            {
                action[i] = (float)((2 * random.NextDouble()) - 1);
            }

            env.Step(action, observation);
        }

        var (x, y) = travel.Travelled;
        Assert.AreEqual(env.Simulation.Positions[0] - x0, x, 1e-12);
        Assert.AreEqual(env.Simulation.Positions[1] - y0, y, 1e-12);
        Assert.IsGreaterThan(1e-3, Math.Abs(x) + Math.Abs(y), "40 random steps move the torso");

        // A restored state does not know where its episode began; the next reset starts counting again.
        using var saved = new MemoryStream();
        using (var writer = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            env.SaveState(writer);
        }

        saved.Position = 0;
        using (var reader = new BinaryReader(saved))
        {
            env.LoadState(reader);
        }

        Assert.IsTrue(double.IsNaN(travel.Travelled.X) && double.IsNaN(travel.Travelled.Y));
        env.Reset(6, observation);
        Assert.AreEqual((0.0, 0.0), travel.Travelled);
    }
}
