using Mede.ML.Environments.Spaces;

namespace Mede.ML.Environments.Tests.Spaces;

[TestClass]
public sealed class BoxTests
{
    [TestMethod]
    public void Constructor_LowAboveHigh_ThrowsNamingCoordinate()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new Box([0f, 2f], [1f, 1f]));
        StringAssert.Contains(e.Message, "bound 1");
    }

    [TestMethod]
    public void FindViolation_NaNAndOutside_ReturnsFirstBadIndex()
    {
        var box = Box.Uniform(3, -1f, 1f);
        Assert.AreEqual(-1, box.FindViolation([0f, 1f, -1f]));
        Assert.AreEqual(1, box.FindViolation([0f, float.NaN, 0f]));
        Assert.AreEqual(2, box.FindViolation([0f, 0f, 1.5f]));
    }

    [TestMethod]
    public void FromUnitCube_Corners_MapToBounds()
    {
        var box = new Box([-2f, 0f], [2f, 10f]);
        Span<float> x = stackalloc float[2];
        box.FromUnitCube([-1f, 1f], x);
        Assert.AreEqual(-2f, x[0]);
        Assert.AreEqual(10f, x[1]);
    }
}
