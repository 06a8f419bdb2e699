using Mede.ML.Data;

namespace Mede.ML.Tests.Data;

[TestClass]
public sealed class VectorDataViewTypeTests
{
    [TestMethod]
    public void Equals_SameItemTypeAndSize_True()
    {
        var a = new VectorDataViewType(NumberDataViewType.Single, 4);
        Assert.AreEqual(a, new VectorDataViewType(NumberDataViewType.Single, 4));
        Assert.AreEqual(a.GetHashCode(), new VectorDataViewType(NumberDataViewType.Single, 4).GetHashCode());
        Assert.AreNotEqual(a, new VectorDataViewType(NumberDataViewType.Single, 5));
        Assert.AreNotEqual(a, new VectorDataViewType(NumberDataViewType.Int32, 4));
    }

    [TestMethod]
    public void RawTypeAndToString_SingleVector_VBufferOfFloatAndMlNetName()
    {
        var type = new VectorDataViewType(NumberDataViewType.Single, 2);
        Assert.AreEqual(typeof(VBuffer<float>), type.RawType);
        Assert.AreEqual("Vector<Single, 2>", type.ToString());
        Assert.IsTrue(type.IsKnownSize);
    }

    [TestMethod]
    public void Constructor_SizeZero_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new VectorDataViewType(NumberDataViewType.Single, 0));
    }
}
