using Mede.ML.Testing;

namespace Mede.ML.TorchSharp.Tests;

/// <summary>The build-time fix of Mede.ML.TorchSharp.targets: the output folder's libLibTorchSharp.so differs from the
/// package's only in the one flag that makes its GLIBCXX_3.4.32 requirement weak, and the package copy is untouched.</summary>
[TestClass]
public sealed class TorchSharpNativeTests
{
    [TestMethod]
    public void OutputCopy_OnAnOlderLibStdCxx_DiffersFromThePackageOnlyInTheWeakFlag()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        Assert.IsTrue(File.Exists(output), $"{output} is missing: the test project should carry TorchSharp's natives (RuntimeIdentifier linux-x64).");
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string version = typeof(global::TorchSharp.torch).Assembly.GetName().Version!.ToString(3);
        string package = Path.Combine(packages, "torchsharp", version, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(package))
        {
            NativeRequirement.Unavailable($"The package copy {package} is not in the NuGet cache here; nothing to compare with.");
        }

        byte[] mine = File.ReadAllBytes(output), theirs = File.ReadAllBytes(package);
        Assert.HasCount(theirs.Length, mine);
        int[] differing = [.. Enumerable.Range(0, mine.Length).Where(i => mine[i] != theirs[i])];
        bool olderLibStdCxx = !System.Text.Encoding.ASCII.GetString(File.ReadAllBytes("/usr/lib/x86_64-linux-gnu/libstdc++.so.6")).Contains("GLIBCXX_3.4.32\0", StringComparison.Ordinal);
        if (!olderLibStdCxx)
        {
            Assert.IsEmpty(differing, "libstdc++ here has GLIBCXX_3.4.32, so the build should leave the shim as it is");
            return;
        }

        Assert.HasCount(1, differing, "exactly one byte (the Vernaux flags of GLIBCXX_3.4.32) should differ");
        Assert.AreEqual(theirs[differing[0]] | 0x2, mine[differing[0]], "the difference should be VER_FLG_WEAK (0x2)");
    }

    [TestMethod]
    public void Torch_OnThisMachine_LoadsAndComputes()
    {
        using var x = global::TorchSharp.torch.arange(4f).reshape(2, 2);
        using var y = x.matmul(x);
        CollectionAssert.AreEqual(new[] { 2f, 3f, 6f, 11f }, y.data<float>().ToArray());
    }
}
