using Mede.ML.Neural.Optim;

namespace Mede.ML.Neural.Tests.Optim;

[TestClass]
public sealed class GradientClippingTests
{
    [TestMethod]
    public void ClipByGlobalNorm_LargeGradient_ScalesToMaxNorm()
    {
        Tensor a = Tensor.Zeros(1, 2, requiresGrad: true), b = Tensor.Zeros(1, 1, requiresGrad: true);
        a.Grad[0] = 3f;
        a.Grad[1] = 0f;
        b.Grad[0] = 4f;
        float norm = GradientClipping.ClipByGlobalNorm([a, b], 1f);
        Assert.AreEqual(5f, norm, 1e-6f);
        Assert.AreEqual(0.6f, a.Grad[0], 1e-5f);
        Assert.AreEqual(0.8f, b.Grad[0], 1e-5f);
    }

    [TestMethod]
    public void ClipByGlobalNorm_SmallGradient_LeavesItAlone()
    {
        Tensor a = Tensor.Zeros(1, 1, requiresGrad: true);
        a.Grad[0] = 0.5f;
        GradientClipping.ClipByGlobalNorm([a], 1f);
        Assert.AreEqual(0.5f, a.Grad[0]);
    }
}
