using Mede.ML.Environments.MuJoCo;

namespace Mede.ML.Environments.Tests.MuJoCo;

[TestClass]
[TestCategory(MuJoCoTest.Category)]
public sealed class MuJoCoThroughputTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Measure_ShortHopperRun_ReportsBothRatesAndTheirRatio()
    {
        MuJoCoTest.RequireLibrary();
        MuJoCoThroughputResult r = MuJoCoThroughput.Measure(() => new Hopper(), TimeSpan.FromMilliseconds(200), threads: 1);
        TestContext.WriteLine($"{r.Environment}: {r.StepsPerSecond:F0} env steps/s, raw {r.RawStepsPerSecond:F0}, ratio {r.Ratio:F2}");
        Assert.AreEqual("hopper", r.Environment);
        Assert.AreEqual(1, r.Threads);
        Assert.IsGreaterThan(0.0, r.StepsPerSecond);
        Assert.IsGreaterThan(0.0, r.RawStepsPerSecond);
        Assert.AreEqual(r.StepsPerSecond / r.RawStepsPerSecond, r.Ratio, 1e-12);
    }

    [TestMethod]
    public void EnvironmentStepsPerSecond_TwoThreads_EachStepsItsOwnEnvironment()
    {
        MuJoCoTest.RequireLibrary();
        double rate = MuJoCoThroughput.EnvironmentStepsPerSecond(() => new Walker2d(), TimeSpan.FromMilliseconds(150), threads: 2);
        Assert.IsGreaterThan(0.0, rate);
    }
}
