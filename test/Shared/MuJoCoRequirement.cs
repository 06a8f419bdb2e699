// Linked into every test project whose tests step a MuJoCo task, so they all ask the library the same question.
namespace Mede.ML.Testing;

/// <summary>Stops a test that needs MuJoCo 2.2.2 when the library cannot be loaded, with the library's own reason (the
/// paths it tried, or what is wrong with MEDE_MUJOCO_LIBRARY) and how to install it, through
/// <see cref="NativeRequirement"/>: Inconclusive, or a failure under MEDE_REQUIRE_NATIVE=1.</summary>
internal static class MuJoCoRequirement
{
    public static void RequireLibrary()
    {
        if (!Environments.MuJoCo.Native.MuJoCoLibrary.IsAvailable)
        {
            NativeRequirement.Unavailable(Environments.MuJoCo.Native.MuJoCoLibrary.UnavailableReason ?? Environments.MuJoCo.Native.MuJoCoLibrary.InstallHint);
        }
    }
}
