using Mede.ML.Environments.MuJoCo;

namespace Mede.ML.Environments.Tests.MuJoCo;

/// <summary>Creates the MuJoCo environments by their catalog names, for data-driven tests.</summary>
internal static class EnvironmentFactory
{
    public static MuJoCoEnvironment Create(string name, int maxEpisodeSteps = 1000) => name switch
    {
        "hopper" => new Hopper(new HopperOptions { MaxEpisodeSteps = maxEpisodeSteps }),
        "walker2d" => new Walker2d(new Walker2dOptions { MaxEpisodeSteps = maxEpisodeSteps }),
        "ant" => new Ant(new AntOptions { MaxEpisodeSteps = maxEpisodeSteps }),
        "multidirection-ant" => new MultiDirectionAnt(new MultiDirectionAntOptions { MaxEpisodeSteps = maxEpisodeSteps }),
        "multidirection-ant-v4" => new MultiDirectionAntV4(new MultiDirectionAntV4Options { MaxEpisodeSteps = maxEpisodeSteps }),
        _ => throw new ArgumentException($"Unknown MuJoCo environment '{name}'."),
    };

    /// <summary>Uniform random actions in [-1, 1] from a fixed seed (System.Random is fine for test inputs).</summary>
    public static float[] RandomAction(Random random, int dimension)
    {
        var a = new float[dimension];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (float)(2 * random.NextDouble() - 1);
        }

        return a;
    }
}
