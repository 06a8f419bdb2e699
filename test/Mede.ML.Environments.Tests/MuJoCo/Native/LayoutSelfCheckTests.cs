using Mede.ML.Environments.MuJoCo;
using Mede.ML.Environments.MuJoCo.Native;

namespace Mede.ML.Environments.Tests.MuJoCo.Native;

[TestClass]
[TestCategory(MuJoCoTest.Category)]
public sealed unsafe class LayoutSelfCheckTests
{
    [TestMethod]
    public void Run_LoadedModels_Passes()
    {
        MuJoCoTest.RequireLibrary();
        var model = MuJoCoModel.FromXml(TestModels.FreeFall, "freefall.xml");
        using var sim = model.CreateSimulation();
        LayoutSelfCheck.Run(model.Native, sim.Native);

        // The check passed, and the binding reads the joints' sizes where MuJoCo wrote them.
        Assert.AreEqual(8, model.Native->nq); // free joint (7) + slide (1)
        Assert.AreEqual(7, model.Native->nv); // 6 + 1
    }

    [TestMethod]
    public void Run_ShiftedModelPointer_ThrowsNamingTheStruct()
    {
        MuJoCoTest.RequireLibrary();
        var model = MuJoCoModel.FromXml(TestModels.FreeFall, "freefall.xml");
        using var sim = model.CreateSimulation();

        // Read the model as if every field sat 8 bytes later, as an off-by-one-field binding would.
        mjModel* shifted = (mjModel*)((byte*)model.Native - 8);
        var copy = (mjModel*)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)sizeof(mjModel));
        try
        {
            *copy = *shifted;
            var e = Assert.ThrowsExactly<MuJoCoException>(() => LayoutSelfCheck.Run(copy, sim.Native));
            StringAssert.Contains(e.Message, "mjModel");
            StringAssert.Contains(e.Message, "generate-mujoco-structs.py");
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(copy);
        }
    }
}
