using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Layers;

namespace Mede.ML.Neural.Tests.Layers;

[TestClass]
public sealed class LinearTests
{
    [TestMethod]
    public void Constructor_PyTorchInit_WeightsAndBiasWithinInverseSqrtFanIn()
    {
        var layer = new Linear(64, 32, new Generator(3));
        float bound = 1f / 8f;
        Assert.IsTrue(layer.Weight.ToArray().All(w => Math.Abs(w) <= bound));
        Assert.IsTrue(layer.Bias!.ToArray().All(b => Math.Abs(b) <= bound));
        // Uniform on [-b, b] has standard deviation b / sqrt(3); 2048 draws pin it within a few percent.
        double std = Math.Sqrt(layer.Weight.ToArray().Average(w => (double)w * w));
        Assert.AreEqual(bound / Math.Sqrt(3), std, 0.05 * bound);
    }

    [TestMethod]
    public void Forward_KnownWeights_ComputesXWTransposePlusB()
    {
        var layer = new Linear(2, 1, new Generator(1));
        layer.Weight.CopyFrom([2f, -1f]);
        layer.Bias!.CopyFrom([0.5f]);
        using var scope = Tape.Scope();
        Tensor y = layer.Forward(Tensor.FromArray([1f, 3f, 2f, 2f], 2, 2));
        CollectionAssert.AreEqual(new[] { -0.5f, 2.5f }, y.ToArray());
    }

    [TestMethod]
    public void NamedParameters_Mlp_UsesDottedPositions()
    {
        var mlp = Mlp.Create([3, 4, 2], Activation.ReLU, new Generator(1));
        CollectionAssert.AreEqual(
            new[] { "0.weight", "0.bias", "2.weight", "2.bias" },
            mlp.NamedParameters().Select(p => p.Name).ToArray());
        Assert.AreEqual(3 * 4 + 4 + 4 * 2 + 2, mlp.ParameterCount);
    }
}
