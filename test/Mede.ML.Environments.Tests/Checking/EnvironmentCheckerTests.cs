using Mede.ML.Environments.Checking;

namespace Mede.ML.Environments.Tests.Checking;

[TestClass]
public sealed class EnvironmentCheckerTests
{
    [TestMethod]
    public void Check_CorrectEnvironment_Passes()
    {
        var report = EnvironmentChecker.Check(() => new FaultyEnvironment(Fault.None));

        Assert.IsTrue(report.Passed, report.ToString());
        Assert.AreEqual("faulty-None", report.EnvironmentName);
        report.ThrowIfFailed();
    }

    [TestMethod]
    [DataRow(Fault.Nondeterministic, "Determinism: two instances reset with seed 0")]
    [DataRow(Fault.IgnoresSeed, "Seeding: Reset with seeds 0 .. 3 gave the same first observation")]
    [DataRow(Fault.NaNObservation, "Observation: observation[1] at episode step 5 is NaN; observations must be finite.")]
    [DataRow(Fault.ObservationOutsideBox, "Observation: observation[1] = 1000 at episode step 5 lies outside the observation box")]
    [DataRow(Fault.InfiniteReward, "Reward: the reward at episode step 3 is Infinity; rewards must be finite.")]
    [DataRow(Fault.RewardNotSumOfTerms, "add up to")]
    [DataRow(Fault.TermsLengthMismatch, "Reward terms: RewardTerms has 1 entries but RewardTermNames has 2.")]
    [DataRow(Fault.TerminatedAndTruncated, "Flags: the step at episode step 20 is both terminated and truncated")]
    [DataRow(Fault.EarlyTruncation, "Flags: truncated at episode step 19, but the time limit MaxEpisodeSteps is 20")]
    [DataRow(Fault.NoTruncation, "Flags: the episode reached MaxEpisodeSteps = 20 without being truncated.")]
    [DataRow(Fault.StepAfterDoneAllowed, "Flags: Step after the end of an episode returned normally")]
    [DataRow(Fault.SaveForgetsPosition, "Save/Load: a fresh instance loaded with the saved state continued differently")]
    [DataRow(Fault.LoadReadsLess, "Save/Load: LoadState read")]
    [DataRow(Fault.AcceptsWrongLength, "Action validation: an action of length 2 (expected 1) was accepted")]
    [DataRow(Fault.AcceptsNaN, "Action validation: an action holding NaN was accepted")]
    [DataRow(Fault.WrongExceptionType, "Action validation: an action of length 2 (expected 1) threw IndexOutOfRangeException")]
    [DataRow(Fault.ZeroActionDimension, "Spaces: the action space must have at least one coordinate")]
    [DataRow(Fault.UnboundedActionSpace, "Spaces: the action space must have finite bounds")]
    public void Check_BrokenEnvironment_ReportsItsProblem(Fault fault, string expected)
    {
        var report = EnvironmentChecker.Check(() => new FaultyEnvironment(fault));

        Assert.IsFalse(report.Passed);
        Assert.IsTrue(report.Problems.Any(p => p.Contains(expected, StringComparison.Ordinal)), report.ToString());
    }

    [TestMethod]
    public void Check_OutsideBoxAcceptedByRawEnvironment_IsNotJudged()
    {
        // Only an EnvironmentBase declares whether it clips; a raw IEnvironment may legitimately clip.
        var report = EnvironmentChecker.Check(() => new FaultyEnvironment(Fault.AcceptsOutsideBox));

        Assert.IsTrue(report.Passed, report.ToString());
    }

    [TestMethod]
    public void Check_FactoryThrows_ReportsCreate()
    {
        var report = EnvironmentChecker.Check(() => throw new InvalidOperationException("no licence"));

        Assert.AreEqual("(not created)", report.EnvironmentName);
        StringAssert.Contains(report.Problems.Single(), "Create: the factory threw InvalidOperationException: no licence");
    }

    [TestMethod]
    public void ThrowIfFailed_BrokenEnvironment_ThrowsListingEveryProblem()
    {
        var report = EnvironmentChecker.Check(() => new FaultyEnvironment(Fault.RewardNotSumOfTerms));

        var e = Assert.ThrowsExactly<InvalidOperationException>(report.ThrowIfFailed);
        foreach (string problem in report.Problems)
        {
            StringAssert.Contains(e.Message, problem);
        }
    }

    [TestMethod]
    public void Check_SameArguments_SameReport()
    {
        var first = EnvironmentChecker.Check(() => new FaultyEnvironment(Fault.SaveForgetsPosition), steps: 50, seed: 9);
        var second = EnvironmentChecker.Check(() => new FaultyEnvironment(Fault.SaveForgetsPosition), steps: 50, seed: 9);

        CollectionAssert.AreEqual(first.Problems.ToArray(), second.Problems.ToArray());
    }
}
