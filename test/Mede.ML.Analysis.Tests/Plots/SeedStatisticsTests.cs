using Mede.ML.Analysis.Plots;

namespace Mede.ML.Analysis.Tests.Plots;

[TestClass]
public sealed class SeedStatisticsTests
{
    [TestMethod]
    public void Aggregate_ThreeSeeds_MeanAndPopulationStdAtEachSharedStep()
    {
        IReadOnlyList<IReadOnlyList<(long, double)>> seeds =
        [
            [(0, 1.0), (50, 2.0), (100, 3.0)],
            [(0, 3.0), (50, 2.0), (100, 6.0)],
            [(0, 5.0), (50, 2.0), (100, 9.0), (150, 1.0)],
        ];

        IReadOnlyList<SeedPoint> points = SeedStatistics.Aggregate(seeds);

        CollectionAssert.AreEqual(new long[] { 0, 50, 100 }, points.Select(p => p.Step).ToArray(), "step 150 is not shared");
        Assert.AreEqual(3.0, points[0].Mean, 1e-12);
        Assert.AreEqual(Math.Sqrt(8.0 / 3.0), points[0].StandardDeviation, 1e-12);
        Assert.AreEqual(0.0, points[1].StandardDeviation, 1e-12);
        Assert.AreEqual(6.0, points[2].Mean, 1e-12);
        Assert.AreEqual(Math.Sqrt(6.0), points[2].StandardDeviation, 1e-12);
        Assert.AreEqual(6.0 - Math.Sqrt(6.0), points[2].Low, 1e-12);
        Assert.AreEqual(6.0 + Math.Sqrt(6.0), points[2].High, 1e-12);
        Assert.IsTrue(points.All(p => p.Count == 3));
    }

    [TestMethod]
    public void Aggregate_UnorderedSeriesWithARepeatedStep_SortsAndKeepsTheLastValue()
    {
        IReadOnlyList<IReadOnlyList<(long, double)>> seeds = [[(100, 4.0), (0, 1.0), (100, 8.0)], [(0, 3.0), (100, 2.0)]];

        IReadOnlyList<SeedPoint> points = SeedStatistics.Aggregate(seeds);

        CollectionAssert.AreEqual(new long[] { 0, 100 }, points.Select(p => p.Step).ToArray());
        Assert.AreEqual(5.0, points[1].Mean, 1e-12);
        Assert.AreEqual(3.0, points[1].StandardDeviation, 1e-12);
    }

    [TestMethod]
    public void Aggregate_OneSeries_StandardDeviationIsZero()
    {
        IReadOnlyList<SeedPoint> points = SeedStatistics.Aggregate([[(0, -1.5), (10, -0.5)]]);

        Assert.IsTrue(points.All(p => p.StandardDeviation == 0 && p.Count == 1));
        Assert.AreEqual(-0.5, points[1].Mean);
    }

    [TestMethod]
    public void Aggregate_NoSeriesOrNoSharedStep_IsEmpty()
    {
        Assert.IsEmpty(SeedStatistics.Aggregate([]));
        Assert.IsEmpty(SeedStatistics.Aggregate([[(0, 1.0)], [(5, 1.0)]]));
    }
}
