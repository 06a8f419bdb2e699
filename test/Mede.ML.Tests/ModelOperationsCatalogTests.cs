using System.IO.Compression;
using System.Text.Json.Nodes;
using Mede.ML.Algorithms;
using Mede.ML.Environments;

namespace Mede.ML.Tests;

[TestClass]
public sealed class ModelOperationsCatalogTests
{
    private static MedeTransformer s_model = null!;
    private string _folder = string.Empty;

    [ClassInitialize]
    public static void Train(TestContext context)
    {
        var ml = new MLContext(seed: 4);
        s_model = ml.Reinforcement().Trainers.Mede(EstimatorWorkout.Tiny())
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
    public void Save_Model_WritesOneZipWithTheManifestAndWeightsAndNoTemporaryFiles()
    {
        string path = Path.Combine(_folder, "multigoal.mede.zip");

        new MLContext().Model.Save(s_model, path);

        Assert.HasCount(1, Directory.GetFiles(_folder));
        using ZipArchive zip = ZipFile.OpenRead(path);
        CollectionAssert.AreEquivalent(new[] { "model.json", "weights.safetensors" }, zip.Entries.Select(e => e.FullName).ToArray());
        JsonNode manifest = ReadManifest(zip);
        Assert.AreEqual(1, (int)manifest["FormatVersion"]!);
        Assert.AreEqual(2, (int)manifest["ObservationSize"]!);
        Assert.AreEqual(2, (int)manifest["Agents"]!);
        Assert.AreEqual("Shared", (string)manifest["NetworkMode"]!);
        Assert.IsNotNull(manifest["Library"]);
    }

    [TestMethod]
    public void Load_SavedModel_ActsBitIdentically()
    {
        var ml = new MLContext();
        string path = Path.Combine(_folder, "model.zip");
        ml.Model.Save(s_model, path);

        MedeTransformer loaded = ml.Model.Load(path);

        EstimatorWorkout.AssertSameActions(s_model, loaded, () => new MultiGoal());
        CollectionAssert.AreEqual(s_model.ActionSpace.High.ToArray(), loaded.ActionSpace.High.ToArray());
    }

    [TestMethod]
    public void Save_OverAnExistingFile_ReplacesIt()
    {
        var ml = new MLContext();
        string path = Path.Combine(_folder, "model.zip");
        File.WriteAllText(path, "old");

        ml.Model.Save(s_model, path);

        Assert.AreEqual(2, ml.Model.Load(path).NumberOfAgents);
    }

    [TestMethod]
    public void Load_NotAZip_FailsNamingThePath()
    {
        string path = Path.Combine(_folder, "model.zip");
        File.WriteAllText(path, "this is not a zip file");

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.Load(path));

        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    [DataRow("model.json")]
    [DataRow("weights.safetensors")]
    public void Load_MissingEntry_FailsNamingTheEntry(string entry)
    {
        string path = SaveAndEdit(zip => zip.GetEntry(entry)!.Delete());

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.Load(path));

        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, $"'{entry}'");
    }

    [TestMethod]
    public void Load_UnknownFormatVersion_FailsNamingTheVersionAndEntry()
    {
        string path = SaveAndEdit(zip => EditManifest(zip, manifest => manifest["FormatVersion"] = 99));

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.Load(path));

        StringAssert.Contains(e.Message, "'model.json'");
        StringAssert.Contains(e.Message, "format version 99");
    }

    [TestMethod]
    public void Load_ShapesDifferFromTheManifest_FailsNamingTheTensor()
    {
        string path = SaveAndEdit(zip => EditManifest(zip, manifest => manifest["Options"]!["HiddenLayerSizes"] = new JsonArray(8)));

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.Load(path));

        StringAssert.Contains(e.Message, "'weights.safetensors'");
        StringAssert.Contains(e.Message, "tensor 'learner0.policy.");
    }

    [TestMethod]
    public void Load_CorruptedWeights_FailsNamingTheEntry()
    {
        string path = SaveAndEdit(zip =>
        {
            zip.GetEntry("weights.safetensors")!.Delete();
            using Stream stream = zip.CreateEntry("weights.safetensors").Open();
            stream.Write([1, 2, 3]);
        });

        InvalidDataException e = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.Load(path));

        StringAssert.Contains(e.Message, "'weights.safetensors'");
    }

    [TestMethod]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext().Model.Load(Path.Combine(_folder, "none.zip")));
    }

    [TestMethod]
    public void Load_SeparateModeSacAndDiayn_RoundTrip()
    {
        var ml = new MLContext(seed: 5);
        foreach (MedeTrainer trainer in new[]
        {
            ml.Reinforcement().Trainers.Sac(EstimatorWorkout.Tiny()),
            ml.Reinforcement().Trainers.Diayn(EstimatorWorkout.Tiny(mode: NetworkMode.Separate)),
        })
        {
            MedeTransformer model = trainer.Fit(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.Pendulum()));
            string path = Path.Combine(_folder, $"{model.Options.Algorithm}.zip");
            ml.Model.Save(model, path);
            EstimatorWorkout.AssertSameActions(model, ml.Model.Load(path), () => new Pendulum());
        }
    }

    private string SaveAndEdit(Action<ZipArchive> edit)
    {
        string path = Path.Combine(_folder, "model.zip");
        new MLContext().Model.Save(s_model, path);
        using ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Update);
        edit(zip);
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
