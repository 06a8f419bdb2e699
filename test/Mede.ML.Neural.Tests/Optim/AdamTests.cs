using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Optim;

namespace Mede.ML.Neural.Tests.Optim;

[TestClass]
public sealed class AdamTests
{
    [TestMethod]
    public void Step_ThreeSteps_MatchesPublishedUpdateRule()
    {
        // One parameter p0 = 1 with loss p^2 (gradient 2p), lr 0.1, betas (0.9, 0.999), eps 1e-8. By hand from
        // Kingma and Ba's Algorithm 1, in double:
        //   t=1: g=2,        m=0.2,        v=0.004,           mhat=2,  vhat=4       -> p = 1 - 0.1*2/(2+eps)   = 0.9
        //   t=2: g=1.8,      m=0.36,       v=0.007236,        mhat=1.8947368, vhat=3.6198099 -> p = 0.80041...
        //   t=3: g=1.6008..  ...
        double p = 1, m = 0, v = 0;
        var expected = new List<double>();
        for (int t = 1; t <= 3; t++)
        {
            double g = 2 * p;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            double mhat = m / (1 - Math.Pow(0.9, t)), vhat = v / (1 - Math.Pow(0.999, t));
            p -= 0.1 * mhat / (Math.Sqrt(vhat) + 1e-8);
            expected.Add(p);
        }

        Assert.AreEqual(0.9, expected[0], 1e-9);
        Tensor parameter = Tensor.FromArray([1f], 1, 1, requiresGrad: true);
        var adam = new Adam([parameter], learningRate: 0.1f);
        for (int t = 0; t < 3; t++)
        {
            adam.ZeroGrad();
            using (Tape.Scope())
            {
                parameter.Square().Sum().Backward();
            }

            adam.Step();
            Assert.AreEqual(expected[t], parameter.Data[0], 1e-6, $"after step {t + 1}");
        }
    }

    [TestMethod]
    public void Step_VectorAndTail_UpdateEveryElementAlike()
    {
        // 37 elements: the SIMD body and the scalar tail must apply the same rule.
        var values = Enumerable.Range(0, 37).Select(i => 1f).ToArray();
        Tensor parameter = Tensor.FromArray(values, 1, 37, requiresGrad: true);
        var adam = new Adam([parameter], learningRate: 0.1f);
        using (Tape.Scope())
        {
            parameter.Square().Sum().Backward();
        }

        adam.Step();
        foreach (float x in parameter.Data)
        {
            Assert.AreEqual(0.9f, x, 1e-6f);
        }
    }

    [TestMethod]
    public void StateTensors_RoundTrip_ContinuesIdentically()
    {
        Tensor a = Tensor.FromArray([1f, -2f], 1, 2, requiresGrad: true);
        var adam = new Adam([a], learningRate: 0.05f);
        Train(adam, a, 5);
        var saved = adam.StateTensors().ToDictionary(x => x.Name, x => x.Value);
        float[] weights = a.ToArray();
        Train(adam, a, 5);
        float[] straight = a.ToArray();

        Tensor b = Tensor.FromArray(weights, 1, 2, requiresGrad: true);
        var restored = new Adam([b], learningRate: 0.05f);
        restored.LoadStateTensors(saved);
        Assert.AreEqual(5L, restored.StepCount);
        Train(restored, b, 5);
        CollectionAssert.AreEqual(straight, b.ToArray());

        static void Train(Adam adam, Tensor p, int steps)
        {
            for (int i = 0; i < steps; i++)
            {
                adam.ZeroGrad();
                using (Tape.Scope())
                {
                    (p.Square() * p).Sum().Backward();
                }

                adam.Step();
            }
        }
    }

    [TestMethod]
    public void Constructor_ParameterWithoutGrad_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new Adam([Tensor.Zeros(2, 2)]));
    }
}
