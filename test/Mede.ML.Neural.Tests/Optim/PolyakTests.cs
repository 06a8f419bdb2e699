using Mede.ML.Neural.Layers;
using Mede.ML.Neural.Optim;

namespace Mede.ML.Neural.Tests.Optim;

[TestClass]
public sealed class PolyakTests
{
    [TestMethod]
    public void Update_Tau_MovesTargetTowardSource()
    {
        var source = new Linear(2, 2, new Generator(1));
        var target = new Linear(2, 2, new Generator(2));
        float s = source.Weight.Data[0], t = target.Weight.Data[0];
        Polyak.Update(target, source, 0.25f);
        Assert.AreEqual(0.75f * t + 0.25f * s, target.Weight.Data[0], 1e-6f);
        Polyak.Update(target, source, 1f);
        CollectionAssert.AreEqual(source.Weight.ToArray(), target.Weight.ToArray());
    }

    [TestMethod]
    public void Update_TauOutOfRange_Throws()
    {
        var a = new Linear(2, 2, new Generator(1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Polyak.Update(a, a, 1.5f));
    }
}
