using Mede.ML.Environments.MuJoCo.Native;

namespace Mede.ML.Environments.Tests.MuJoCo.Native;

[TestClass]
[TestCategory(MuJoCoTest.Category)]
public sealed class MjStructsTests
{
    [TestMethod]
    public void Describe_EveryFieldAndSize_MatchesGccOffsetof()
    {
        MuJoCoTest.RequireHeaders();
        string gcc = MuJoCoTest.RequireTool("gcc");
        string python = MuJoCoTest.RequireTool("python3");
        string root = MuJoCoTest.RepositoryRoot();
        string dir = Directory.CreateTempSubdirectory("mede-mjprobe-").FullName;
        try
        {
            string source = Path.Combine(dir, "probe.c");
            string binary = Path.Combine(dir, "probe");
            MuJoCoTest.Run(python, Path.Combine(root, "build", "generate-mujoco-structs.py"), "--no-cs", "--emit-c", source);
            MuJoCoTest.Run(gcc, "-O0", source, "-o", binary);
            string[] expected = MuJoCoTest.Run(binary).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            List<string> actual = MjStructLayout.Describe();

            Assert.IsGreaterThan(500, expected.Length, "the probe should list every field");
            CollectionAssert.AreEqual(expected, actual, FirstDifference(expected, actual));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Describe_KeyOffsets_MatchThePrototypeNotes()
    {
        // Independent of gcc: the offsets the interop prototype measured for 2.2.2.
        List<string> lines = MjStructLayout.Describe();
        CollectionAssert.Contains(lines, "mjModel.opt 232");
        CollectionAssert.Contains(lines, "mjModel.actuator_gear 2816");
        CollectionAssert.Contains(lines, "mjModel.names 3272");
        CollectionAssert.Contains(lines, "mjModel sizeof 3280");
        CollectionAssert.Contains(lines, "mjData.qpos 40376");
        CollectionAssert.Contains(lines, "mjData.cfrc_ext 41168");
        CollectionAssert.Contains(lines, "mjData sizeof 41176");
    }

    private static string FirstDifference(string[] expected, List<string> actual)
    {
        for (int i = 0; i < Math.Min(expected.Length, actual.Count); i++)
        {
            if (expected[i] != actual[i])
            {
                return $"line {i}: gcc says '{expected[i]}', C# says '{actual[i]}'";
            }
        }

        return $"gcc lists {expected.Length} lines, C# {actual.Count}";
    }
}
