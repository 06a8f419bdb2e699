using System.IO.Compression;
using System.Text.Json.Nodes;
using Mede.ML.Algorithms;
using Mede.ML.Data;
using Mede.ML.Environments;
using Mede.ML.Persistence;

namespace Mede.ML.Tests;

[TestClass]
public sealed class ModelOperationsCatalogExtensionsTests
{
    private static MedeTransformer s_model = null!;
    private string _folder = string.Empty;

    [ClassInitialize]
    public static void Train(TestContext context)
    {
        var ml = new MLContext(seed: 4);
        s_model = ml.Reinforcement().Trainers.Create(EstimatorWorkout.Tiny())
            .Fit(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal()));
    }

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "mede-model-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void Save_Model_WritesAnMLNetModelWhosePayloadHoldsTheManifestAndWeights()
    {
        var ml = new MLContext();
        string path = Path.Combine(_folder, "multigoal.zip");

        ml.Model.Save(s_model, Schema(), path);

        using (ZipArchive zip = ZipFile.OpenRead(path))
        {
            Assert.IsTrue(zip.Entries.Any(e => e.FullName.StartsWith("TransformerChain/", StringComparison.Ordinal)), "ML.NET's own model layout: " + string.Join(", ", zip.Entries.Select(e => e.FullName)));
        }

        using ZipArchive payload = new(new MemoryStream(MedeModelFile.ToBytes(s_model)));
        CollectionAssert.AreEquivalent(new[] { "model.json", "weights.safetensors" }, payload.Entries.Select(e => e.FullName).ToArray());
        JsonNode manifest = ReadManifest(payload);
        Assert.AreEqual(1, (int)manifest["FormatVersion"]!);
        Assert.AreEqual(2, (int)manifest["ObservationSize"]!);
        Assert.AreEqual(2, (int)manifest["Agents"]!);
        Assert.AreEqual("Shared", (string)manifest["NetworkMode"]!);
    }

    [TestMethod]
    public void LoadMedeTransformer_SavedModel_ActsBitIdentically()
    {
        var ml = new MLContext();
        string path = Path.Combine(_folder, "model.zip");
        ml.Model.Save(s_model, Schema(), path);

        MedeTransformer loaded = ml.Model.LoadMedeTransformer(path);

        EstimatorWorkout.AssertSameActions(s_model, loaded, () => new MultiGoal());
        CollectionAssert.AreEqual(s_model.ActionSpace.High.ToArray(), loaded.ActionSpace.High.ToArray());
    }

    [TestMethod]
    public void Load_SavedModel_ReturnsMLNetsChainScoringTheSameColumns()
    {
        var ml = new MLContext();
        string path = Path.Combine(_folder, "model.zip");
        ml.Model.Save(s_model, Schema(), path);

        ITransformer loaded = ml.Model.Load(path, out DataViewSchema inputSchema);

        Assert.IsInstanceOfType<TransformerChain<ITransformer>>(loaded);
        DataViewSchema output = loaded.GetOutputSchema(inputSchema);
        foreach (string column in new[] { "PredictedAction", "AgentScores", "LogProbability", "Q" })
        {
            Assert.IsNotNull(output.GetColumnOrNull(column), column);
        }

        Assert.IsNull(output.GetColumnOrNull(SavedModelChain.PayloadColumn), "the helper columns are dropped");
    }

    [TestMethod]
    public void LoadMedeTransformer_ModelInsideAChain_FindsIt()
    {
        var ml = new MLContext();
        string path = Path.Combine(_folder, "chain.zip");
        IDataView rows = Rows(ml);
        ITransformer chain = ml.Transforms.CopyColumns("State", "Observation").Fit(rows).Append(s_model);
        ml.Model.Save(chain, rows.Schema, path);

        MedeTransformer loaded = ml.Model.LoadMedeTransformer(path);

        EstimatorWorkout.AssertSameActions(s_model, loaded, () => new MultiGoal());
    }

    [TestMethod]
    public void LoadMedeTransformer_NotAZip_FailsNamingThePath()
    {
        string path = Path.Combine(_folder, "model.zip");
        File.WriteAllText(path, "this is not a zip file");

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadMedeTransformer(path));

        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    public void LoadMedeTransformer_AnMLNetModelWithoutMede_FailsSayingSo()
    {
        var ml = new MLContext();
        string path = Path.Combine(_folder, "other.zip");
        IDataView rows = Rows(ml);
        ml.Model.Save(ml.Transforms.CopyColumns("State", "Observation").Fit(rows), rows.Schema, path);

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => ml.Model.LoadMedeTransformer(path));

        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "without a Mede.ML model");
    }

    [TestMethod]
    [DataRow("model.json")]
    [DataRow("weights.safetensors")]
    public void LoadMedeTransformer_MissingEntry_FailsNamingFileAndEntry(string entry)
    {
        string path = SaveEdited(zip => zip.GetEntry(entry)!.Delete());

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadMedeTransformer(path));

        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, $"'{entry}'");
    }

    [TestMethod]
    public void LoadMedeTransformer_UnknownFormatVersion_FailsNamingFileVersionAndEntry()
    {
        string path = SaveEdited(zip => EditManifest(zip, manifest => manifest["FormatVersion"] = 99));

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadMedeTransformer(path));

        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "'model.json'");
        StringAssert.Contains(e.Message, "format version 99");
    }

    [TestMethod]
    public void LoadMedeTransformer_ShapesDifferFromTheManifest_FailsNamingFileEntryAndTensor()
    {
        string path = SaveEdited(zip => EditManifest(zip, manifest => manifest["Options"]!["HiddenLayerSizes"] = new JsonArray(8)));

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadMedeTransformer(path));

        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "'weights.safetensors'");
        StringAssert.Contains(e.Message, "tensor 'learner0.policy.");
    }

    [TestMethod]
    public void LoadMedeTransformer_CorruptedWeights_FailsNamingFileAndEntry()
    {
        string path = SaveEdited(zip =>
        {
            zip.GetEntry("weights.safetensors")!.Delete();
            using Stream stream = zip.CreateEntry("weights.safetensors").Open();
            stream.Write([1, 2, 3]);
        });

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadMedeTransformer(path));

        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "'weights.safetensors'");
    }

    [TestMethod]
    public void LoadMedeTransformer_WeightsOverwrittenInPlace_IsRefusedNamingFileAndEntry()
    {
        // 64 bytes of tensor data changed, the file otherwise intact: every float is still a float, so only the
        // checksum can tell.
        string path = SaveEdited(zip =>
        {
            byte[] weights;
            using (Stream stream = zip.GetEntry("weights.safetensors")!.Open())
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                weights = copy.ToArray();
            }

            long header = BitConverter.ToInt64(weights, 0);
            Array.Fill(weights, (byte)0x3f, (int)(8 + header + 16), 64);
            zip.GetEntry("weights.safetensors")!.Delete();
            using Stream edited = zip.CreateEntry("weights.safetensors").Open();
            edited.Write(weights);
        });

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadMedeTransformer(path));

        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "'weights.safetensors'");
        StringAssert.Contains(e.Message, "damaged");
    }

    [TestMethod]
    public void LoadMedeTransformer_PayloadsCentralDirectoryDamaged_IsRefusedNamingTheFile()
    {
        // The entry count in the payload's end-of-central-directory record no longer matches its directory. .NET reads
        // the directory on first use, so this once escaped as a bare InvalidDataException from GetEntry.
        byte[] payload = MedeModelFile.ToBytes(s_model);
        int end = payload.Length - 22;
        Assert.AreEqual(0x06054b50, BitConverter.ToInt32(payload, end), "the payload ends with an end-of-central-directory record without a comment");
        payload[end + 10] = 7;
        payload[end + 8] = 7;
        string path = Path.Combine(_folder, "model.zip");
        new MLContext().Model.Save(SavedModelChain.Build(2, 2, 2, payload), Schema(), path);

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadMedeTransformer(path));

        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "not a readable zip");
    }

    [TestMethod]
    public void LoadMedeTransformer_FileOverwrittenInPlaceAnywhere_IsRefusedNamingTheFileOrLoadsTheSameModel()
    {
        // A wider model than the others, so the weights are most of the file; 64 bytes overwritten at 300 places
        // spread over it. Before the weights had a checksum, 15 of the 300 places loaded a different model silently.
        var ml = new MLContext(seed: 4);
        MedeTrainer.Options options = EstimatorWorkout.Tiny(new MedeTrainer.Options());
        options.HiddenLayerSizes = [64, 64];
        MedeTransformer model = ml.Reinforcement().Trainers.Mede(options, EstimatorWorkout.TinyRun()).Fit(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal()));
        string path = Path.Combine(_folder, "model.zip");
        ml.Model.Save(model, Schema(), path);
        byte[] saved = File.ReadAllBytes(path);
        float[][] weights = [.. model.NetworkTensors().Select(t => t.Value.Data.ToArray())];
        var silent = new List<int>();
        int refused = 0;
        const int Places = 300;
        for (int place = 0; place < Places; place++)
        {
            int offset = (int)((long)place * (saved.Length - 64) / (Places - 1));
            byte[] damaged = (byte[])saved.Clone();
            for (int i = 0; i < 64; i++)
            {
                damaged[offset + i] = (byte)(0xA5 ^ (i * 7));
            }

            File.WriteAllBytes(path, damaged);
            try
            {
                MedeTransformer loaded = new MLContext().Model.LoadMedeTransformer(path);
                bool same = loaded.NetworkTensors().Select(t => t.Value.Data.ToArray()).Zip(weights).All(p => p.First.AsSpan().SequenceEqual(p.Second))
                    && loaded.ActionSpace.High.ToArray().SequenceEqual(model.ActionSpace.High.ToArray())
                    && loaded.ActionSpace.Low.ToArray().SequenceEqual(model.ActionSpace.Low.ToArray());
                if (!same)
                {
                    silent.Add(offset);
                }
            }
            catch (InvalidDataException e)
            {
                StringAssert.Contains(e.Message, path, $"overwritten at {offset}");
                refused++;
            }
        }

        Assert.IsEmpty(silent, $"a different model loaded silently after an overwrite at offsets {string.Join(", ", silent)} of {saved.Length} bytes");
        Assert.IsGreaterThan(Places / 2, refused, "most overwrites break the file");
    }

    [TestMethod]
    public void LoadMedeTransformer_MissingFile_ThrowsFileNotFound()
    {
        Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext().Model.LoadMedeTransformer(Path.Combine(_folder, "none.zip")));
    }

    [TestMethod]
    public void LoadMedeTransformer_SeparateModeSacAndDiayn_RoundTrip()
    {
        var ml = new MLContext(seed: 5);
        foreach (ReinforcementTrainerBase trainer in new[]
        {
            ml.Reinforcement().Trainers.Create(EstimatorWorkout.Tiny(ReinforcementAlgorithm.Sac)),
            ml.Reinforcement().Trainers.Create(EstimatorWorkout.Tiny(ReinforcementAlgorithm.Diayn, NetworkMode.Separate)),
        })
        {
            EnvironmentDataView rollout = ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.Pendulum());
            MedeTransformer model = trainer.Fit(rollout);
            string path = Path.Combine(_folder, $"{model.Options.Algorithm}.zip");
            ml.Model.Save(model, rollout.Schema, path);
            EstimatorWorkout.AssertSameActions(model, ml.Model.LoadMedeTransformer(path), () => new Pendulum());
        }
    }

    /// <summary>The trajectory schema of MultiGoal (observation 2, action 2).</summary>
    private static DataViewSchema Schema() => TrajectorySchema.Create(2, 2);

    private static IDataView Rows(MLContext ml) =>
        ml.Reinforcement().Data.LoadTrajectories(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal(), steps: 5));

    /// <summary>Saves <see cref="s_model"/> with its payload edited, through the same chain <c>ml.Model.Save</c> writes.</summary>
    private string SaveEdited(Action<ZipArchive> edit)
    {
        var bytes = new MemoryStream();
        bytes.Write(MedeModelFile.ToBytes(s_model));
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Update, leaveOpen: true))
        {
            edit(zip);
        }

        string path = Path.Combine(_folder, "model.zip");
        new MLContext().Model.Save(SavedModelChain.Build(2, 2, 2, bytes.ToArray()), Schema(), path);
        return path;
    }

    private static JsonNode ReadManifest(ZipArchive zip)
    {
        using Stream stream = zip.GetEntry("model.json")!.Open();
        return JsonNode.Parse(stream)!;
    }

    private static void EditManifest(ZipArchive zip, Action<JsonNode> edit)
    {
        JsonNode manifest = ReadManifest(zip);
        edit(manifest);
        zip.GetEntry("model.json")!.Delete();
        using Stream stream = zip.CreateEntry("model.json").Open();
        using var writer = new StreamWriter(stream);
        writer.Write(manifest.ToJsonString());
    }
}
