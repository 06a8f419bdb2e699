// Linked into every test project that needs a native library, so the skip-or-fail policy lives in one place.
namespace Mede.ML.Testing;

/// <summary>What a test does when a native library or tool is missing: Inconclusive with the install command, or a
/// failure when MEDE_REQUIRE_NATIVE=1 (.ci/run sets it, so a broken install cannot pass silently).</summary>
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
