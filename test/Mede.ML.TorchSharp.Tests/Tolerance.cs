namespace Mede.ML.TorchSharp.Tests;

/// <summary>
/// Element-wise comparison |expected - actual| &lt;= absolute + relative |expected|, failing with the worst element.
/// </summary>
internal static class Tolerance
{
    /// <summary>The largest excess of |e - a| over relative |e| (what the absolute part must cover).</summary>
    public static double WorstExcess(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative, out int index)
    {
        Assert.AreEqual(expected.Length, actual.Length, "lengths differ");
        double worst = 0;
        index = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double excess = Math.Abs((double)expected[i] - actual[i]) - relative * Math.Abs(expected[i]);
            if (double.IsNaN(excess) || excess > worst)
            {
                worst = double.IsNaN(excess) ? double.PositiveInfinity : excess;
                index = i;
            }
        }

        return worst;
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double absolute, double relative, string what)
    {
        double worst = WorstExcess(expected, actual, relative, out int i);
        if (worst > absolute)
        {
            Assert.Fail($"{what}: element {i} is {actual[i]:R} against {expected[i]:R} (|diff| {Math.Abs(expected[i] - actual[i]):E2} > {absolute:E1} + {relative:E1} |expected|).");
        }
    }

    public static void AssertClose(float expected, float actual, double absolute, double relative, string what) =>
        AssertClose([expected], [actual], absolute, relative, what);
}
