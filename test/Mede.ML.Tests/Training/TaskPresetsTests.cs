using Mede.ML.Algorithms;
using Mede.ML.Training;

namespace Mede.ML.Tests.Training;

/// <summary>The task presets: MEDE's MultiGoal preset is the paper's objective in units of 1/100 with the outcome term
/// scored as information at the episode's end (an extension, one setting away from the paper's MEDE); the baselines
/// keep the paper's settings.</summary>
[TestClass]
public sealed class TaskPresetsTests
{
    [TestMethod]
    public void MultiGoal_Mede_IsThePaperObjectiveInSmallerUnitsWithTheOutcomeTerm()
    {
        TrainingConfiguration options = TaskPresets.For("multigoal", ReinforcementAlgorithm.Mede);
        Assert.AreEqual(ReinforcementAlgorithm.Mede, options.Algorithm);
        Assert.AreEqual(0.01f, options.RewardScale);
        // alpha over the reward scale is the paper's alpha 0.3: the same objective, times 0.01.
        Assert.AreEqual(0.3f, options.EntropyCoefficient / options.RewardScale, 1e-6f);
        Assert.AreEqual(TaskPresets.MultiGoalOutcomeWeight, options.OutcomeWeight);
        Assert.AreEqual(TaskPresets.MultiGoalOutcomeBandwidth, options.OutcomeBandwidth);
        Assert.AreEqual(OutcomeScore.Information, options.OutcomeScore);
        Assert.AreEqual(TaskPresets.MultiGoalOutcomeWeight, options.OutcomeLossWeight);
        Assert.AreEqual(TaskPresets.MultiGoalOutcomeWeightMargin, options.OutcomeWeightMargin);
        // A goal of its own is worth u log 2 more than a goal shared by two. Where goals cost the same, u is the floor;
        // on the off-wall layout u rises until that is more than the 148 (reward units) the learned agents paid for its
        // far goal over its nearest (docs/results/diversity, tenth slice), which u 300 covered in 9 seeds of 10.
        using (var fourGoals = new Environments.MultiGoal(new Environments.MultiGoalOptions { TimeFeature = true }))
        {
            Assert.AreEqual(TaskPresets.MultiGoalOutcomeWeight, options.OutcomeWeightFor(fourGoals));
        }

        using (var offWall = new Environments.MultiGoal(new Environments.MultiGoalOptions { Goals = [(4f, 0f), (-3f, 4.5f), (-4.7f, -4.8f)], TimeFeature = true }))
        {
            float u = options.OutcomeWeightFor(offWall);
            Assert.IsGreaterThan(148f, u * MathF.Log(2f));
            Assert.IsGreaterThanOrEqualTo(300f, u);
        }
        // 4,000 random steps per agent, correlated in time, then the ninth slice's 22,000 steps of learning (tenth slice).
        Assert.AreEqual(16_000, options.WarmupSteps);
        Assert.AreEqual(0.8f, options.WarmupActionCorrelation);
        Assert.AreEqual(22_000, options.TotalSteps - options.WarmupSteps);
        Assert.AreEqual(NetworkMode.Separate, options.NetworkMode);
        // The observation carries the time left, so the backup ends at the time limit (ninth slice).
        Assert.AreEqual("true", options.EnvironmentOptions![TaskPresets.MultiGoalTimeFeatureKey]);
        Assert.IsFalse(options.BootstrapTimeLimits);
        options.Validate();
        using (var environment = Environments.EnvironmentRegistry.Create("multigoal", options.EnvironmentOptions))
        {
            Assert.IsTrue(environment.ObservesRemainingTime);
            options.ValidateFor(environment);
        }

        // Three departures from the paper, each named with the arguments that turn it off: the outcome term (the method's
        // one extension), the time left with time limits that end the backup, and the correlated warm-up.
        CollectionAssert.AreEqual(
            new[] { "--set OutcomeWeight=0", "--set BootstrapTimeLimits=true --env-option time-feature=false", "--set WarmupActionCorrelation=0" },
            options.DeparturesFromPaper().Select(d => d.PaperArguments).ToArray());
        Assert.HasCount(1, options.ExtensionsInUse(), "of the method, only the outcome term");
        options.OutcomeWeight = 0f;
        Assert.IsEmpty(options.ExtensionsInUse(), "one setting away from the paper's MEDE");
        Assert.HasCount(2, options.DeparturesFromPaper(), "but not from the paper's task and warm-up");
        options.BootstrapTimeLimits = true;
        options.EnvironmentOptions![TaskPresets.MultiGoalTimeFeatureKey] = "false";
        options.WarmupActionCorrelation = 0f;
        Assert.IsEmpty(options.DeparturesFromPaper(), "the paper's MEDE, in units of 1/100");
    }

