using Mede.ML.Environments.MuJoCo.Native;

namespace Mede.ML.Environments.Tests.MuJoCo.Native;

[TestClass]
[TestCategory(MuJoCoTest.Category)]
public sealed class MuJoCoLibraryTests
{
    [TestMethod]
    public void VersionString_Installed_Is222()
    {
        MuJoCoTest.RequireLibrary();
        Assert.AreEqual("2.2.2", MuJoCoLibrary.VersionString);
        Assert.AreEqual(MuJoCoLibrary.RequiredVersion, NativeMethods.mj_version());
        Assert.IsNotNull(MuJoCoLibrary.LoadedFrom);
    }

    [TestMethod]
    public void InstallHint_Always_NamesPackagesAndScript()
    {
        StringAssert.Contains(MuJoCoLibrary.InstallHint, "libmujoco2.2.2");
        StringAssert.Contains(MuJoCoLibrary.InstallHint, "libmujoco-dev");
        StringAssert.Contains(MuJoCoLibrary.InstallHint, "build/install-native.sh");
    }

    [TestMethod]
    public void MissingLibraryMessage_NoOverride_NamesCandidatesPackagesAndScript()
    {
        string message = MuJoCoLibrary.MissingLibraryMessage(null, ["libmujoco.so.2.2.2", "libmujoco.so"]);
        StringAssert.Contains(message, "libmujoco.so.2.2.2, libmujoco.so");
        StringAssert.Contains(message, "sudo apt-get install -y libmujoco2.2.2 libmujoco-dev");
        StringAssert.Contains(message, "build/install-native.sh");
    }

    [TestMethod]
    public void MissingLibraryMessage_Override_NamesTheVariableAndPath()
    {
        string message = MuJoCoLibrary.MissingLibraryMessage("/opt/nowhere/libmujoco.so", ["/opt/nowhere/libmujoco.so"]);
        StringAssert.Contains(message, MuJoCoLibrary.LibraryPathVariable);
        StringAssert.Contains(message, "/opt/nowhere/libmujoco.so");
    }
}
