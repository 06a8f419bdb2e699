namespace Mede.ML.Neural.Tests.Random;

[TestClass]
public sealed class GeneratorTests
{
    [TestMethod]
    public void State_SavedAndRestored_ReproducesTheStream()
    {
        var g = new Generator(42);
        g.NextNormal();
        GeneratorState saved = g.State;
        float[] first = Enumerable.Range(0, 10).Select(_ => g.NextNormal()).ToArray();
        g.State = saved;
        float[] second = Enumerable.Range(0, 10).Select(_ => g.NextNormal()).ToArray();
        CollectionAssert.AreEqual(first, second);
    }

    [TestMethod]
    public void Seeds_Different_GiveDifferentStreams()
    {
        Assert.AreNotEqual(new Generator(1).NextUInt64(), new Generator(2).NextUInt64());
        Assert.AreEqual(new Generator(7).NextUInt64(), new Generator(7).NextUInt64());
    }

    [TestMethod]
    public void NextNormal_ManyDraws_HasUnitMoments()
    {
        var g = new Generator(5);
        var x = new float[200_000];
        g.FillNormal(x);
        double mean = x.Average(v => (double)v);
        double variance = x.Average(v => (v - mean) * (v - mean));
        // Standard errors: 1/sqrt(n) = 0.0022 for the mean, sqrt(2/n) = 0.0032 for the variance; 4 sigma.
        Assert.AreEqual(0, mean, 0.009);
        Assert.AreEqual(1, variance, 0.013);
    }

    [TestMethod]
    public void NextInt_Bound_StaysInRangeAndCoversIt()
    {
        var g = new Generator(9);
        var seen = new bool[7];
        for (int i = 0; i < 1000; i++)
        {
            int v = g.NextInt(7);
            Assert.IsTrue(v is >= 0 and < 7);
            seen[v] = true;
        }

        Assert.IsTrue(seen.All(s => s));
    }

    [TestMethod]
    public void Fork_SameOrder_IsReproducibleAndIndependent()
    {
        var a = new Generator(3);
        var b = new Generator(3);
        Generator a1 = a.Fork(1), b1 = b.Fork(1);
        Assert.AreEqual(a1.NextUInt64(), b1.NextUInt64());
        Assert.AreNotEqual(a.Fork(2).NextUInt64(), a.Fork(2).NextUInt64());
    }
}