    [TestMethod]
    public void MultiGoal_WithoutAlgorithm_IsMedesPreset()
    {
        TrainingConfiguration byName = TaskPresets.For("multigoal");
        TrainingConfiguration mede = TaskPresets.For("multigoal", ReinforcementAlgorithm.Mede);
        Assert.AreEqual(mede.RewardScale, byName.RewardScale);
        Assert.AreEqual(mede.EntropyCoefficient, byName.EntropyCoefficient);
        Assert.AreEqual(mede.OutcomeWeight, byName.OutcomeWeight);
    }

    [TestMethod]
    [DataRow(ReinforcementAlgorithm.Diayn, 4)]
    [DataRow(ReinforcementAlgorithm.Sac, 1)]
    public void MultiGoal_Baselines_KeepThePaperSettings(ReinforcementAlgorithm algorithm, int agents)
    {
        TrainingConfiguration options = TaskPresets.For("multigoal", algorithm);
        options.NumberOfAgents = agents;
        Assert.AreEqual(algorithm, options.Algorithm);
        Assert.AreEqual(1f, options.RewardScale);
        Assert.AreEqual(0.3f, options.EntropyCoefficient);
        Assert.AreEqual(0f, options.OutcomeWeight);
        Assert.AreEqual(60_000, options.TotalSteps);
        Assert.IsEmpty(options.DeparturesFromPaper());
        Assert.AreEqual(8_000, options.WarmupSteps);
        Assert.AreEqual(0f, options.WarmupActionCorrelation, "the paper's independent warm-up actions");
        Assert.IsTrue(options.BootstrapTimeLimits);
        Assert.IsNull(options.EnvironmentOptions, "the paper's observation");
        options.Validate();
    }

    [TestMethod]
    public void MethodTerms_OtherThanThePapers_AreDeparturesNamedWithTheWayBack()
    {
        TrainingConfiguration mede = TaskPresets.For("hopper", ReinforcementAlgorithm.Mede);
        mede.DiscriminatorWeight = 10f / 3f;
        PaperDeparture weight = mede.DeparturesFromPaper().Single();
        Assert.AreEqual("DiscriminatorWeight 3.33", weight.InUse);
        Assert.AreEqual("--set DiscriminatorWeight=1", weight.PaperArguments);
        Assert.IsEmpty(mede.ExtensionsInUse(), "a weight of the paper's own term, not an extension");

        // beta is MEDE's: DIAYN and SAC ignore it. DIAYN's -log p(z) is DIAYN's.
        TrainingConfiguration diayn = TaskPresets.For("hopper", ReinforcementAlgorithm.Diayn);
        diayn.DiscriminatorWeight = 10f / 3f;
        Assert.IsEmpty(diayn.DeparturesFromPaper());
        diayn.DiaynSubtractLogPrior = true;
        Assert.AreEqual("--set DiaynSubtractLogPrior=false", diayn.DeparturesFromPaper().Single().PaperArguments);
        TrainingConfiguration sac = TaskPresets.For("hopper", ReinforcementAlgorithm.Sac);
        sac.DiaynSubtractLogPrior = true;
        Assert.IsEmpty(sac.DeparturesFromPaper());
    }

    [TestMethod]
    [DataRow("hopper")]
    [DataRow("walker2d")]
    [DataRow("multidirection-ant")]
    [DataRow("pendulum")]
    public void OtherTasks_SameForEveryAlgorithm_NoExtension(string environment)
    {
        foreach (ReinforcementAlgorithm algorithm in Enum.GetValues<ReinforcementAlgorithm>())
        {
            TrainingConfiguration options = TaskPresets.For(environment, algorithm);
            TrainingConfiguration mede = TaskPresets.For(environment);
            Assert.AreEqual(mede.RewardScale, options.RewardScale, $"{environment} {algorithm}");
            Assert.AreEqual(mede.EntropyCoefficient, options.EntropyCoefficient, $"{environment} {algorithm}");
            Assert.AreEqual(mede.TotalSteps, options.TotalSteps, $"{environment} {algorithm}");
            Assert.IsEmpty(options.DeparturesFromPaper(), $"{environment} {algorithm}");
        }
    }
}
