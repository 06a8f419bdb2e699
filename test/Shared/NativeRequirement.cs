// Linked into every test project that needs something from the machine, so the skip-or-fail policy lives in one place.
namespace Mede.ML.Testing;

/// <summary>What a test does when the machine lacks what it needs — a native library or tool (OpenBLAS, MuJoCo,
/// python3-torch, the NuGet copy of libtorch), root for mount(8) or chattr, or a signal the test run's shell left
/// ignored: Inconclusive with the message saying how to get it, or a failure when MEDE_REQUIRE_NATIVE=1 (.ci/run sets
/// it, so neither a broken install nor a test run that cannot deliver a signal passes there as skipped).</summary>
internal static class NativeRequirement
{
    public static void Unavailable(string message)
    {
        if (Environment.GetEnvironmentVariable("MEDE_REQUIRE_NATIVE") == "1")
        {
            Assert.Fail($"MEDE_REQUIRE_NATIVE=1 but: {message}");
        }

        Assert.Inconclusive(message);
    }
}
