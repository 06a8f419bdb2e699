using Mede.ML.Testing;
namespace Mede.ML.Cli.Tests.Commands;

[TestClass]
[DoNotParallelize]
public sealed class BackendCheckTests
{
    [TestMethod]
    public void Train_CudaWhereThereIsNone_FailsAtOnceBeforeMakingTheRunFolder()
    {
        // The first device index this machine lacks: cuda:0 here (no CUDA), cuda:N on a machine with N GPUs, so the
        // test runs everywhere instead of skipping where there is CUDA.
        var (device, absent) = MissingCudaDevice.Get();
        string folder = Path.Combine(Path.GetTempPath(), "mede-cuda-" + Guid.NewGuid().ToString("N"));
        var (exit, _, error) = CliRunner.Run("train", "--backend", "torchsharp", "--device", device, "--steps", "40", "--out", folder);
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, absent);
        Assert.IsFalse(Directory.Exists(folder));
    }

    [TestMethod]
    public void Train_ManagedBackendOnCuda_IsAUsageError()
    {
        var (exit, _, error) = CliRunner.Run("train", "--device", "cuda", "--steps", "40", "--out", Path.Combine(Path.GetTempPath(), "mede-x-" + Guid.NewGuid().ToString("N")));
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, "Backend = TorchSharp");
    }
}
