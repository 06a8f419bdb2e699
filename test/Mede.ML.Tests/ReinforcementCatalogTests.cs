using Mede.ML.Algorithms;
using Mede.ML.Environments;
using Mede.ML.Evaluation;

namespace Mede.ML.Tests;

[TestClass]
public sealed class ReinforcementCatalogTests
{
    [TestMethod]
    public void Trainers_SimpleOverloads_UseTheSharedDefaultsAndTheirAlgorithm()
    {
        ReinforcementCatalog catalog = new MLContext(seed: 1).Reinforcement();

        MedeTrainer.Options mede = catalog.Trainers.Mede().TrainerOptions;
        MedeTrainer.Options diayn = catalog.Trainers.Diayn(numberOfAgents: 3).TrainerOptions;
        MedeTrainer.Options sac = catalog.Trainers.Sac(totalSteps: 500).TrainerOptions;
        MedeTrainer.Options shortcut = catalog.Mede(entropyCoefficient: 1f).TrainerOptions;

        Assert.AreEqual(ReinforcementAlgorithm.Mede, mede.Algorithm);
        Assert.AreEqual(MedeTrainer.Defaults.NumberOfAgents, mede.NumberOfAgents);
        Assert.AreEqual(MedeTrainer.Defaults.TotalSteps, mede.TotalSteps);
        Assert.AreEqual(MedeTrainer.Defaults.EntropyCoefficient, mede.EntropyCoefficient);
        Assert.AreEqual(ReinforcementAlgorithm.Diayn, diayn.Algorithm);
        Assert.AreEqual(3, diayn.NumberOfAgents);
        Assert.AreEqual(ReinforcementAlgorithm.Sac, sac.Algorithm);
        Assert.AreEqual(1, sac.NumberOfAgents);
        Assert.AreEqual(500L, sac.TotalSteps);
        Assert.AreEqual(1f, shortcut.EntropyCoefficient);
    }

    [TestMethod]
    [DataRow(null, true)]
    [DataRow(42, false)]
    public void Trainers_SeedFromTheContext_OnlyWhenTheOptionsLeaveItNull(int? seed, bool derived)
    {
        ReinforcementCatalog catalog = new MLContext(seed: 1).Reinforcement();

        int? first = catalog.Trainers.Mede(new MedeTrainer.Options { Seed = seed }).TrainerOptions.Seed;

        Assert.IsNotNull(first, "the trainer always runs with a seed");
        Assert.AreEqual(derived, first != seed);
        int? again = new MLContext(seed: 1).Reinforcement().Trainers.Mede(new MedeTrainer.Options { Seed = seed }).TrainerOptions.Seed;
        Assert.AreEqual(first, again, "the same context seed gives the same run seed");
    }

    [TestMethod]
    public void Trainers_InvalidOption_FailsNamingIt()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new MLContext().Reinforcement().Trainers.Mede(numberOfAgents: 1));

        StringAssert.Contains(e.Message, "NumberOfAgents");
    }

    [TestMethod]
    public void Environments_ByName_RoutesThroughTheRegistry()
    {
        ReinforcementEnvironments environments = new MLContext().Reinforcement().Environments;

        using IEnvironment pendulum = environments.Create("Pendulum", new Dictionary<string, string> { ["horizon"] = "7" })();

        Assert.AreEqual("pendulum", pendulum.Name);
        Assert.AreEqual(7, pendulum.MaxEpisodeSteps);
        CollectionAssert.Contains(environments.Names.ToArray(), "multigoal");
        ArgumentException e = Assert.Throws<ArgumentException>(() => environments.Create("no-such-task"));
        StringAssert.Contains(e.Message, "multigoal");
    }

    [TestMethod]
    public void Environments_BuiltIn_MakeFreshEnvironmentsWithTheOptions()
    {
        ReinforcementEnvironments environments = new MLContext().Reinforcement().Environments;
        Func<IEnvironment> factory = environments.MultiGoal(new MultiGoalOptions { Horizon = 9 });

        using IEnvironment first = factory();
        using IEnvironment second = factory();
        using IEnvironment pendulum = environments.Pendulum()();

        Assert.AreNotSame(first, second);
        Assert.AreEqual(9, first.MaxEpisodeSteps);
        Assert.AreEqual(3, pendulum.ObservationSpace.Dimension);
    }

    [TestMethod]
    public void Evaluate_FittedModel_ReportsEveryAgent()
    {
        var ml = new MLContext(seed: 3);
        Func<IEnvironment> multiGoal = ml.Reinforcement().Environments.MultiGoal();
        MedeTransformer model = ml.Reinforcement().Trainers.Mede(EstimatorWorkout.Tiny()).Fit(ml.Reinforcement().Data.FromEnvironment(multiGoal));

        EvaluationReport report = ml.Reinforcement().Evaluate(model, multiGoal, episodes: 2, deterministic: true);

        Assert.HasCount(2, report.Agents);
        Assert.IsTrue(report.Deterministic);
        Assert.IsTrue(report.Agents.All(a => a.Episodes == 2 && double.IsFinite(a.MeanReturn)));
    }
}
