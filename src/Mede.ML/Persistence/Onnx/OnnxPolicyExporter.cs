using Mede.ML.Networks;
using Mede.ML.Neural.Distributions;
using Mede.ML.Neural.Layers;

namespace Mede.ML.Persistence.Onnx;

/// <summary>
/// Writes the K agents' policies of a fitted model as one ONNX model (IR 8, opset 17), so a MEDE policy can be
/// deployed with ONNX Runtime or ML.NET's <c>ApplyOnnxModel</c> without Mede.ML.
/// </summary>
/// <remarks>
/// <para>Inputs: <c>observation</c> float [N, ObservationSize] and <c>agent</c> int64 [N] (the z of each row).
/// Outputs: <c>action</c> float [N, ActionSize], the deterministic action tanh(mu) mapped onto the environment's
/// action box (what <c>GetPolicy(z).Act(..., deterministic: true)</c> returns); <c>mean</c> and <c>log_std</c>
/// float [N, ActionSize], the pre-squash Gaussian in the policy's units, log_std clamped to
/// [<see cref="SquashedGaussian.LogStdMin"/>, <see cref="SquashedGaussian.LogStdMax"/>] as in training. To sample
/// as the policy does: u = mean + exp(log_std) * eps, a = tanh(u), then map a from [-1, 1] onto the box.</para>
/// <para>Shared networks read [s, one-hot z]; separate networks are all evaluated and each row keeps its agent's
/// (a one-hot weighted sum), so the graph has no control flow.</para>
/// </remarks>
public static class OnnxPolicyExporter
{
    /// <summary>Writes <paramref name="model"/>'s policies to <paramref name="path"/> (atomically: a temporary file renamed into place).</summary>
    /// <param name="model">A fitted model.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static void Export(MedeTransformer model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot write the ONNX policy to {full}: the folder {directory} does not exist.");
        }

        byte[] bytes = Build(model);
        string temporary = full + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The ONNX model's bytes.</summary>
    /// <param name="model">A fitted model.</param>
    public static byte[] Build(MedeTransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelNetworks networks = model.Networks;
        int k = model.NumberOfAgents, n = model.ActionSize;
        var graph = new OnnxGraph();
        graph.Input("observation", OnnxGraph.Float, model.ObservationSize);
        graph.Input("agent", OnnxGraph.Int64, width: null);

        string? oneHot = null;
        if (k > 1)
        {
            // z as a one-hot row: OneHot(agent, depth K, values [off, on]) gives float [N, K].
            oneHot = graph.Node("OneHot", ["agent", graph.Constant("depth", [(long)k]), graph.Constant("one_hot_values", [0f, 1f], 2)], attributes: ("axis", -1));
        }

        var means = new List<string>();
        var logStds = new List<string>();
        for (int set = 0; set < networks.Actors.Count; set++)
        {
            SquashedGaussianActor actor = networks.Actors[set];
            string input = actor.Input.OneHotAgents > 0 ? graph.Node("Concat", ["observation", oneHot!], attributes: ("axis", 1)) : "observation";
            string output = Mlp(graph, actor.Network, input, $"learner{set}.policy");
            means.Add(Columns(graph, output, 0, n));
            logStds.Add(graph.Node("Clip", [Columns(graph, output, n, 2 * n), graph.Constant(graph.Name("log_std_min"), [SquashedGaussian.LogStdMin]), graph.Constant(graph.Name("log_std_max"), [SquashedGaussian.LogStdMax])]));
        }

        string mean = Select(graph, means, oneHot, "mean");
        string logStd = Select(graph, logStds, oneHot, "log_std");

        // The environment's units: a_env = low + (tanh(mean) + 1) (high - low) / 2 = centre + tanh(mean) * half-range.
        ReadOnlySpan<float> low = model.ActionLow, high = model.ActionHigh;
        float[] centre = new float[n], half = new float[n];
        for (int i = 0; i < n; i++)
        {
            centre[i] = low[i] + 0.5f * (high[i] - low[i]);
            half[i] = 0.5f * (high[i] - low[i]);
        }

        string squashed = graph.Node("Tanh", [mean]);
        string scaled = graph.Node("Mul", [squashed, graph.Constant("action_half_range", half, 1, n)]);
        graph.Node("Add", [scaled, graph.Constant("action_centre", centre, 1, n)], "action");
        graph.Output("action", n);
        graph.Output("mean", n);
        graph.Output("log_std", n);
        return graph.ToModel(
            "mede_policies", "Mede.ML", Training.TrainingSession.LibraryVersion,
            $"{k} {model.Options.Algorithm} policies over observations of {model.ObservationSize} and actions of {n}; action is tanh(mean) on the environment's box.");
    }

    private static string Mlp(OnnxGraph graph, Sequential network, string input, string prefix)
    {
        string x = input;
        for (int i = 0; i < network.Layers.Count; i++)
        {
            switch (network.Layers[i])
            {
                case Linear linear:
                    // Gemm: x W^T + b, with W stored [out, in] as in PyTorch (transB = 1).
                    string weight = graph.Constant($"{prefix}.{i}.weight", linear.Weight.Data, linear.OutputFeatures, linear.InputFeatures);
                    string[] inputs = linear.Bias is null ? [x, weight] : [x, weight, graph.Constant($"{prefix}.{i}.bias", linear.Bias.Data, linear.OutputFeatures)];
                    x = graph.Node("Gemm", inputs, attributes: ("transB", 1));
                    break;
                case ReLU:
                    x = graph.Node("Relu", [x]);
                    break;
                case Tanh:
                    x = graph.Node("Tanh", [x]);
                    break;
                default:
                    throw new NotSupportedException($"{prefix}: layer {i} ({network.Layers[i].GetType().Name}) has no ONNX export.");
            }
        }

        return x;
    }

    private static string Columns(OnnxGraph graph, string input, long start, long end) =>
        graph.Node("Slice", [input, graph.Constant(graph.Name("starts"), [start], 1), graph.Constant(graph.Name("ends"), [end], 1), graph.Constant(graph.Name("axes"), [1L], 1)]);

    private static string Select(OnnxGraph graph, List<string> perSet, string? oneHot, string output)
    {
        if (perSet.Count == 1)
        {
            return graph.Node("Identity", [perSet[0]], output);
        }

        // Separate networks: sum_k one_hot[:, k] * value_k keeps each row's own agent.
        var weighted = new List<string>();
        for (int k = 0; k < perSet.Count; k++)
        {
            weighted.Add(graph.Node("Mul", [perSet[k], Columns(graph, oneHot!, k, k + 1)]));
        }

        return graph.Node("Sum", [.. weighted], output);
    }
}
