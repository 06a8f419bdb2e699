using Mede.ML.Data;

namespace Mede.ML.Tests.Data;

[TestClass]
public sealed class SchemaShapeTests
{
    [TestMethod]
    public void Create_TrajectorySchema_VectorsAndScalarsWithItemTypes()
    {
        var shape = SchemaShape.Create(TrajectorySchema.Create(3, 2));

        Assert.HasCount(9, shape);
        Assert.IsTrue(shape.TryFindColumn(TrajectoryColumns.Observation, out var observation));
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, observation.Kind);
        Assert.AreEqual(NumberDataViewType.Single, observation.ItemType);
        Assert.IsTrue(shape.TryFindColumn(TrajectoryColumns.Episode, out var episode));
        Assert.AreEqual(SchemaShape.Column.VectorKind.Scalar, episode.Kind);
        Assert.AreEqual(NumberDataViewType.Int64, episode.ItemType);
        Assert.AreEqual("Observation: Vector<Single>", observation.ToString());
    }

    [TestMethod]
    public void TryFindColumn_Missing_False()
    {
        Assert.IsFalse(SchemaShape.Create(TrajectorySchema.Create(1, 1)).TryFindColumn("observation", out _));
    }

    [TestMethod]
    public void IsCompatibleWith_KindOrItemTypeDiffers_False()
    {
        var vector = new SchemaShape.Column("X", SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single);
        Assert.IsTrue(vector.IsCompatibleWith(new SchemaShape.Column("Y", SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single)));
        Assert.IsFalse(vector.IsCompatibleWith(new SchemaShape.Column("X", SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single)));
        Assert.IsFalse(vector.IsCompatibleWith(new SchemaShape.Column("X", SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Int32)));
    }

    [TestMethod]
    public void ColumnConstructor_VectorTypeAsItemType_Throws()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            new SchemaShape.Column("X", SchemaShape.Column.VectorKind.Vector, new VectorDataViewType(NumberDataViewType.Single, 2)));
        StringAssert.Contains(e.Message, "'X'");
    }
}
