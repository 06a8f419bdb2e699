using System.Diagnostics;
using System.Reflection.Emit;
using Mede.ML.Cli.Bench;

namespace Mede.ML.Cli.Tests.Bench;

[TestClass]
public sealed class WarmupTests
{
    [TestMethod]
    public void Run_StepThatKeepsCompiling_LastsUntilTheJitHasBeenQuiet()
    {
        // Each of the first 60 steps compiles a method of its own, as tiered compilation does while an update warms up.
        const int compilingSteps = 60;
        int calls = 0;
        long lastCompile = 0;
        int steps = Warmup.Run(() =>
        {
            if (calls++ < compilingSteps)
            {
                CompileFreshMethod(calls)();
                lastCompile = Stopwatch.GetTimestamp();
            }
        });

        TimeSpan quietAfterLastCompile = Stopwatch.GetElapsedTime(lastCompile);
        Assert.IsGreaterThan(compilingSteps, steps, "the warm-up ended while methods were still being compiled");
        Assert.IsGreaterThanOrEqualTo(Warmup.QuietSeconds, quietAfterLastCompile.TotalSeconds);
        Assert.IsLessThan(Warmup.MaximumSeconds, quietAfterLastCompile.TotalSeconds);
    }

    [TestMethod]
    public void Run_AlwaysRunsTheMinimumSteps()
    {
        int steps = Warmup.Run(() => { });

        Assert.IsGreaterThanOrEqualTo(Warmup.MinimumSteps, steps);
    }

    private static Func<int> CompileFreshMethod(int value)
    {
        var method = new DynamicMethod($"warmup_probe_{value}", typeof(int), Type.EmptyTypes);
        ILGenerator il = method.GetILGenerator();
        il.Emit(OpCodes.Ldc_I4, value);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Func<int>>();
    }
}
