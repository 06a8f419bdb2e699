using Mede.ML.Algorithms;
using Mede.ML.Cli.Sweeps;

namespace Mede.ML.Cli.Tests.Sweeps;

[TestClass]
public sealed class SweepDefinitionTests
{
    [TestMethod]
    public void ParseFile_EveryKey_ReadsValuesRangesAndComments()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file,
            [
                "# Table 1",
                "env hopper, walker2d",
                "algo SAC mede",
                "agents 4",
                "seeds 0-2 7",
                "steps 300000",
                "set EntropyCoefficient=0.3",
                "set HiddenLayerSizes=300,300 CheckpointInterval=10000",
                "record-every 0",
                "eval-episodes 50",
                "threads 2",
                "network shared",
                "",
            ]);
            SweepDefinition sweep = SweepDefinition.ParseFile(file);
            CollectionAssert.AreEqual(new[] { "hopper", "walker2d" }, sweep.Environments);
            CollectionAssert.AreEqual(new[] { ReinforcementAlgorithm.Sac, ReinforcementAlgorithm.Mede }, sweep.Algorithms);
            CollectionAssert.AreEqual(new[] { 0, 1, 2, 7 }, sweep.Seeds);
            CollectionAssert.AreEqual(new[] { "EntropyCoefficient=0.3", "HiddenLayerSizes=300,300", "CheckpointInterval=10000" }, sweep.Sets);
            Assert.AreEqual(300_000L, sweep.Steps);
            Assert.AreEqual(0, sweep.RecordEvery);
            Assert.AreEqual(50, sweep.EvaluationEpisodes);
            Assert.AreEqual(NetworkMode.Shared, sweep.Network);

            IReadOnlyList<SweepCell> cells = sweep.Cells();
            Assert.HasCount(2 * 2 * 4, cells);
            Assert.AreEqual(new SweepCell(5, "hopper", ReinforcementAlgorithm.Mede, 4, 1, 300_000), cells[5]);
            Assert.AreEqual("walker2d-sac-seed7", cells[11].Name);
            CollectionAssert.AreEqual(Enumerable.Range(0, cells.Count).ToArray(), cells.Select(c => c.Index).ToArray());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public void ParseFile_EnvironmentOptions_AreRepeatableKeepTheirCommasAndReachEveryCell()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["env multigoal", "algo mede", "agents 3", "env-option goals=5,0;-5,0;0,5", "env-option Horizon=40"]);
            SweepDefinition sweep = SweepDefinition.ParseFile(file);
            CollectionAssert.AreEqual(new[] { "goals=5,0;-5,0;0,5", "Horizon=40" }, sweep.EnvironmentOptions);
            SweepCell cell = sweep.Cells()[0];
            var arguments = sweep.TrainArguments(cell, "out").ToList();
            int first = arguments.IndexOf("--env-option");
            Assert.AreEqual("goals=5,0;-5,0;0,5", arguments[first + 1]);
            Assert.AreEqual("Horizon=40", arguments[arguments.LastIndexOf("--env-option") + 1]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public void Cells_BadEnvironmentOption_FailsBeforeAnythingRunsNamingIt()
    {
        SweepDefinition sweep = new SweepDefinition()
            .With("env", ["multigoal"], "--env")
            .With("algo", ["mede"], "--algo")
            .With("env-option", ["goals=nowhere"], "--env-option");
        var e = Assert.ThrowsExactly<UsageException>(() => sweep.Cells());
        StringAssert.Contains(e.Message, "goals=nowhere");
        StringAssert.Contains(e.Message, "multigoal");
    }

    [TestMethod]
    public void ParseFile_KeyTwice_NamesTheLine()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["env hopper", "seeds 0", "seeds 1"]);
            var e = Assert.ThrowsExactly<UsageException>(() => SweepDefinition.ParseFile(file));
            Assert.AreEqual($"{file}:3: 'seeds' is given twice; put all its values on one line.", e.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public void TrainArguments_Cell_AreMedeTrainFlagsThatStartIt()
    {
        SweepDefinition sweep = new SweepDefinition()
            .With("env", ["pendulum"], "--env").With("algo", ["diayn"], "--algo").With("agents", ["3"], "--agents")
            .With("steps", ["500"], "--steps").With("set", ["BatchSize=16"], "--set").With("record-every", ["0"], "--record-every");
        SweepCell cell = sweep.Cells().Single();
        CollectionAssert.AreEqual(
            new[] { "train", "--env", "pendulum", "--algo", "diayn", "--agents", "3", "--seed", "0", "--out", "runs/x", "--steps", "500", "--set", "BatchSize=16", "--record-every", "0" },
            sweep.TrainArguments(cell, "runs/x").ToArray());
        CollectionAssert.AreEqual(new[] { "train", "--resume", "runs/x", "--record-every", "0" }, sweep.ResumeArguments("runs/x").ToArray());
    }
}
