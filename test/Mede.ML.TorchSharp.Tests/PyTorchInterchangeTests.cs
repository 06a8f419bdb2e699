using System.Diagnostics;
using System.Text.Json;
using Mede.ML.Algorithms;
using Mede.ML.Networks;
using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Layers;
using Mede.ML.Testing;
using ManagedTensor = Mede.ML.Neural.Tensor;

namespace Mede.ML.TorchSharp.Tests;

/// <summary>
/// Files written here load in PyTorch (Debian's python3-torch) into plain <c>nn.Sequential</c> MLPs that give the same
/// outputs for the same inputs, and state_dicts PyTorch saved load here and give PyTorch's outputs.
/// </summary>
[TestClass]
[TestCategory("PyTorch")]
public sealed class PyTorchInterchangeTests
{
    private const string Python = "/usr/bin/python3";
    private const double Absolute = 1e-5, Relative = 1e-5;

    [TestMethod]
    [DataRow(PyTorchFormat.PyTorch)]
    [DataRow(PyTorchFormat.Safetensors)]
    public void Save_TrainedModel_LoadsIntoPlainPyTorchMlpsWithTheSameOutputs(PyTorchFormat format)
    {
        RequirePyTorch();
        using var pair = new BackendComparison(BackendComparison.OptionsFor(ReinforcementAlgorithm.Mede, NetworkMode.Shared));
        for (int i = 0; i < 10; i++)
        {
            pair.Torch.Update(0, pair.NextBatch(), i);
        }

        ModelNetworks model = pair.Torch.ToModel();
        string folder = Temporary();
        try
        {
            string file = Path.Combine(folder, format == PyTorchFormat.PyTorch ? "model.pt" : "model.safetensors");
            PyTorchInterchange.Save(model, file, format);
            var networks = Networks(model);
            var spec = Spec(networks);
            var python = RunPython(folder, "read", file, format == PyTorchFormat.PyTorch ? "pytorch" : "safetensors", spec);
            foreach (var (prefix, network) in networks)
            {
                Tolerance.AssertClose(Forward(network, spec[prefix].Inputs), python[prefix], Absolute, Relative, $"{prefix} outputs, Mede.ML against PyTorch");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Load_StateDictSavedByPyTorch_GivesPyTorchsOutputs()
    {
        RequirePyTorch();
        ModelNetworks model = ModelNetworks.Create(BackendComparison.Observations, BackendComparison.Actions, agents: 3, shared: true, [64, 64], [64, 64]);
        string folder = Temporary();
        try
        {
            string file = Path.Combine(folder, "pytorch.pt");
            var networks = Networks(model);
            var spec = Spec(networks);
            var python = RunPython(folder, "write", file, null, spec);
            PyTorchInterchange.Load(model, file, PyTorchFormat.PyTorch);
            foreach (var (prefix, network) in networks)
            {
                Tolerance.AssertClose(python[prefix], Forward(network, spec[prefix].Inputs), Absolute, Relative, $"{prefix} outputs, PyTorch against Mede.ML");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Load_FileOfAnotherShape_FailsNamingTheFile()
    {
        ModelNetworks small = ModelNetworks.Create(3, 1, agents: 2, shared: true, [8], [8]);
        ModelNetworks large = ModelNetworks.Create(3, 1, agents: 2, shared: true, [16], [8]);
        string folder = Temporary();
        try
        {
            string file = Path.Combine(folder, "small.pt");
            PyTorchInterchange.Save(small, file, PyTorchFormat.PyTorch);
            var e = Assert.Throws<InvalidDataException>(() => PyTorchInterchange.Load(large, file, PyTorchFormat.PyTorch));
            StringAssert.Contains(e.Message, "small.pt");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The networks a plain PyTorch MLP can stand for: a policy, a critic and both discriminators.</summary>
    private static Dictionary<string, Sequential> Networks(ModelNetworks model) => new()
    {
        ["learner0.policy."] = model.Actors[0].Network,
        ["learner0.critic1."] = model.Critics[0].First,
        ["learner0.critic2."] = model.Critics[0].Second,
        ["discriminator_sa."] = model.StateAction!.Network,
        ["discriminator_s."] = model.State!.Network,
    };

    private static Dictionary<string, (int[] Sizes, float[] Inputs)> Spec(Dictionary<string, Sequential> networks)
    {
        var random = new Generator(3);
        var spec = new Dictionary<string, (int[] Sizes, float[] Inputs)>();
        foreach (var (prefix, network) in networks)
        {
            var linears = network.Layers.OfType<Linear>().ToList();
            int[] sizes = [linears[0].InputFeatures, .. linears.Select(l => l.OutputFeatures)];
            var inputs = new float[8 * sizes[0]];
            random.FillNormal(inputs);
            spec[prefix] = (sizes, inputs);
        }

        return spec;
    }

    private static float[] Forward(Sequential network, float[] inputs)
    {
        var first = network.Layers.OfType<Linear>().First();
        using TapeScope scope = Tape.Scope();
        using (ManagedTensor.NoGrad())
        {
            return network.Forward(ManagedTensor.FromArray(inputs, inputs.Length / first.InputFeatures, first.InputFeatures)).ToArray();
        }
    }

    private static Dictionary<string, float[]> RunPython(string folder, string mode, string file, string? format, Dictionary<string, (int[] Sizes, float[] Inputs)> spec)
    {
        string specFile = Path.Combine(folder, "spec.json"), outFile = Path.Combine(folder, "out.json");
        File.WriteAllText(specFile, JsonSerializer.Serialize(spec.ToDictionary(p => p.Key, p => new { sizes = p.Value.Sizes, inputs = p.Value.Inputs })));
        string script = Path.Combine(AppContext.BaseDirectory, "Python", "interchange.py");
        string[] arguments = mode == "read" ? [script, "read", file, format!, specFile, outFile] : [script, "write", file, specFile, outFile];
        var (exit, output) = Run(arguments);
        Assert.AreEqual(0, exit, output);
        return JsonSerializer.Deserialize<Dictionary<string, float[]>>(File.ReadAllText(outFile))!;
    }

    private static (int Exit, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static void RequirePyTorch()
    {
        if (!File.Exists(Python) || Run("-c", "import torch").Exit != 0)
        {
            NativeRequirement.Unavailable($"{Python} with PyTorch is needed (Debian 12: sudo apt-get install -y python3-torch, or sudo bash build/install-native.sh).");
        }
    }

    private static string Temporary()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mede-interchange-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
