using Mede.ML.Algorithms;
using Mede.ML.Environments;
using Mede.ML.Neural;
using Mede.ML.Persistence.Onnx;
using Mede.ML.Policies;
using Mede.ML.Training;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Mede.ML.Tests.Persistence;

[TestClass]
public sealed class OnnxPolicyExporterTests
{
    // Managed GEMM and ONNX Runtime sum the same float32 products in different orders: over a 16-wide hidden layer
    // the outputs agree to a few ulps; 1e-5 leaves room without hiding a wrong weight (those differ by ~1e-1).
    private const float Tolerance = 1e-5f;
    private const int Rows = 24;

    [TestMethod]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Shared, 3, "multigoal")]
    [DataRow(ReinforcementAlgorithm.Diayn, NetworkMode.Separate, 2, "multigoal")]
    [DataRow(ReinforcementAlgorithm.Sac, NetworkMode.Shared, 1, "pendulum")]
    public void Export_ScoredWithOnnxRuntime_GivesTheModelsDeterministicActions(ReinforcementAlgorithm algorithm, NetworkMode mode, int agents, string environment)
    {
        MedeTransformer model = Model(algorithm, mode, agents, environment);
        int o = model.ObservationSize, n = model.ActionSize;
        var generator = new Generator(11);
        var observations = new float[Rows * o];
        generator.FillNormal(observations);
        long[] rowAgents = [.. Enumerable.Range(0, Rows).Select(r => (long)(r % agents))];

        using var session = new InferenceSession(OnnxPolicyExporter.Build(model));
        using var results = session.Run(
        [
            NamedOnnxValue.CreateFromTensor("observation", new DenseTensor<float>(observations, [Rows, o])),
            NamedOnnxValue.CreateFromTensor("agent", new DenseTensor<long>(rowAgents, [Rows])),
        ]);
        float[] actions = [.. results.Single(r => r.Name == "action").AsEnumerable<float>()];
        float[] means = [.. results.Single(r => r.Name == "mean").AsEnumerable<float>()];
        Assert.HasCount(Rows * n, actions);

        var expected = new float[n];
        var predicted = new float[n];
        var scores = new float[agents];
        for (int r = 0; r < Rows; r++)
        {
            int z = (int)rowAgents[r];
            ReadOnlySpan<float> observation = observations.AsSpan(r * o, o);
            IPolicy policy = model.GetPolicy(z);
            policy.Act(observation, expected, deterministic: true);
            model.Score(observation, z, [], predicted, scores, out _, out _);
            for (int i = 0; i < n; i++)
            {
                Assert.AreEqual(expected[i], actions[r * n + i], Tolerance * (1 + Math.Abs(expected[i])), $"row {r} (agent {z}), action[{i}]");
                Assert.AreEqual(predicted[i], MathF.Tanh(means[r * n + i]), Tolerance, $"row {r} (agent {z}), tanh(mean[{i}])");
            }
        }
    }

    [TestMethod]
    [DataRow(ReinforcementAlgorithm.Mede, NetworkMode.Shared, 3)]
    [DataRow(ReinforcementAlgorithm.Diayn, NetworkMode.Separate, 2)]
    public void Export_ScoredWithMLNetsApplyOnnxModel_GivesTheModelsDeterministicActions(ReinforcementAlgorithm algorithm, NetworkMode mode, int agents)
    {
        MedeTransformer model = Model(algorithm, mode, agents, "multigoal");
        int o = model.ObservationSize, n = model.ActionSize;
        string folder = Path.Combine(Path.GetTempPath(), "mede-onnx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string file = Path.Combine(folder, "policy.onnx");
            OnnxPolicyExporter.Export(model, file);
            var generator = new Generator(17);
            var rows = new List<OnnxRow>();
            for (int r = 0; r < Rows; r++)
            {
                var observation = new float[o];
                generator.FillNormal(observation);
                rows.Add(new OnnxRow { Observation = observation, Agent = [r % agents] });
            }

            // A user of ML.NET without Mede.ML: the policy file, ApplyOnnxModel, and the graph's input and output names.
            var ml = new MLContext(seed: 1);
            IDataView data = ml.Data.LoadFromEnumerable(rows, SchemaFor(o));
            var pipeline = ml.Transforms.ApplyOnnxModel(["action"], ["observation", "agent"], file);
            IDataView scored = pipeline.Fit(data).Transform(data);
            float[][] actions = [.. scored.GetColumn<VBuffer<float>>("action").Select(v => v.DenseValues().ToArray())];

            Assert.HasCount(Rows, actions);
            var expected = new float[n];
            for (int r = 0; r < Rows; r++)
            {
                int z = (int)rows[r].Agent[0];
                model.GetPolicy(z).Act(rows[r].Observation, expected, deterministic: true);
                Assert.HasCount(n, actions[r]);
                for (int i = 0; i < n; i++)
                {
                    Assert.AreEqual(expected[i], actions[r][i], Tolerance * (1 + Math.Abs(expected[i])), $"row {r} (agent {z}), action[{i}]");
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static SchemaDefinition SchemaFor(int observationSize)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(OnnxRow));
        schema["observation"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, observationSize);
        schema["agent"].ColumnType = new VectorDataViewType(NumberDataViewType.Int64, 1);
        return schema;
    }

    private sealed class OnnxRow
    {
        [ColumnName("observation")]
        public float[] Observation { get; set; } = [];

        [ColumnName("agent")]
        public long[] Agent { get; set; } = [];
    }

    [TestMethod]
    public void Export_MissingFolder_NamesIt()
    {
        MedeTransformer model = Model(ReinforcementAlgorithm.Sac, NetworkMode.Shared, 1, "pendulum");
        string path = Path.Combine(Path.GetTempPath(), "mede-no-such-" + Guid.NewGuid().ToString("N"), "policy.onnx");
        var e = Assert.ThrowsExactly<DirectoryNotFoundException>(() => OnnxPolicyExporter.Export(model, path));
        StringAssert.Contains(e.Message, Path.GetDirectoryName(path)!);
    }

    private static MedeTransformer Model(ReinforcementAlgorithm algorithm, NetworkMode mode, int agents, string environment)
    {
        TrainingConfiguration options = TestOptions.Tiny(algorithm, mode, agents);
        Func<IEnvironment> factory = environment == "pendulum" ? () => new Pendulum() : () => new MultiGoal();
        using var session = new global::Mede.ML.Training.TrainingSession(options, factory);
        return new MedeTransformer(session);
    }
}
