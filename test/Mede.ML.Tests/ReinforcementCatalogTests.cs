using Mede.ML.Algorithms;
using Mede.ML.Environments;
using Mede.ML.Evaluation;
using Mede.ML.Training;

namespace Mede.ML.Tests;

[TestClass]
public sealed class ReinforcementCatalogTests
{
    [TestMethod]
    public void Trainers_SimpleOverloads_UseTheSharedDefaultsAndTheirAlgorithm()
    {
        ReinforcementCatalog catalog = new MLContext(seed: 1).Reinforcement();

        TrainingConfiguration mede = catalog.Trainers.Mede().Configuration;
        TrainingConfiguration diayn = catalog.Trainers.Diayn(numberOfAgents: 3).Configuration;
        TrainingConfiguration sac = catalog.Trainers.Sac(totalSteps: 500).Configuration;
        TrainingConfiguration shortcut = catalog.Mede(entropyCoefficient: 1f).Configuration;

        Assert.AreEqual(ReinforcementAlgorithm.Mede, mede.Algorithm);
        Assert.AreEqual(TrainerDefaults.NumberOfAgents, mede.NumberOfAgents);
        Assert.AreEqual(TrainerDefaults.TotalSteps, mede.TotalSteps);
        Assert.AreEqual(TrainerDefaults.EntropyCoefficient, mede.EntropyCoefficient);
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
    public void Trainers_OptionsOverloads_KeepTheirHyperparametersAndTheRunSettingsApart()
    {
        ReinforcementTrainers trainers = new MLContext(seed: 1).Reinforcement().Trainers;
        var run = new TrainingRunSettings { Threads = 2, CheckpointInterval = 500, MetricsInterval = 50, CheckpointDirectory = "somewhere" };

        MedeTrainer mede = trainers.Mede(new MedeTrainer.Options { DiscriminatorWeight = 0.5f, NetworkMode = NetworkMode.Separate }, run);
        DiaynTrainer diayn = trainers.Diayn(new DiaynTrainer.Options { SubtractLogPrior = true, NumberOfAgents = 3 });
        SacTrainer sac = trainers.Sac(new SacTrainer.Options { LearningRate = 1e-3f });

        Assert.AreEqual(0.5f, mede.TrainerOptions.DiscriminatorWeight);
        Assert.AreEqual(NetworkMode.Separate, mede.TrainerOptions.NetworkMode);
        Assert.AreEqual(TrainerDefaults.DiscountFactor, mede.TrainerOptions.DiscountFactor);
        Assert.AreEqual(2, mede.RunSettings.Threads);
        Assert.AreEqual(500L, mede.RunSettings.CheckpointInterval);
        Assert.AreEqual("somewhere", mede.Configuration.CheckpointDirectory);
        Assert.IsTrue(diayn.TrainerOptions.SubtractLogPrior);
        Assert.IsTrue(diayn.Configuration.DiaynSubtractLogPrior);
        Assert.AreEqual(3, diayn.TrainerOptions.NumberOfAgents);
        Assert.AreEqual(ReinforcementAlgorithm.Diayn, diayn.Algorithm);
        Assert.AreEqual(TrainerDefaults.CheckpointInterval, diayn.RunSettings.CheckpointInterval);
        Assert.AreEqual(1e-3f, sac.TrainerOptions.LearningRate);
        Assert.AreEqual(1, sac.Configuration.NumberOfAgents);
    }

    [TestMethod]
    public void Create_FromAConfiguration_MakesTheTrainerOfItsAlgorithm()
    {
        ReinforcementTrainers trainers = new MLContext(seed: 1).Reinforcement().Trainers;

        Assert.IsInstanceOfType<MedeTrainer>(trainers.Create(new TrainingConfiguration()));
        Assert.IsInstanceOfType<DiaynTrainer>(trainers.Create(new TrainingConfiguration { Algorithm = ReinforcementAlgorithm.Diayn }));
        Assert.IsInstanceOfType<SacTrainer>(trainers.Create(new TrainingConfiguration { Algorithm = ReinforcementAlgorithm.Sac, NumberOfAgents = 1 }));
        TrainingConfiguration flat = TrainingConfiguration.From(new DiaynTrainer.Options { NumberOfAgents = 5 }, new TrainingRunSettings { Threads = 2 });
        DiaynTrainer again = (DiaynTrainer)trainers.Create(flat);
        Assert.AreEqual(5, again.TrainerOptions.NumberOfAgents);
        Assert.AreEqual(2, again.RunSettings.Threads);
    }

    [TestMethod]
    public void Trainers_ContextGpuDevice_IsTheTorchSharpDeviceUnlessOneIsGiven()
    {
        var ml = new MLContext(seed: 1) { GpuDeviceId = 1, FallbackToCpu = true };
        ReinforcementTrainers trainers = ml.Reinforcement().Trainers;

        TrainingRunSettings torch = trainers.Mede(new MedeTrainer.Options(), new TrainingRunSettings { Backend = TrainingBackend.TorchSharp }).RunSettings;
        TrainingRunSettings chosen = trainers.Mede(new MedeTrainer.Options(), new TrainingRunSettings { Backend = TrainingBackend.TorchSharp, Device = "cuda:0" }).RunSettings;
        TrainingRunSettings managed = trainers.Mede(new MedeTrainer.Options()).RunSettings;

        Assert.AreEqual("cuda:1", torch.Device);
        Assert.IsTrue(torch.FallbackToCpu);
        Assert.AreEqual("cuda:0", chosen.Device);
        Assert.AreEqual("cpu", managed.Device, "the managed engine runs on the CPU whatever the context says");
    }

    [TestMethod]
    public void Trainers_InvalidRunSetting_FailsNamingTheSettingsType()
    {
        ReinforcementTrainers trainers = new MLContext().Reinforcement().Trainers;

        ArgumentException run = Assert.Throws<ArgumentException>(() => trainers.Sac(new SacTrainer.Options(), new TrainingRunSettings { Threads = 0 }));
        ArgumentException options = Assert.Throws<ArgumentException>(() => trainers.Diayn(new DiaynTrainer.Options { DiscountFactor = 1.5f }));

        StringAssert.Contains(run.Message, "TrainingRunSettings.Threads");
        StringAssert.Contains(options.Message, "DiaynTrainer.Options.DiscountFactor");
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
        MedeTransformer model = ml.Reinforcement().Trainers.Create(EstimatorWorkout.Tiny()).Fit(ml.Reinforcement().Data.FromEnvironment(multiGoal));

        EvaluationReport report = ml.Reinforcement().Evaluate(model, multiGoal, episodes: 2, deterministic: true);

        Assert.HasCount(2, report.Agents);
        Assert.IsTrue(report.Deterministic);
        Assert.IsTrue(report.Agents.All(a => a.Episodes == 2 && double.IsFinite(a.MeanReturn)));
    }

    [TestMethod]
    [DataRow(ReinforcementAlgorithm.Mede)]
    [DataRow(ReinforcementAlgorithm.Diayn)]
    [DataRow(ReinforcementAlgorithm.Sac)]
    public void TrainingConfiguration_EveryOptionAndRunSetting_RoundTripsThroughTheFlatRecord(ReinforcementAlgorithm algorithm)
    {
        // The flat record mirrors the typed options and the run settings (it is what run.json and checkpoints keep):
        // a property added to one side and not the other fails here.
        ReinforcementTrainerOptions options = algorithm switch
        {
            ReinforcementAlgorithm.Diayn => new DiaynTrainer.Options(),
            ReinforcementAlgorithm.Sac => new SacTrainer.Options(),
            _ => new MedeTrainer.Options(),
        };
        var run = new TrainingRunSettings();
        int next = 3;
        foreach (object target in new object[] { options, run })
        {
            foreach (System.Reflection.PropertyInfo property in target.GetType().GetProperties().Where(p => p.CanWrite && p.Name != nameof(TrainingRunSettings.Recorder)))
            {
                property.SetValue(target, property.Name == nameof(TrainingRunSettings.Device) ? "cpu" : Distinct(property.PropertyType, next++));
            }
        }

        TrainingConfiguration flat = TrainingConfiguration.From(options, run);
        ReinforcementTrainerBase trainer = new MLContext().Reinforcement().Trainers.Create(flat);
        object back = trainer switch
        {
            MedeTrainer m => m.TrainerOptions,
            DiaynTrainer d => d.TrainerOptions,
            SacTrainer s => s.TrainerOptions,
            _ => throw new AssertFailedException(trainer.GetType().Name),
        };

        Assert.AreEqual(algorithm, flat.Algorithm);
        foreach (System.Reflection.PropertyInfo property in options.GetType().GetProperties().Where(p => p.CanWrite))
        {
            Assert.AreEqual(Show(property.GetValue(options)), Show(property.GetValue(back)), property.Name);
        }

        foreach (System.Reflection.PropertyInfo property in run.GetType().GetProperties().Where(p => p.CanWrite && p.Name != nameof(TrainingRunSettings.Recorder)))
        {
            Assert.AreEqual(Show(property.GetValue(run)), Show(property.GetValue(trainer.RunSettings)), property.Name);
        }

        static object? Distinct(Type type, int n) => (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            Type t when t == typeof(int) => n,
            Type t when t == typeof(long) => (long)n * 10,
            Type t when t == typeof(float) => n / 1000f,
            Type t when t == typeof(bool) => n % 2 == 0,
            Type t when t == typeof(string) => "name-" + n,
            Type t when t == typeof(int[]) => new[] { n, n + 1 },
            Type t when t == typeof(NetworkMode) => NetworkMode.Separate,
            Type t when t == typeof(TrainingBackend) => TrainingBackend.Managed,
            Type t when t == typeof(OutcomeScore) => OutcomeScore.Information,
            Type t when t == typeof(OutcomePayment) => OutcomePayment.Shaped,
            Type t when t == typeof(Dictionary<string, string>) => new Dictionary<string, string> { ["horizon"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Type t => throw new AssertFailedException($"add a value for {t.Name}"),
        };

        static string Show(object? value) => value switch
        {
            int[] sizes => string.Join(",", sizes),
            Dictionary<string, string> pairs => string.Join(",", pairs.Select(p => p.Key + "=" + p.Value)),
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
        };
    }
}
