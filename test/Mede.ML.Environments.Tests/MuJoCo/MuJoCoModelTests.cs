using Mede.ML.Environments.MuJoCo;

namespace Mede.ML.Environments.Tests.MuJoCo;

[TestClass]
[TestCategory(MuJoCoTest.Category)]
public sealed class MuJoCoModelTests
{
    [TestMethod]
    public void FromXml_FreeFallModel_ReadsSizesAndOptions()
    {
        MuJoCoTest.RequireLibrary();
        var model = MuJoCoModel.FromXml(TestModels.FreeFall, "freefall.xml");
        Assert.AreEqual(8, model.PositionCount);
        Assert.AreEqual(7, model.VelocityCount);
        Assert.AreEqual(0, model.ActuatorCount);
        Assert.AreEqual(3, model.BodyCount);
        Assert.AreEqual(0.002, model.TimestepSeconds);
        Assert.AreEqual((0.0, 0.0, -9.81), model.Gravity);
    }

    [TestMethod]
    public void FromXml_SameNameAndText_ReturnsTheCachedModel()
    {
        MuJoCoTest.RequireLibrary();
        Assert.AreSame(MuJoCoModel.FromXml(TestModels.FreeFall, "freefall.xml"), MuJoCoModel.FromXml(TestModels.FreeFall, "freefall.xml"));
    }

    [TestMethod]
    public void GetId_NamesAndIds_AgreeBothWays()
    {
        MuJoCoTest.RequireLibrary();
        var model = MuJoCoModel.FromXml(TestModels.FreeFall, "freefall.xml");
        int slider = model.GetId(MuJoCoObjectType.Body, "slider");
        int slide = model.GetId(MuJoCoObjectType.Joint, "slide_z");
        Assert.AreEqual(2, slider);
        Assert.AreEqual("slider", model.GetName(MuJoCoObjectType.Body, slider));
        Assert.AreEqual("slide_z", model.GetName(MuJoCoObjectType.Joint, slide));
        Assert.AreEqual(7, model.JointPositionAddress(slide));
        Assert.AreEqual(6, model.JointVelocityAddress(slide));
        Assert.AreEqual(2.0, model.BodyMasses[slider], 1e-12);
        Assert.AreEqual(-1, model.TryGetId(MuJoCoObjectType.Body, "nobody"));
        var e = Assert.ThrowsExactly<KeyNotFoundException>(() => model.GetId(MuJoCoObjectType.Geom, "nothing"));
        StringAssert.Contains(e.Message, "freefall.xml");
    }

    [TestMethod]
    public void FromXml_UnknownJoint_ThrowsMuJoCoMessageNamingTheModel()
    {
        MuJoCoTest.RequireLibrary();
        var e = Assert.ThrowsExactly<MuJoCoException>(() => MuJoCoModel.FromXml(TestModels.UnknownJoint, "broken.xml"));
        StringAssert.Contains(e.Message, "broken.xml");
        StringAssert.Contains(e.Message, "nonexistent");
    }

    [TestMethod]
    public void LoadFile_MalformedXml_ThrowsMuJoCoMessageNamingTheFile()
    {
        MuJoCoTest.RequireLibrary();
        string path = Path.Combine(Path.GetTempPath(), $"mede-malformed-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, "<mujoco><worldbody><body></worldbody></mujoco>");
        try
        {
            var e = Assert.ThrowsExactly<MuJoCoException>(() => MuJoCoModel.LoadFile(path));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, "XML");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void LoadFile_MissingFile_ThrowsNamingTheFile()
    {
        MuJoCoTest.RequireLibrary();
        string path = Path.Combine(Path.GetTempPath(), $"mede-missing-{Guid.NewGuid():N}.xml");
        var e = Assert.ThrowsExactly<MuJoCoException>(() => MuJoCoModel.LoadFile(path));
        StringAssert.Contains(e.Message, path);
    }
}
