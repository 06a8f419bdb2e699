using Mede.ML.Data;

namespace Mede.ML.Tests.Data;

[TestClass]
public sealed class NumberDataViewTypeTests
{
    public static IEnumerable<object[]> Types =>
    [
        [NumberDataViewType.Single, typeof(float), "Single"],
        [NumberDataViewType.Int32, typeof(int), "Int32"],
        [NumberDataViewType.Int64, typeof(long), "Int64"],
        [BooleanDataViewType.Instance, typeof(bool), "Boolean"],
    ];

    [TestMethod]
    [DynamicData(nameof(Types))]
    public void RawTypeAndToString_EachPrimitive_MatchMlNet(PrimitiveDataViewType type, Type rawType, string name)
    {
        Assert.AreEqual(rawType, type.RawType);
        Assert.AreEqual(name, type.ToString());
    }

    [TestMethod]
    public void Equals_DifferentNumbers_False()
    {
        Assert.AreNotEqual<DataViewType>(NumberDataViewType.Single, NumberDataViewType.Int32);
        Assert.AreEqual<DataViewType>(NumberDataViewType.Int64, NumberDataViewType.Int64);
    }
}
