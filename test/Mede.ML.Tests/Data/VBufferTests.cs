using Mede.ML.Data;

namespace Mede.ML.Tests.Data;

[TestClass]
public sealed class VBufferTests
{
    [TestMethod]
    public void GetValues_LengthShorterThanArray_ReturnsFirstItems()
    {
        var buffer = new VBuffer<float>(2, [1f, 2f, 3f]);
        Assert.AreEqual(2, buffer.Length);
        CollectionAssert.AreEqual(new[] { 1f, 2f }, buffer.ToArray());
        Assert.IsTrue(buffer.IsDense);
    }

    [TestMethod]
    public void Constructor_ArrayTooShort_Throws()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new VBuffer<float>(4, [1f]));
        StringAssert.Contains(e.Message, "4");
    }

    [TestMethod]
    public void Default_Empty_HasNoValues()
    {
        var buffer = default(VBuffer<float>);
        Assert.AreEqual(0, buffer.Length);
        Assert.AreEqual(0, buffer.GetValues().Length);
    }

    [TestMethod]
    public void CopyTo_Span_CopiesItems()
    {
        Span<float> destination = stackalloc float[3];
        new VBuffer<float>([4f, 5f, 6f]).CopyTo(destination);
        Assert.AreEqual(6f, destination[2]);
    }
}
