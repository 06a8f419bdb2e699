using Mede.ML.Analysis.Theory;

namespace Mede.ML.Analysis.Tests.Theory;

[TestClass]
public sealed class MdpGeneratorsTests
{
    [TestMethod]
    public void MultiGoalGridworld_Default_StartsInCentreWithAbsorbingCornerGoals()
    {
        var mdp = MdpGenerators.MultiGoalGridworld();
        Assert.AreEqual(25, mdp.StateCount);
        Assert.AreEqual(4, mdp.ActionCount);
        Assert.AreEqual(1.0, mdp.Start(12));
        foreach (int goal in new[] { 0, 4, 20, 24 })
        {
            for (int a = 0; a < 4; a++)
            {
                Assert.AreEqual(1.0, mdp.Transition(goal, a, goal));
                Assert.AreEqual(0.0, mdp.Reward(goal, a));
            }
        }
        // Next to goal 0: moving left enters it with probability 1 - slip + slip / 4.
        Assert.AreEqual(5.0 * (0.9 + 0.025), mdp.Reward(1, 2), 1e-12);
    }

    [TestMethod]
    public void MultiGoalGridworld_NoSlip_MovesDeterministically()
    {
        var mdp = MdpGenerators.MultiGoalGridworld(slipProbability: 0);
        Assert.AreEqual(1.0, mdp.Transition(12, 0, 7)); // up
        Assert.AreEqual(1.0, mdp.Transition(12, 1, 17)); // down
        Assert.AreEqual(1.0, mdp.Transition(12, 2, 11)); // left
        Assert.AreEqual(1.0, mdp.Transition(12, 3, 13)); // right
        Assert.AreEqual(1.0, mdp.Transition(2, 0, 2)); // wall
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(7)]
    public void Random_SameSeed_SameMdp(int seed)
    {
        var x = MdpGenerators.Random(seed);
        var y = MdpGenerators.Random(seed);
        var other = MdpGenerators.Random(seed + 1);
        Assert.AreEqual(x.Reward(3, 2), y.Reward(3, 2));
        Assert.AreEqual(x.Transition(5, 1, 4), y.Transition(5, 1, 4));
        Assert.AreNotEqual(x.Reward(3, 2), other.Reward(3, 2));
    }

    [TestMethod]
    public void Random_Default_ActionsChangeTransitions()
    {
        var mdp = MdpGenerators.Random(3);
        Assert.AreNotEqual(mdp.Transition(0, 0, 0), mdp.Transition(0, 1, 0));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    public void ActionFree_AnySeed_TransitionsIgnoreAction(int seed)
    {
        var mdp = MdpGenerators.ActionFree(seed, states: 5, actions: 4);
        for (int s = 0; s < 5; s++)
        {
            for (int a = 1; a < 4; a++)
            {
                CollectionAssert.AreEqual(mdp.TransitionRow(s, 0).ToArray(), mdp.TransitionRow(s, a).ToArray());
            }
        }
        Assert.AreNotEqual(mdp.Reward(0, 0), mdp.Reward(0, 1));
    }

    [TestMethod]
    public void MultiGoalGridworld_GoalList_OnlyThoseCellsAbsorbAndPay()
    {
        var mdp = MdpGenerators.MultiGoalGridworld(slipProbability: 0, goals: [(0, 0), (2, 4)]);
        int[] goals = [0, MdpGenerators.GridState(5, 2, 4)];
        Assert.AreEqual(22, goals[1]);
        foreach (int goal in goals)
        {
            Assert.AreEqual(1.0, mdp.Transition(goal, 3, goal));
        }
        // The corner (4, 0) is an ordinary cell now: moving left from it leaves it, and entering it pays nothing.
        Assert.AreEqual(0.0, mdp.Transition(4, 2, 4));
        Assert.AreEqual(0.0, mdp.Reward(3, 3));
        // Moving down from (2, 3) enters goal (2, 4).
        Assert.AreEqual(5.0, mdp.Reward(17, 1));
        CollectionAssert.AreEqual(goals, MdpGenerators.GoalStates(5, 5, [(0, 0), (2, 4)]));
    }

    [TestMethod]
    public void MultiGoalGridworld_DefaultGoals_AreTheCorners()
    {
        var corners = MdpGenerators.MultiGoalGridworld(goals: MdpGenerators.CornerGoals());
        var fallback = MdpGenerators.MultiGoalGridworld();
        for (int s = 0; s < 25; s++)
        {
            for (int a = 0; a < 4; a++)
            {
                Assert.AreEqual(fallback.Reward(s, a), corners.Reward(s, a));
            }
        }
    }

    [TestMethod]
    [DataRow(5, 0, "outside")]
    [DataRow(2, 2, "start cell")]
    [DataRow(0, 0, "twice")]
    public void MultiGoalGridworld_BadGoal_ThrowsNamingIt(int x, int y, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => MdpGenerators.MultiGoalGridworld(goals: [(0, 0), (x, y)]));
        StringAssert.Contains(e.Message, $"Goal 1 at ({x}, {y})");
        StringAssert.Contains(e.Message, reason);
    }

    [TestMethod]
    public void MultiGoalGridworld_TerminalGoals_EndTheEpisodeAfterOneStepInTheGoal()
    {
        var mdp = MdpGenerators.MultiGoalGridworld(terminalGoals: true);
        var absorbing = MdpGenerators.MultiGoalGridworld();
        for (int a = 0; a < 4; a++)
        {
            Assert.AreEqual(0.0, Enumerable.Range(0, 25).Sum(next => mdp.Transition(0, a, next)));
            Assert.AreEqual(absorbing.Reward(1, a), mdp.Reward(1, a));
        }
        // Soft values: one last step of entropy at a terminal goal, log 4; an absorbing goal keeps it forever.
        Assert.AreEqual(Math.Log(4), SoftValueIteration.Solve(mdp).V[0], 1e-12);
        Assert.AreEqual(Math.Log(4) / (1 - 0.9), SoftValueIteration.Solve(absorbing).V[0], 1e-9);
        // The visitation loses the mass after the episode ends: a goal is visited once at most.
        var logPolicy = SoftValueIteration.Solve(mdp).LogBoltzmannPolicy();
        var policy = new double[25, 4];
        for (int s = 0; s < 25; s++)
        {
            for (int a = 0; a < 4; a++)
            {
                policy[s, a] = Math.Exp(logPolicy[s, a]);
            }
        }
        var d = StateVisitation.Discounted(mdp, policy);
        Assert.IsLessThan(0.99, d.Sum());
        // Reached at step 4 at the earliest and left at once: d(goal) <= (1 - gamma) gamma^4.
        Assert.IsGreaterThan(0.0, d[0]);
        Assert.IsLessThan(0.1 * Math.Pow(0.9, 4), d[0]);
    }
}
