using Mede.ML.Neural.Autograd;

namespace Mede.ML.Neural.Tests.Tensors;

[TestClass]
public sealed class TensorTests
{
    [TestMethod]
    public void Add_IncompatibleShapes_NamesBothShapes()
    {
        using var scope = Tape.Scope();
        var e = Assert.ThrowsExactly<ArgumentException>(() => Tensor.Zeros(3, 2) + Tensor.Zeros(4, 2));
        StringAssert.Contains(e.Message, "[3, 2]");
        StringAssert.Contains(e.Message, "[4, 2]");
    }

    [TestMethod]
    public void MatMul_InnerMismatch_NamesBothShapes()
    {
        using var scope = Tape.Scope();
        var e = Assert.ThrowsExactly<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(3, 2), Tensor.Zeros(3, 2)));
        StringAssert.Contains(e.Message, "[3, 2]");
    }

    [TestMethod]
    public void Backward_NonScalar_Throws()
    {
        using var scope = Tape.Scope();
        Tensor x = Tensor.Zeros(2, 2, requiresGrad: true);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => (x * 2f).Backward());
        StringAssert.Contains(e.Message, "scalar");
    }

    [TestMethod]
    public void Backward_CalledTwice_AccumulatesIntoLeaves()
    {
        Tensor x = Tensor.FromArray([1f, 2f], 1, 2, requiresGrad: true);
        for (int i = 0; i < 2; i++)
        {
            using var scope = Tape.Scope();
            (x * 3f).Sum().Backward();
        }

        CollectionAssert.AreEqual(new[] { 6f, 6f }, x.Grad.ToArray());
        x.ZeroGrad();
        CollectionAssert.AreEqual(new[] { 0f, 0f }, x.Grad.ToArray());
    }

    [TestMethod]
    public void NoGrad_Operations_DoNotRequireGrad()
    {
        Tensor x = Tensor.Zeros(1, 2, requiresGrad: true);
        using var scope = Tape.Scope();
        using (Tensor.NoGrad())
        {
            Assert.IsFalse((x * 2f).RequiresGrad);
        }

        Assert.IsTrue((x * 2f).RequiresGrad);
    }

    [TestMethod]
    public void Detach_StopsTheGradient()
    {
        Tensor x = Tensor.FromArray([2f], 1, 1, requiresGrad: true);
        using var scope = Tape.Scope();
        // d/dx [x * detach(x)] = detach(x) = 2, not 2x = 4.
        (x * x.Detach()).Sum().Backward();
        Assert.AreEqual(2f, x.Grad[0]);
    }

    [TestMethod]
    public void Gather_IndexOutOfRange_NamesTheRow()
    {
        using var scope = Tape.Scope();
        var e = Assert.ThrowsExactly<ArgumentException>(() => Tensor.Zeros(3, 2).Gather([0, 1, 2]));
        StringAssert.Contains(e.Message, "index[2]");
    }

    [TestMethod]
    public void OneHot_Indices_SetsOneColumnPerRow()
    {
        using var scope = Tape.Scope();
        Tensor t = Tensor.OneHot([2, 0], 3);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 1f, 1f, 0f, 0f }, t.ToArray());
        Assert.IsFalse(t.RequiresGrad);
    }

    [TestMethod]
    public void LogSoftmax_LargeLogits_StaysFiniteAndNormalised()
    {
        using var scope = Tape.Scope();
        Tensor y = Tensor.FromArray([1000f, 1001f, 999f], 1, 3).LogSoftmax();
        double total = y.ToArray().Sum(v => Math.Exp(v));
        // Inputs near 1000 carry an absolute float32 rounding of 6e-5 each, so the sum is 1 to about 1e-4.
        Assert.IsTrue(y.ToArray().All(float.IsFinite));
        Assert.AreEqual(1.0, total, 2e-4);
    }

    [TestMethod]
    public void Softplus_ExtremeInputs_NeitherOverflowsNorUnderflows()
    {
        using var scope = Tape.Scope();
        float[] y = Tensor.FromArray([-100f, 100f, 0f], 1, 3).Softplus().ToArray();
        Assert.AreEqual(MathF.Exp(-100f), y[0], 1e-49f);
        Assert.AreEqual(100f, y[1]);
        Assert.AreEqual(MathF.Log(2f), y[2], 1e-7f);
    }

    [TestMethod]
    public void Scope_Released_ReusesResultTensors()
    {
        Tensor x = Tensor.Zeros(2, 2);
        Tensor first, second;
        using (Tape.Scope())
        {
            first = x + 1f;
        }

        using (Tape.Scope())
        {
            second = x + 1f;
        }

        Assert.AreSame(first, second);
    }

    [TestMethod]
    public void Shape_Vector_ReportsOneDimension()
    {
        Assert.AreEqual("[5]", Tensor.Zeros(5).Shape);
        Assert.AreEqual("[2, 5]", Tensor.Zeros(2, 5).Shape);
    }
}
