using Mede.ML.Algorithms;
using Mede.ML.Training;

namespace Mede.ML.Tests.Training;

[TestClass]
public sealed class MetricAccumulatorTests
{
    [TestMethod]
    public void Means_EntropyByAgent_AveragesEachAgentOverTheUpdatesThatHadItsRows()
    {
        var accumulator = new MetricAccumulator();
        accumulator.AddUpdate(new UpdateMetrics(1f, 2f, 0.2f, 1.5f, 3f, EntropyByAgent: new[] { 1f, 2f, float.NaN }));
        accumulator.AddUpdate(new UpdateMetrics(1f, 2f, 0.2f, 2.5f, 3f, EntropyByAgent: new[] { 3f, float.NaN, float.NaN }));

        var means = accumulator.Means().ToList();

        Assert.AreEqual(2.0, means.Single(m => m.Name == "entropy" && m.Agent is null).Value, 1e-12);
        Assert.AreEqual(2.0, means.Single(m => m.Name == "entropy" && m.Agent == 0).Value, 1e-12);
        Assert.AreEqual(2.0, means.Single(m => m.Name == "entropy" && m.Agent == 1).Value, 1e-12);
        Assert.IsFalse(means.Any(m => m.Agent == 2), "agent 2 had no rows in any update of the interval");
        Assert.IsTrue(means.Where(m => m.Name != "entropy").All(m => m.Agent is null));
    }

    [TestMethod]
    public void Read_WhatWriteWrote_KeepsThePerAgentSums()
    {
        var accumulator = new MetricAccumulator();
        accumulator.AddUpdate(new UpdateMetrics(1f, 2f, 0.2f, 1.5f, 3f, EntropyByAgent: new[] { 1f, 2f }));
        accumulator.AddDiscriminability(-0.5, -0.9);

        var read = RoundTrip(accumulator);

        CollectionAssert.AreEqual(accumulator.Means().ToList(), read.Means().ToList());
    }

    [TestMethod]
    public void Read_SumsWrittenBeforePerAgentEntropy_StartsThePerAgentSumsAtZero()
    {
        // The layout of checkpoints written before the per-agent sums existed: nine doubles, then two counts.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            foreach (double value in new[] { 4.0, 6.0, 0.4, 3.0, 8.0, -1.0, -2.0, -0.5, -1.0 })
            {
                writer.Write(value);
            }

            writer.Write(2);
            writer.Write(2);
        }

        stream.Position = 0;
        var accumulator = new MetricAccumulator();
        accumulator.Read(new BinaryReader(stream));

        var means = accumulator.Means().ToList();
        Assert.AreEqual(1.5, means.Single(m => m.Name == "entropy").Value, 1e-12);
        Assert.AreEqual(-1.0, means.Single(m => m.Name == "log_q_z_given_s").Value, 1e-12);
        Assert.IsTrue(means.All(m => m.Agent is null));

        accumulator.AddUpdate(new UpdateMetrics(1f, 2f, 0.2f, 1f, 3f, EntropyByAgent: new[] { 0.5f }));
        Assert.AreEqual(0.5, accumulator.Means().Single(m => m.Agent == 0).Value, 1e-12);
    }

    private static MetricAccumulator RoundTrip(MetricAccumulator accumulator)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            accumulator.Write(writer);
        }

        stream.Position = 0;
        var read = new MetricAccumulator();
        read.Read(new BinaryReader(stream));
        Assert.AreEqual(stream.Length, stream.Position, "Read left bytes unread");
        return read;
    }
}
