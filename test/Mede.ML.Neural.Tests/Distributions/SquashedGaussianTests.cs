using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Distributions;

namespace Mede.ML.Neural.Tests.Distributions;

[TestClass]
public sealed class SquashedGaussianTests
{
    [TestMethod]
    public void Sample_LogProbability_MatchesDirectDensityInDouble()
    {
        float[] mean = [0.3f, -1.2f, 2.5f], logStd = [-0.5f, 0.2f, -1.5f], noise = [0.7f, -1.1f, 0.4f];
        using var scope = Tape.Scope();
        var (action, logProbability) = SquashedGaussian.Sample(
            Tensor.FromArray(mean, 1, 3), Tensor.FromArray(logStd, 1, 3), Tensor.FromArray(noise, 1, 3));
        double expected = 0;
        for (int i = 0; i < 3; i++)
        {
            double std = Math.Exp(logStd[i]), u = mean[i] + std * noise[i];
            double gaussian = -0.5 * noise[i] * noise[i] - Math.Log(std) - 0.5 * Math.Log(2 * Math.PI);
            expected += gaussian - Math.Log(1 - Math.Tanh(u) * Math.Tanh(u));
            Assert.AreEqual(Math.Tanh(u), action.Data[i], 1e-6);
        }

        Assert.AreEqual(expected, logProbability.ToScalar(), 1e-4);
        Assert.AreEqual(expected, SquashedGaussian.LogProbability(mean, logStd, action.Data), 2e-3);
    }

    [TestMethod]
    public void Sample_SaturatedAction_LogProbabilityStaysFinite()
    {
        using var scope = Tape.Scope();
        var (_, logProbability) = SquashedGaussian.Sample(
            Tensor.FromArray([30f], 1, 1), Tensor.FromArray([0f], 1, 1), Tensor.FromArray([0f], 1, 1));
        // Naive log(1 - tanh(30)^2) is log(0) = -inf in float32; the stable form gives about 2(log 2 - 30) = -58.6.
        Assert.IsTrue(float.IsFinite(logProbability.ToScalar()));
        Assert.AreEqual(-0.5 * Math.Log(2 * Math.PI) - 2 * (Math.Log(2) - 30), logProbability.ToScalar(), 1e-3);
    }

    [TestMethod]
    public void Sample_Gradients_MatchFiniteDifferences()
    {
        Tensor noise = GradientCheck.Random(4, 2, 77, requiresGrad: false);
        GradientCheck.Check(
            x =>
            {
                var (action, logProbability) = SquashedGaussian.Sample(x[0], x[1], noise);
                return Tensor.Concat(action, logProbability);
            },
            GradientCheck.Random(4, 2, 78), GradientCheck.Random(4, 2, 79, -1f, 0.5f));
    }

    [TestMethod]
    public void Sample_LogStdOutsideRange_IsClamped()
    {
        using var scope = Tape.Scope();
        var (a1, _) = SquashedGaussian.Sample(Tensor.FromArray([0f], 1, 1), Tensor.FromArray([50f], 1, 1), Tensor.FromArray([0.01f], 1, 1));
        Assert.AreEqual(Math.Tanh(Math.Exp(SquashedGaussian.LogStdMax) * 0.01), a1.ToScalar(), 1e-6);
    }
}
