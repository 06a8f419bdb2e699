using Mede.ML.Analysis.Theory;

namespace Mede.ML.Analysis.Tests.Theory;

/// <summary>Shared generators for the theory tests: random policies and posteriors from a seed.</summary>
internal static class TheoryTestData
{
    /// <summary>Random softmax log-policies with standard-normal logits times <paramref name="scale"/>, indexed [z, s, a].</summary>
    public static double[,,] RandomLogPolicies(int seed, int agents, int states, int actions, double scale = 1.0)
    {
        var random = new Random(seed);
        var result = new double[agents, states, actions];
        for (int z = 0; z < agents; z++)
        {
            for (int s = 0; s < states; s++)
            {
                double max = double.NegativeInfinity;
                var row = new double[actions];
                for (int a = 0; a < actions; a++)
                {
                    row[a] = scale * Gaussian(random);
                    max = Math.Max(max, row[a]);
                }
                double sum = row.Sum(x => Math.Exp(x - max));
                for (int a = 0; a < actions; a++)
                {
                    result[z, s, a] = row[a] - max - Math.Log(sum);
                }
            }
        }
        return result;
    }

    /// <summary>A random distribution over agents per state, as log p(z|s) indexed [z, s].</summary>
    public static double[,] RandomLogStatePosterior(int seed, int agents, int states)
    {
        var random = new Random(seed);
        var result = new double[agents, states];
        for (int s = 0; s < states; s++)
        {
            var w = Enumerable.Range(0, agents).Select(_ => -Math.Log(1 - random.NextDouble())).ToArray();
            double sum = w.Sum();
            for (int z = 0; z < agents; z++)
            {
                result[z, s] = Math.Log(w[z] / sum);
            }
        }
        return result;
    }

    /// <summary>A random policy as probabilities, indexed [s, a].</summary>
    public static double[,] RandomPolicy(int seed, int states, int actions)
    {
        var log = RandomLogPolicies(seed, 1, states, actions);
        var p = new double[states, actions];
        for (int s = 0; s < states; s++)
        {
            for (int a = 0; a < actions; a++)
            {
                p[s, a] = Math.Exp(log[0, s, a]);
            }
        }
        return p;
    }

    /// <summary>The largest |x - y| over two equally shaped arrays.</summary>
    public static double MaxAbsDifference(Array x, Array y)
    {
        Assert.AreEqual(x.Length, y.Length);
        double worst = 0;
        var ex = x.GetEnumerator();
        var ey = y.GetEnumerator();
        while (ex.MoveNext() && ey.MoveNext())
        {
            worst = Math.Max(worst, Math.Abs((double)ex.Current! - (double)ey.Current!));
        }
        return worst;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
