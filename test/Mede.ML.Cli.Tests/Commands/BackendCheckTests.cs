namespace Mede.ML.Cli.Tests.Commands;

[TestClass]
[DoNotParallelize]
public sealed class BackendCheckTests
{
    [TestMethod]
    public void Train_CudaWhereThereIsNone_FailsAtOnceBeforeMakingTheRunFolder()
    {
        if (global::TorchSharp.torch.cuda.is_available())
        {
            Assert.Inconclusive("This machine has CUDA; the test is about machines without it.");
        }

        string folder = Path.Combine(Path.GetTempPath(), "mede-cuda-" + Guid.NewGuid().ToString("N"));
        var (exit, _, error) = CliRunner.Run("train", "--backend", "torchsharp", "--device", "cuda", "--steps", "40", "--out", folder);
        Assert.AreEqual(2, exit, error);
        StringAssert.Contains(error, "CUDA is not available");
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
