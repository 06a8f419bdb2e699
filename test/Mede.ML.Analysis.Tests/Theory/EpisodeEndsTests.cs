using Mede.ML.Analysis.Theory;

namespace Mede.ML.Analysis.Tests.Theory;

[TestClass]
public sealed class EpisodeEndsTests
{
    /// <summary>
    /// A corridor A - 1 - 2 - B with a fifth, unreachable terminal state C: states 0 (goal A, terminal), 1 (start),
    /// 2, 3 (goal B, terminal), 4 (goal C, terminal, no move enters it). Action 0 moves left, action 1 right, without
    /// slip; entering A pays <paramref name="rewardA"/>, entering B <paramref name="rewardB"/>.
    /// </summary>
    internal static TabularMdp Corridor(double gamma = 0.9, double rewardA = 1.0, double rewardB = 2.0)
    {
        var transitions = new double[5, 2, 5];
        transitions[1, 0, 0] = 1;
        transitions[1, 1, 2] = 1;
        transitions[2, 0, 1] = 1;
        transitions[2, 1, 3] = 1;
        var rewards = new double[5, 2];
        rewards[1, 0] = rewardA;
        rewards[2, 1] = rewardB;
        return new TabularMdp(transitions, rewards, gamma, [0, 1.0, 0, 0, 0]);
    }

    /// <summary>
    /// Two agents on <see cref="Corridor"/>: pi(left|1), pi(left|2) = (0.5, 0.5) for agent 0 and (0.2, 0.5) for agent
    /// 1, uniform in the terminal states. Absorption at A from state 1 is h = l1 / (1 - (1 - l1) l2): 2/3 and 1/3.
    /// </summary>
    internal static double[,,] CorridorLogPolicies()
    {
        double[][] left = [[0.5, 0.5, 0.5, 0.5, 0.5], [0.5, 0.2, 0.5, 0.5, 0.5]];
        var logPolicies = new double[2, 5, 2];
        for (int z = 0; z < 2; z++)
        {
            for (int s = 0; s < 5; s++)
            {
                logPolicies[z, s, 0] = Math.Log(left[z][s]);
                logPolicies[z, s, 1] = Math.Log(1 - left[z][s]);
            }
        }
        return logPolicies;
    }

    [TestMethod]
    public void Probabilities_Corridor_MatchTheHandAbsorptionProbabilities()
    {
        var mdp = Corridor();
        var logPolicies = CorridorLogPolicies();
        double[][] expected = [[2.0 / 3, 0, 0, 1.0 / 3, 0], [1.0 / 3, 0, 0, 2.0 / 3, 0]];
        for (int z = 0; z < 2; z++)
        {
            var ends = EpisodeEnds.Probabilities(mdp, ExactDiscriminator.Probabilities(logPolicies, z));
            for (int s = 0; s < 5; s++)
            {
                Assert.AreEqual(expected[z][s], ends[s], 1e-14, $"agent {z}, state {s}");
            }
        }
    }

    [TestMethod]
    public void TerminalStates_Corridor_AreTheThreeGoals()
    {
        var mdp = Corridor();
        CollectionAssert.AreEqual(new[] { 0, 3, 4 }, EpisodeEnds.TerminalStates(mdp));
        Assert.IsTrue(EpisodeEnds.IsTerminal(mdp, 4));
        Assert.IsFalse(EpisodeEnds.IsTerminal(mdp, 1));
    }

    [TestMethod]
    public void TerminalStates_Gridworld_AreTheGoalsOnlyWhenGoalsEndTheEpisode()
    {
        Assert.IsEmpty(EpisodeEnds.TerminalStates(MdpGenerators.MultiGoalGridworld()));
        CollectionAssert.AreEqual(new[] { 0, 4, 20, 24 }, EpisodeEnds.TerminalStates(MdpGenerators.MultiGoalGridworld(terminalGoals: true)));
    }

    [TestMethod]
    public void Probabilities_PolicyThatCanLoopForever_CountsOnlyTheMassThatEnds()
    {
        // State 0 a terminal goal, 1 the start, 2 a trap no action leaves. From 1, action 0 enters the goal and
        // action 1 the trap; pi(0|1) = 0.3. Undiscounted, the trap's visit count is infinite (I - P_pi is singular
        // there), but it never ends an episode: 0.3 ends at the goal and 0.7 never ends.
        var transitions = new double[3, 2, 3];
        transitions[1, 0, 0] = 1;
        transitions[1, 1, 2] = 1;
        transitions[2, 0, 2] = 1;
        transitions[2, 1, 2] = 1;
        var mdp = new TabularMdp(transitions, new double[3, 2], 0.9, [0, 1.0, 0]);
        var ends = EpisodeEnds.Probabilities(mdp, new double[,] { { 0.5, 0.5 }, { 0.3, 0.7 }, { 0.5, 0.5 } });
        Assert.AreEqual(0.3, ends[0], 1e-15);
        Assert.AreEqual(0.0, ends[1]);
        Assert.AreEqual(0.0, ends[2]);
    }

    [TestMethod]
    public void Probabilities_SlipperyGridworld_SumToOne()
    {
        // With slip every state reaches a goal, so every episode ends somewhere.
        var mdp = MdpGenerators.MultiGoalGridworld(terminalGoals: true);
        var ends = EpisodeEnds.Probabilities(mdp, TheoryTestData.RandomPolicy(3, mdp.StateCount, mdp.ActionCount));
        Assert.AreEqual(1.0, ends.Sum(), 1e-12);
        Assert.IsGreaterThan(0.0, ends[0]);
    }
}
