using System.Xml.Linq;
using Mede.ML.Algorithms;
using Mede.ML.Analysis.Plots;
using Mede.ML.Training;

namespace Mede.ML.Analysis.Tests.Plots;

[TestClass]
public sealed class QContourPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [TestMethod]
    public void Create_TwoGrids_ThreeLabelledPanelsWithScalesAndTheAgentsFrame()
    {
        float[,] soft = MarchingSquaresTests.Grid(21, (x, y) => -(x * x + y * y));
        float[,] agent = MarchingSquaresTests.Grid(21, (x, y) => -((x - 0.5) * (x - 0.5) + y * y));

        XDocument svg = XDocument.Parse(QContourPlot.Create(soft, agent, 2, (0, 2.5), "MultiGoal").ToSvg());

        Assert.AreEqual("MultiGoal, state (x, y) = (0.0, 2.5)", svg.Descendants(Svg + "text").First(t => Class(t) == "title").Value);
        string[] panels = ["q-soft", "q-agent", "difference"];
        foreach (string name in panels)
        {
            XElement panel = Panel(svg, name);
            var texts = panel.Descendants(Svg + "text").ToList();
            Assert.AreEqual("action x", texts.Single(t => Class(t) == "axis-label x").Value, name);
            Assert.AreEqual("action y", texts.Single(t => Class(t) == "axis-label y").Value, name);
            Assert.IsGreaterThanOrEqualTo(3, texts.Count(t => Class(t) == "tick x"), name);
            Assert.IsGreaterThanOrEqualTo(3, texts.Count(t => Class(t) == "tick y"), name);
            Assert.HasCount(1, panel.Elements(Svg + "g").Where(g => Class(g) == "colour-scale").ToList(), name);
            Assert.IsNotEmpty(panel.Descendants(Svg + "path").ToList(), name);
        }

        CollectionAssert.AreEqual(
            new[] { "Q_soft(s, a), SAC", "Q_z(s, a), MEDE agent z = 2", "S_z = Q_soft - Q_z, z = 2" },
            panels.Select(p => Panel(svg, p).Elements(Svg + "text").Single(t => Class(t) == "panel-title").Value).ToArray());
        XElement highlighted = svg.Descendants(Svg + "rect").Single(r => Class(r) == "frame highlight");
        Assert.AreEqual("q-agent", Class(highlighted.Parent!)!["panel ".Length..]);
        Assert.AreEqual(Palette.Colour(2), (string?)highlighted.Attribute("stroke"));
        Assert.HasCount(2, svg.Descendants(Svg + "rect").Where(r => Class(r) == "frame").ToList());
    }

    [TestMethod]
    public void Create_Difference_IsSoftMinusAgent()
    {
        float[,] soft = MarchingSquaresTests.Grid(11, (x, y) => x + 1);
        float[,] agent = MarchingSquaresTests.Grid(11, (x, y) => 1 - y);

        ContourPlot plot = QContourPlot.Create(soft, agent, 0, (1, -1), "");

        // S_z = x + y on [-1, 1]^2.
        Assert.AreEqual(-2, plot.Panels[2].Minimum, 1e-6);
        Assert.AreEqual(2, plot.Panels[2].Maximum, 1e-6);
        Assert.IsTrue(plot.Panels[2].Diverging);
        Assert.AreEqual("state (x, y) = (1.0, -1.0)", plot.Title);
    }

    [TestMethod]
    public void Create_GridsOfDifferentShapes_ThrowsNamingBoth()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => QContourPlot.Create(new float[5, 5], new float[5, 4], 0, (0, 0), "t"));

        StringAssert.Contains(e.Message, "5 x 4");
        StringAssert.Contains(e.Message, "5 x 5");
    }

    [TestMethod]
    public void FromModels_TinySacAndMede_ReadsBothCriticsOnTheGrid()
    {
        var ml = new MLContext(seed: 2);
        MedeTransformer sac = Fit(ml, ReinforcementAlgorithm.Sac);
        MedeTransformer mede = Fit(ml, ReinforcementAlgorithm.Mede);
        float[] observation = [0f, 2.5f];

        ContourPlot plot = QContourPlot.FromModels(sac, mede, 1, observation, resolution: 9);

        Assert.AreEqual("Q contours, state (x, y) = (0.0, 2.5)", plot.Title);
        float[,] expected = mede.QGrid(1, observation, 9);
        Assert.AreEqual(expected.Cast<float>().Min(), plot.Panels[1].Minimum, 1e-6);
        Assert.AreEqual(expected.Cast<float>().Max(), plot.Panels[1].Maximum, 1e-6);
        Assert.AreEqual(Palette.Colour(1), plot.Panels[1].FrameColour);
        XDocument.Parse(plot.ToSvg());
        var e = Assert.ThrowsExactly<ArgumentException>(() => QContourPlot.FromModels(mede, mede, 0, observation));
        Assert.AreEqual("sac", e.ParamName);
    }

    private static MedeTransformer Fit(MLContext ml, ReinforcementAlgorithm algorithm) =>
        ml.Reinforcement().Trainers.Create(new TrainingConfiguration
        {
            Algorithm = algorithm,
            NumberOfAgents = algorithm == ReinforcementAlgorithm.Sac ? 1 : 2,
            TotalSteps = 60,
            WarmupSteps = 40,
            BatchSize = 16,
            HiddenLayerSizes = [16],
            DiscriminatorHiddenLayerSizes = [16],
            ReplayBufferSize = 1_000,
            CheckpointInterval = 0,
            MetricsInterval = 1_000,
        }).Fit(ml.Reinforcement().Data.FromEnvironment(ml.Reinforcement().Environments.MultiGoal()));

    private static XElement Panel(XDocument svg, string cssClass) =>
        svg.Descendants(Svg + "g").Single(g => Class(g) == "panel " + cssClass);

    private static string? Class(XElement element) => (string?)element.Attribute("class");
}
