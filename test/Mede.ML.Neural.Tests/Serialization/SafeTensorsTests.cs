using System.Buffers.Binary;
using System.Text;
using Mede.ML.Neural.Layers;
using Mede.ML.Neural.Serialization;

namespace Mede.ML.Neural.Tests.Serialization;

[TestClass]
public sealed class SafeTensorsTests
{
    private string _folder = string.Empty;

    [TestInitialize]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "mede-safetensors-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void SaveLoad_Mlp_RoundTripsExactly()
    {
        var source = Mlp.Create([3, 5, 2], Activation.ReLU, new Generator(1));
        var target = Mlp.Create([3, 5, 2], Activation.ReLU, new Generator(2));
        string path = Path.Combine(_folder, "mlp.safetensors");
        SafeTensors.Save(path, source, new Dictionary<string, string> { ["format"] = "pt" });
        SafeTensors.LoadInto(path, target);
        foreach (var ((_, a), (_, b)) in source.NamedParameters().Zip(target.NamedParameters()))
        {
            CollectionAssert.AreEqual(a.ToArray(), b.ToArray());
        }

        SafeTensorsFile file = SafeTensors.Load(path);
        Assert.AreEqual("pt", file.Metadata["format"]);
        Assert.AreEqual("[5]", file.Tensors["0.bias"].Shape);
        Assert.AreEqual("[5, 3]", file.Tensors["0.weight"].Shape);
        Assert.AreEqual(0, Directory.GetFiles(_folder, "*.tmp-*").Length);
    }

    [TestMethod]
    public void Save_HeaderLayout_FollowsTheSpecification()
    {
        string path = Path.Combine(_folder, "a.safetensors");
        SafeTensors.Save(path, [("x", Tensor.FromArray([1f, 2f], 1, 2))]);
        byte[] bytes = File.ReadAllBytes(path);
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.AreEqual(0, (8 + n) % 8, "data must start 8-byte aligned");
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n).TrimEnd();
        Assert.AreEqual("{\"x\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}", header);
        Assert.AreEqual(2f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + (int)n + 4)));
    }

    [TestMethod]
    public void Save_FailureMidWrite_KeepsThePreviousFile()
    {
        string path = Path.Combine(_folder, "keep.safetensors");
        SafeTensors.Save(path, [("x", Tensor.FromArray([1f], 1, 1))]);
        Assert.ThrowsExactly<ArgumentException>(() => SafeTensors.Save(path, [("x", Tensor.Zeros(1, 1)), ("x", Tensor.Zeros(1, 1))]));
        Assert.AreEqual(1f, SafeTensors.Load(path).Tensors["x"].Data[0]);
    }

    public static IEnumerable<object[]> MalformedFiles()
    {
        byte[] valid = Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        yield return ["truncated", valid[..5], "truncated"];
        yield return ["header past end", Concat(BitConverter.GetBytes(10_000UL), new byte[16]), "runs past the end"];
        yield return ["bad json", Build("{\"w\":", 0), "not valid JSON"];
        yield return ["unknown dtype", Build("{\"w\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "dtype 'Q7'"];
        yield return ["offsets out of range", Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4), "outside"];
        yield return ["size mismatch", Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12 bytes"];
        yield return ["overlap", Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "overlapping"];
    }

    [TestMethod]
    [DynamicData(nameof(MalformedFiles))]
    public void Load_MalformedFile_NamesFileAndProblem(string name, byte[] bytes, string expected)
    {
        string path = Path.Combine(_folder, name.Replace(' ', '-') + ".safetensors");
        File.WriteAllBytes(path, bytes);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => SafeTensors.Load(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, expected);
    }

    [TestMethod]
    [DataRow("missing")]
    [DataRow("extra")]
    [DataRow("shape")]
    public void LoadInto_MismatchedContents_NamesTheTensor(string problem)
    {
        var model = new Linear(3, 2, new Generator(1));
        var entries = new List<(string, Tensor)> { ("weight", Tensor.Zeros(2, 3)), ("bias", Tensor.Zeros(2)) };
        string expected = problem switch
        {
            "missing" => "'bias'",
            "extra" => "'extra'",
            _ => "'weight' has shape [3, 2]",
        };
        if (problem == "missing")
        {
            entries.RemoveAt(1);
        }
        else if (problem == "extra")
        {
            entries.Add(("extra", Tensor.Zeros(1)));
        }
        else
        {
            entries[0] = ("weight", Tensor.Zeros(3, 2));
        }

        string path = Path.Combine(_folder, problem + ".safetensors");
        SafeTensors.Save(path, entries);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => SafeTensors.LoadInto(path, model));
        StringAssert.Contains(e.Message, expected);
        StringAssert.Contains(e.Message, path);
    }

    private static byte[] Build(string header, int dataBytes)
    {
        byte[] h = Encoding.UTF8.GetBytes(header);
        return Concat(Concat(BitConverter.GetBytes((ulong)h.Length), h), new byte[dataBytes]);
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];
}
