namespace Mede.ML.Tests;

[TestClass]
public sealed class MLContextTests
{
    [TestMethod]
    public void Constructor_Seed_KeepsSeedAndCatalogs()
    {
        var ml = new MLContext(seed: 7);
        Assert.AreEqual(7, ml.Seed);
        Assert.IsNotNull(ml.Data);
        Assert.IsNotNull(ml.Model);
        Assert.IsNull(new MLContext().Seed);
    }

    [TestMethod]
    public void NextSeed_SameSeed_SameSequence()
    {
        var a = new MLContext(seed: 3);
        var b = new MLContext(seed: 3);
        CollectionAssert.AreEqual(
            new[] { a.NextSeed(), a.NextSeed(), a.NextSeed() },
            new[] { b.NextSeed(), b.NextSeed(), b.NextSeed() });
    }
}
