namespace Mede.ML.Neural.Tests;

/// <summary>What a test does when a native library is missing: Inconclusive with the install command, or a
/// failure when MEDE_REQUIRE_NATIVE=1 (CI sets it, so a broken install cannot pass silently).</summary>
internal static class NativeRequirement
{
    public static void Missing(string what)
    {
        string message = $"{what} is not installed. Install the native libraries with: sudo bash build/install-native.sh";
        if (Environment.GetEnvironmentVariable("MEDE_REQUIRE_NATIVE") == "1")
        {
            Assert.Fail(message + " (MEDE_REQUIRE_NATIVE=1 makes this a failure).");
        }

        Assert.Inconclusive(message);
    }
}
