using Mede.ML.Algorithms;
using Mede.ML.Environments;
using Mede.ML.Neural;
using Mede.ML.Replay;
using Mede.ML.Training;

namespace Mede.ML.Tests.Training;

[TestClass]
public sealed class WarmupActionsTests
{
    [TestMethod]
    [DataRow(0.5f, 0.5204998778)]
    [DataRow(1f, 0.8427007929)]
    [DataRow(2f, 0.9953222650)]
    [DataRow(-1f, -0.8427007929)]
    [DataRow(0f, 0.0)]
    public void Erf_MatchesTheTable(float x, double expected)
    {
        Assert.AreEqual(expected, WarmupActions.Erf(x), 3e-7);
    }

    [TestMethod]
    [DataRow(0f)]
    [DataRow(0.8f)]
    public void Draw_EveryCoordinateIsUniformOnTheUnitInterval(float correlation)
    {
        // 40,000 draws in 30-step episodes: the mean, the variance 1/3 and the deciles of U(-1, 1).
        var actions = new WarmupActions(agents: 1, actionSize: 2, correlation);
        var random = new Generator(7);
        var values = new List<float>();
        var action = new float[2];
        for (int episode = 0; episode < 667; episode++)
        {
            for (int t = 0; t < 30; t++)
            {
                actions.Draw(0, random, action);
                values.AddRange(action);
            }

            actions.EndEpisode(0);
        }

        Assert.IsTrue(values.All(v => v is >= -1f and <= 1f), "inside the unit cube");
        double mean = values.Average(v => (double)v);
        double variance = values.Average(v => (v - mean) * (v - mean));
        Assert.AreEqual(0.0, mean, 0.02);
        Assert.AreEqual(1.0 / 3.0, variance, 0.01);
        for (int decile = 1; decile < 10; decile++)
        {
            double edge = -1 + (decile * 0.2);
            Assert.AreEqual(decile / 10.0, values.Count(v => v < edge) / (double)values.Count, 0.015, $"below {edge:F1}");
        }
    }

    [TestMethod]
    public void Draw_Correlated_TiesConsecutiveActionsWithinAnEpisodeOnly()
    {
        // a = 2 Phi(z) - 1 of an AR(1) z with rho 0.8: consecutive actions correlate by (6 / pi) asin(rho / 2) = 0.786
        // (the Pearson correlation of a Gaussian copula's uniform margins); across an episode's end, by nothing.
        const float Rho = 0.8f;
        var actions = new WarmupActions(agents: 2, actionSize: 1, Rho);
        var random = new Generator(11);
        var within = new List<(double, double)>();
        var across = new List<(double, double)>();
        var action = new float[1];
        double lastOfEpisode = double.NaN;
        for (int episode = 0; episode < 2000; episode++)
        {
            for (int t = 0; t < 10; t++)
            {
                double previous = lastOfEpisode;
                actions.Draw(1, random, action);
                if (t > 0)
                {
                    within.Add((previous, action[0]));
                }
                else if (episode > 0)
                {
                    across.Add((previous, action[0]));
                }

                lastOfEpisode = action[0];
            }

            actions.EndEpisode(1);
        }

        Assert.AreEqual(6 / Math.PI * Math.Asin(Rho / 2), Correlation(within), 0.02, "within an episode");
        Assert.AreEqual(0.0, Correlation(across), 0.06, "from one episode's last action to the next one's first");
    }

    [TestMethod]
    public void Draw_Independent_IsTheUniformStreamOfThePaper()
    {
        // rho 0 must draw exactly what FillUniform draws, so runs without the option keep their results.
        var actions = new WarmupActions(agents: 1, actionSize: 3, correlation: 0f);
        Generator a = new(5), b = new(5);
        var drawn = new float[3];
        var expected = new float[3];
        for (int i = 0; i < 50; i++)
        {
            actions.Draw(0, a, drawn);
            b.FillUniform(expected, -1f, 1f);
            CollectionAssert.AreEqual(expected, drawn);
        }
    }

    [TestMethod]
    public void Session_CorrelatedWarmup_FillsTheBufferWithCorrelatedActions()
    {
        // The option reaches the run: consecutive warm-up transitions of one agent (separate mode, one buffer each)
        // correlate near 0.79 with rho 0.8, near 0 without.
        foreach (var (rho, expected, tolerance) in new[] { (0.8f, 0.786, 0.06), (0f, 0.0, 0.06) })
        {
            TrainingConfiguration options = TestOptions.Tiny(mode: NetworkMode.Separate);
            options.WarmupSteps = 1200;
            options.TotalSteps = 1200;
            options.WarmupActionCorrelation = rho;
            using var session = new TrainingSession(options, () => new MultiGoal());
            session.Run();
            var pairs = new List<(double, double)>();
            ReplayBuffer buffer = session.ReplayBuffers[0];
            for (int i = 1; i < buffer.Count; i++)
            {
                Transition before = buffer.Get(i - 1), after = buffer.Get(i);
                if (!before.Terminated && !before.Truncated)
                {
                    pairs.Add((before.Action[0], after.Action[0]));
                }
            }

            Assert.AreEqual(expected, Correlation(pairs), tolerance, $"rho {rho}");
        }
    }

    private static double Correlation(List<(double X, double Y)> pairs)
    {
        double mx = pairs.Average(p => p.X), my = pairs.Average(p => p.Y);
        double sxy = pairs.Sum(p => (p.X - mx) * (p.Y - my));
        double sxx = pairs.Sum(p => (p.X - mx) * (p.X - mx)), syy = pairs.Sum(p => (p.Y - my) * (p.Y - my));
        return sxy / Math.Sqrt(sxx * syy);
    }
}
