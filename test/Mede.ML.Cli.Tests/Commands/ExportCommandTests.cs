using Mede.ML.Cli.Runs;
using Mede.ML.Neural.Serialization;
using Mede.ML.TorchSharp;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
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
    public void ExportOnnx_ScoredWithOnnxRuntime_GivesTheRunsDeterministicActions()
    {
        string run = Path.Combine(_folder, "run");
        var (exit, _, error) = CliRunner.Run("train", "--agents", "3", "--steps", "120", "--out", run,
            "--set", "WarmupSteps=40", "--set", "BatchSize=16", "--set", "HiddenLayerSizes=16,16", "--set", "DiscriminatorHiddenLayerSizes=16,16", "--eval-episodes", "1");
        Assert.AreEqual(0, exit, error);

        string file = Path.Combine(_folder, "policy.onnx");
        (exit, _, error) = CliRunner.Run("export", run, "--format", "onnx", "--out", file);
        Assert.AreEqual(0, exit, error);

        // The run's model as mede evaluate sees it, from the same checkpoint.
        MedeTransformer model = MedeTransformer.FromCheckpoint(Path.Combine(run, "checkpoints"), RunSpecification.Load(run).EnvironmentFactory());
        int o = model.ObservationSize, n = model.ActionSize, rows = 30;
        var random = new Random(5);
        float[] observations = [.. Enumerable.Range(0, rows * o).Select(_ => (float)(random.NextDouble() * 8 - 4))];
        long[] agents = [.. Enumerable.Range(0, rows).Select(r => (long)(r % 3))];
        using var session = new InferenceSession(file);
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor("observation", new DenseTensor<float>(observations, [rows, o])),
            NamedOnnxValue.CreateFromTensor("agent", new DenseTensor<long>(agents, [rows])),
        ]);
        float[] actions = [.. results.Single(r => r.Name == "action").AsEnumerable<float>()];
        Assert.HasCount(rows * n, actions);
        var expected = new float[n];
        for (int r = 0; r < rows; r++)
        {
            model.GetPolicy((int)agents[r]).Act(observations.AsSpan(r * o, o), expected, deterministic: true);
            for (int i = 0; i < n; i++)
            {
                // float32 tolerance: the two engines sum the same products in different orders.
                Assert.AreEqual(expected[i], actions[r * n + i], 1e-5f * (1 + Math.Abs(expected[i])), $"row {r} (agent {agents[r]}), action[{i}]");
            }
        }
    }

    [TestMethod]
    public void Export_UnknownFormat_FailsNamingTheChoices()
    {
        var (exit, _, error) = CliRunner.Run("export", _folder, "--format", "tflite", "--out", Path.Combine(_folder, "x"));
        Assert.AreNotEqual(0, exit);
        StringAssert.Contains(error, "tflite");
    }

    [TestMethod]
    public void ExportOnnx_OutputFolderMissing_FailsNamingIt()
    {
        string run = Path.Combine(_folder, "run");
        var (exit, _, error) = CliRunner.Run("train", "--agents", "2", "--steps", "60", "--out", run,
            "--set", "WarmupSteps=20", "--set", "BatchSize=8", "--set", "HiddenLayerSizes=8", "--set", "DiscriminatorHiddenLayerSizes=8", "--eval-episodes", "1");
        Assert.AreEqual(0, exit, error);
        string missing = Path.Combine(_folder, "no-such-folder");
        (exit, _, error) = CliRunner.Run("export", run, "--format", "onnx", "--out", Path.Combine(missing, "policy.onnx"));
        Assert.AreEqual(2, exit);
        StringAssert.Contains(error, missing);
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
