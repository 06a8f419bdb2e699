using Mede.ML.Data;

namespace Mede.ML.Tests.Data;

[TestClass]
public sealed class DataViewSchemaTests
{
    private static DataViewSchema MakeSchema()
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, 3));
        builder.AddColumn("Label", BooleanDataViewType.Instance);
        builder.AddColumn("Id", NumberDataViewType.Int64);
        return builder.ToSchema();
    }

    [TestMethod]
    public void Builder_ThreeColumns_KeepsOrderNamesIndicesAndTypes()
    {
        var schema = MakeSchema();

        Assert.HasCount(3, schema);
        Assert.AreEqual("Label", schema[1].Name);
        Assert.AreEqual(1, schema[1].Index);
        Assert.AreEqual(BooleanDataViewType.Instance, schema[1].Type);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), schema["Features"].Type);
        Assert.AreEqual(2, schema["Id"].Index);
    }

    [TestMethod]
    public void Builder_DuplicateName_ThrowsNamingColumn()
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Reward", NumberDataViewType.Single);

        var e = Assert.ThrowsExactly<ArgumentException>(() => builder.AddColumn("Reward", NumberDataViewType.Int32));
        StringAssert.Contains(e.Message, "'Reward'");
    }

    [TestMethod]
    public void Indexer_UnknownName_ThrowsListingColumns()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MakeSchema()["label"]);
        StringAssert.Contains(e.Message, "'label'");
        StringAssert.Contains(e.Message, "'Label'");
    }

    [TestMethod]
    public void GetColumnOrNull_UnknownName_ReturnsNull()
    {
        Assert.IsNull(MakeSchema().GetColumnOrNull("Nope"));
        Assert.AreEqual(0, MakeSchema().GetColumnOrNull("Features")!.Value.Index);
    }

    [TestMethod]
    public void ToString_ThreeColumns_ListsNameAndTypePerLine()
    {
        Assert.AreEqual("Features: Vector<Single, 3>\nLabel: Boolean\nId: Int64\n", MakeSchema().ToString());
    }
}
