using Mede.ML.Neural.Serialization;
using Mede.ML.TorchSharp;
using ManagedTensor = Mede.ML.Neural.Tensor;

namespace Mede.ML.Cli.Tests.Commands;

[TestClass]
[DoNotParallelize]
public sealed class ExportCommandTests
{
    private string _folder = string.Empty;

    [TestInitialize]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "mede-export-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("pytorch", PyTorchFormat.PyTorch)]
    [DataRow("safetensors", PyTorchFormat.Safetensors)]
    public void Export_RunTrainedWithTorchSharp_WritesTheModelWeightsUnderTheirNames(string flag, PyTorchFormat format)
    {
        string run = Path.Combine(_folder, "run");
        var (exit, _, error) = CliRunner.Run("train", "--backend", "torchsharp", "--device", "cpu", "--agents", "2", "--steps", "120", "--out", run,
            "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--set", "HiddenLayerSizes=16,16", "--set", "DiscriminatorHiddenLayerSizes=16,16", "--eval-episodes", "1");
        Assert.AreEqual(0, exit, error);

        string file = Path.Combine(_folder, "model." + flag);
        (exit, _, error) = CliRunner.Run("export", run, "--format", flag, "--out", file);
        Assert.AreEqual(0, exit, error);
        Assert.IsTrue(File.Exists(file), file);

        // The model's tensors: every one of the checkpoint except targets, temperatures and the discriminator copies
        // agents read in separate mode (MultiGoal's preset).
        string checkpoint = Directory.GetDirectories(Path.Combine(run, "checkpoints")).Max()!;
        var stored = SafeTensors.Load(Path.Combine(checkpoint, "networks.safetensors")).Tensors;
        var expected = stored.Where(p => !p.Key.Contains("target_critic", StringComparison.Ordinal) && !p.Key.EndsWith("log_alpha", StringComparison.Ordinal)
            && !p.Key.StartsWith("agent", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(expected.Any(p => p.Key == "learner0.policy.0.weight"), string.Join(", ", stored.Keys));
        var read = expected.Select(p => (p.Key, Value: ManagedTensor.FromArray(new float[p.Value.Count], p.Value.Rows, p.Value.Columns))).ToList();
        PyTorchInterchange.Load(read.Select(r => (r.Key, r.Value)), file, format);
        foreach (var ((name, value), (_, original)) in read.Zip(expected))
        {
            CollectionAssert.AreEqual(original.ToArray(), value.ToArray(), name);
        }
    }

    [TestMethod]
    public void Export_FolderWithoutCheckpoint_FailsNamingIt()
    {
        Directory.CreateDirectory(_folder);
        var (exit, _, error) = CliRunner.Run("export", _folder, "--out", Path.Combine(_folder, "x.pt"));
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, "no complete checkpoint");
    }
}
