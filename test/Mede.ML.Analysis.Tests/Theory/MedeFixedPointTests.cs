using Mede.ML.Analysis.Theory;

namespace Mede.ML.Analysis.Tests.Theory;

[TestClass]
public sealed class MedeFixedPointTests
{
    internal static TabularMdp Mdp(string name, int seed) => name switch
    {
        "gridworld" => MdpGenerators.MultiGoalGridworld(),
        "random" => MdpGenerators.Random(seed),
        "action-free" => MdpGenerators.ActionFree(seed),
        _ => throw new ArgumentException(name),
    };

    internal static MedeFixedPointResult Solve(
        TabularMdp mdp, int agents, MedeFixedPointStart start, int seed = 0, double beta = 1.0, double tolerance = 1e-12) =>
        new MedeFixedPoint(new MedeFixedPoint.Options
        {
            NumberOfAgents = agents,
            Start = start,
            Seed = seed,
            DiscriminatorWeight = beta,
            Tolerance = tolerance,
        }).Solve(mdp);

    [TestMethod]
    [DataRow("gridworld", 0, 4)]
    [DataRow("random", 0, 2)]
    [DataRow("random", 1, 3)]
    [DataRow("action-free", 2, 2)]
    public void Solve_SymmetricStart_EveryAgentIsSoftOptimal(string name, int seed, int agents)
    {
        var mdp = Mdp(name, seed);
        var result = Solve(mdp, agents, MedeFixedPointStart.Symmetric);
        Assert.IsTrue(result.Converged);
        var logSoft = SoftValueIteration.Solve(mdp).LogBoltzmannPolicy();
        for (int z = 0; z < agents; z++)
        {
            for (int s = 0; s < mdp.StateCount; s++)
            {
                for (int a = 0; a < mdp.ActionCount; a++)
                {
                    Assert.AreEqual(Math.Exp(logSoft[s, a]), Math.Exp(result.LogPolicies[z, s, a]), 1e-11);
                }
            }
        }
    }

    [TestMethod]
    public void Solve_ActionFreeSplitStart_IsAlreadyAFixedPointOfDistinctAgents()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var mdp = MdpGenerators.ActionFree(seed);
            int agents = 2 + (seed % 3);
            var result = Solve(mdp, agents, MedeFixedPointStart.Split, seed);
            Assert.AreEqual(1, result.Iterations, $"seed {seed}: a split of pi*_soft should not move");
            Assert.IsTrue(result.Converged);
            var report = TheoremChecks.Evaluate(mdp, result);
            Assert.IsGreaterThan(0.05, report.AgentSpread, $"seed {seed}");
            Assert.IsGreaterThan(1e-3, result.MinimumPolicyProbability, $"seed {seed}");
        }
    }

    [TestMethod]
    public void Solve_ActionFreeRandomStart_ConvergesToInteriorSplit()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var mdp = MdpGenerators.ActionFree(seed);
            var result = Solve(mdp, 2 + (seed % 2), MedeFixedPointStart.Random, seed);
            Assert.IsTrue(result.Converged, $"seed {seed}");
            Assert.IsGreaterThan(1e-3, result.MinimumPolicyProbability, $"seed {seed}");
            Assert.IsGreaterThan(0.3, TheoremChecks.Evaluate(mdp, result).AgentSpread, $"seed {seed}");
        }
    }

    [TestMethod]
    public void Solve_RandomStartGeneralMdp_AgentsReachTheBoundary()
    {
        int disjointStates = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            var mdp = MdpGenerators.Random(seed);
            var result = Solve(mdp, 2, MedeFixedPointStart.Random, seed);
            Assert.IsTrue(result.Converged, $"seed {seed}");
            // Off-support probabilities underflow: log pi drifts toward -inf.
            Assert.IsLessThan(-100, result.MinimumLogPolicy, $"seed {seed}");
            var report = TheoremChecks.Evaluate(mdp, result);
            foreach (var agent in report.Agents)
            {
                Assert.IsLessThan(mdp.StateCount * mdp.ActionCount, agent.SupportSize, $"seed {seed}, agent {agent.Agent}: every agent drops actions");
            }
            // The mixture keeps every action: the supports split the action set between the agents.
            for (int s = 0; s < mdp.StateCount; s++)
            {
                for (int a = 0; a < mdp.ActionCount; a++)
                {
                    Assert.IsGreaterThan(1e-6, Math.Exp(report.LogMixturePolicy[s, a]), $"seed {seed}, state {s}, action {a}");
                }
            }
            disjointStates += report.DisjointSupportStates;
        }
        // Supports separate only in part: fully disjoint at some states, shared actions at most (28 of 120 measured).
        Assert.IsGreaterThan(0, disjointStates);
        Assert.IsLessThan(60, disjointStates);
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(0.5)]
    [DataRow(0.75)]
    public void Solve_StronglyTemperedDiscriminator_AgentsCollapseToSoftOptimal(double beta)
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var mdp = MdpGenerators.Random(seed);
            var result = Solve(mdp, 2, MedeFixedPointStart.Random, seed, beta);
            Assert.IsLessThan(1e-6, TheoremChecks.Evaluate(mdp, result).AgentSpread, $"seed {seed}");
        }
    }

    [TestMethod]
    public void Solve_MildlyTemperedDiscriminator_KeepsDistinctAgentsInterior()
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var mdp = MdpGenerators.Random(seed);
            var tempered = Solve(mdp, 2, MedeFixedPointStart.Random, seed, beta: 0.9);
            var exact = Solve(mdp, 2, MedeFixedPointStart.Random, seed, beta: 1.0);
            Assert.IsGreaterThan(1e-4, tempered.MinimumPolicyProbability, $"seed {seed}");
            Assert.IsLessThan(1e-40, exact.MinimumPolicyProbability, $"seed {seed}");
            Assert.IsGreaterThan(0.1, TheoremChecks.Evaluate(mdp, tempered).AgentSpread, $"seed {seed}");
        }
    }

    [TestMethod]
    public void Solve_GivenStart_StartsFromThePolicies()
    {
        var mdp = MdpGenerators.ActionFree(4);
        var split = MedeFixedPoint.SplitSoftOptimal(mdp, 3, 0.5, seed: 11);
        var result = new MedeFixedPoint(new MedeFixedPoint.Options
        {
            NumberOfAgents = 3,
            Start = MedeFixedPointStart.Given,
            InitialLogPolicies = split,
        }).Solve(mdp);
        Assert.AreEqual(1, result.Iterations);
        Assert.IsLessThan(1e-12, TheoryTestData.MaxAbsDifference(split, result.LogPolicies));
    }

    [TestMethod]
    public void SplitSoftOptimal_AnyMdp_AgentsAverageToSoftOptimal()
    {
        var mdp = MdpGenerators.MultiGoalGridworld();
        var split = MedeFixedPoint.SplitSoftOptimal(mdp, 4, 0.9, seed: 3);
        var logSoft = SoftValueIteration.Solve(mdp).LogBoltzmannPolicy();
        for (int s = 0; s < mdp.StateCount; s++)
        {
            for (int a = 0; a < mdp.ActionCount; a++)
            {
                double average = Enumerable.Range(0, 4).Average(z => Math.Exp(split[z, s, a]));
                Assert.AreEqual(Math.Exp(logSoft[s, a]), average, 1e-14);
            }
        }
    }

    [TestMethod]
    public void Solve_GivenStartWithoutPolicies_Throws()
    {
        var solver = new MedeFixedPoint(new MedeFixedPoint.Options { Start = MedeFixedPointStart.Given });
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => solver.Solve(MdpGenerators.Random(0)));
        StringAssert.Contains(e.Message, "InitialLogPolicies");
    }

    [TestMethod]
    [DataRow(0, 1.0, 0.5)]
    [DataRow(2, 0.0, 0.5)]
    [DataRow(2, 1.5, 0.5)]
    [DataRow(2, 1.0, -1.0)]
    [DataRow(2, double.NaN, 0.5)]
    public void Constructor_InvalidOptions_Throws(int agents, double damping, double beta)
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MedeFixedPoint(new MedeFixedPoint.Options
        {
            NumberOfAgents = agents,
            Damping = damping,
            DiscriminatorWeight = beta,
        }));
    }

    [TestMethod]
    [DataRow("gridworld", 0, 4, 1.0)]
    [DataRow("random", 3, 2, 0.9)]
    [DataRow("random", 4, 3, 0.5)]
    public void Solve_StateWeightZero_IsBitIdenticalToTheDefault(string name, int seed, int agents, double beta)
    {
        var mdp = Mdp(name, seed);
        MedeFixedPointResult Run(double? w)
        {
            var options = new MedeFixedPoint.Options
            {
                NumberOfAgents = agents,
                Start = MedeFixedPointStart.Random,
                Seed = seed,
                DiscriminatorWeight = beta,
                Tolerance = 1e-9,
            };
            if (w is double value)
            {
                options.StateDiscriminatorWeight = value;
            }
            return new MedeFixedPoint(options).Solve(mdp);
        }
        var unset = Run(null);
        var zero = Run(0.0);
        Assert.AreEqual(0.0, unset.StateDiscriminatorWeight);
        Assert.AreEqual(unset.Iterations, zero.Iterations);
        CollectionAssert.AreEqual(unset.LogPolicies.Cast<double>().ToArray(), zero.LogPolicies.Cast<double>().ToArray());
        // And the plain bonus beta log p(z|s,a) is what the w = 0 agents are soft-optimal for (Eq. 7).
        Assert.IsLessThan(1e-6, TheoremChecks.Evaluate(mdp, zero).FixedPoint);
    }

    /// <summary>
    /// Two states, two actions: action 0 stays, action 1 switches state; rewards r(0, .) = (0, 0.2), r(1, .) = (1, 0);
    /// start in state 0. The test recomputes, by hand formulas for two states, the exact posterior of the solved
    /// agents and the soft Bellman solution V_z = log sum_a exp(r + beta log p(z|s,a) + w log p(z|s) + gamma E V_z),
    /// and checks the solver's values and policies against it, and that dropping the w term or flipping its sign
    /// would be caught.
    /// </summary>
    [TestMethod]
    public void Solve_StateWeight_SoftValuesSolveTheBellmanEquationWithTheStateTerm()
    {
        const double Gamma = 0.8, Beta = 0.5, W = 0.5;
        var mdp = TwoStateMdp(Gamma);
        var rewards = mdp.RewardMatrix();
        var result = new MedeFixedPoint(new MedeFixedPoint.Options
        {
            NumberOfAgents = 2,
            Start = MedeFixedPointStart.Random,
            Seed = 5,
            DiscriminatorWeight = Beta,
            StateDiscriminatorWeight = W,
        }).Solve(mdp);
        Assert.IsTrue(result.Converged);
        Assert.AreEqual(W, result.StateDiscriminatorWeight);

        // Visitation of agent z: d = (1 - gamma) rho^T (I - gamma P_pi)^-1, with P_pi(0 -> 1) = pi(1|0), P_pi(1 -> 0) = pi(1|1).
        var pi = new double[2, 2, 2];
        var d = new double[2, 2];
        for (int z = 0; z < 2; z++)
        {
            for (int s = 0; s < 2; s++)
            {
                for (int a = 0; a < 2; a++)
                {
                    pi[z, s, a] = Math.Exp(result.LogPolicies[z, s, a]);
                }
            }
            double leave0 = pi[z, 0, 1], leave1 = pi[z, 1, 1];
            // (I - gamma P)^T d = (1 - gamma) rho, solved for rho = (1, 0) by Cramer's rule.
            double a11 = 1 - (Gamma * (1 - leave0)), a12 = -Gamma * leave1, a21 = -Gamma * leave0, a22 = 1 - (Gamma * (1 - leave1));
            double det = (a11 * a22) - (a12 * a21);
            d[z, 0] = (1 - Gamma) * a22 / det;
            d[z, 1] = -(1 - Gamma) * a21 / det;
        }
        var logPs = new double[2, 2];
        var logPsa = new double[2, 2, 2];
        for (int s = 0; s < 2; s++)
        {
            for (int z = 0; z < 2; z++)
            {
                logPs[z, s] = Math.Log(d[z, s] / (d[0, s] + d[1, s]));
            }
            for (int a = 0; a < 2; a++)
            {
                double mixture = (Math.Exp(logPs[0, s]) * pi[0, s, a]) + (Math.Exp(logPs[1, s]) * pi[1, s, a]);
                for (int z = 0; z < 2; z++)
                {
                    logPsa[z, s, a] = Math.Log(pi[z, s, a] * Math.Exp(logPs[z, s]) / mixture);
                }
            }
        }
        // The two agents visit the states differently (at w = 0.5 they split; see the next test), so the w term is
        // not a constant shift.
        Assert.IsGreaterThan(0.05, Math.Abs(logPs[0, 0] - logPs[0, 1]));

        double[] SoftValues(int z, double w)
        {
            double[] v = [0, 0];
            for (int sweep = 0; sweep < 2000; sweep++)
            {
                // Action 0 stays in s, action 1 moves to the other state.
                double v0 = Math.Log(
                    Math.Exp(rewards[0, 0] + (Beta * logPsa[z, 0, 0]) + (Gamma * v[0])) +
                    Math.Exp(rewards[0, 1] + (Beta * logPsa[z, 0, 1]) + (Gamma * v[1]))) + (w * logPs[z, 0]);
                double v1 = Math.Log(
                    Math.Exp(rewards[1, 0] + (Beta * logPsa[z, 1, 0]) + (Gamma * v[1])) +
                    Math.Exp(rewards[1, 1] + (Beta * logPsa[z, 1, 1]) + (Gamma * v[0]))) + (w * logPs[z, 1]);
                v = [v0, v1];
            }
            return v;
        }

        for (int z = 0; z < 2; z++)
        {
            var v = SoftValues(z, W);
            for (int s = 0; s < 2; s++)
            {
                Assert.AreEqual(v[s], result.AgentValues[z, s], 1e-8, $"agent {z}, state {s}");
            }
            // Eq. 7 at state 0: pi_z(1|0) = exp(Q(0,1) + b(0,1) - V(0)), the w log p(z|0) term included in b and V.
            double q01 = rewards[0, 1] + (Gamma * v[1]) + (Beta * logPsa[z, 0, 1]) + (W * logPs[z, 0]);
            Assert.AreEqual(Math.Exp(q01 - v[0]), pi[z, 0, 1], 1e-8, $"agent {z}");
            // Dropping the term, or adding it with the wrong sign, moves the values by far more than the tolerance.
            foreach (double wrong in new[] { 0.0, -W })
            {
                var off = SoftValues(z, wrong);
                Assert.IsGreaterThan(0.1, Math.Abs(off[0] - result.AgentValues[z, 0]), $"agent {z}, w {wrong}");
            }
        }
    }

    [TestMethod]
    public void Solve_TwoStateMdp_StateTermSplitsAgentsThatPlainMedeCollapses()
    {
        // Measured at beta 0.5: w = 0 sends random starts to K copies of pi*_soft; w = 0.5 gives two distinct
        // interior agents (max |pi_0 - pi_1| = 0.49); w = 1 separates them in state space (one never leaves state 0).
        var mdp = TwoStateMdp(0.8);
        double Spread(double w, int seed) => TheoremChecks.Evaluate(mdp, new MedeFixedPoint(new MedeFixedPoint.Options
        {
            NumberOfAgents = 2,
            Start = MedeFixedPointStart.Random,
            Seed = seed,
            DiscriminatorWeight = 0.5,
            StateDiscriminatorWeight = w,
        }).Solve(mdp)).AgentSpread;
        foreach (int seed in new[] { 1, 5 })
        {
            Assert.IsLessThan(1e-6, Spread(0, seed), $"seed {seed}");
            Assert.IsGreaterThan(0.3, Spread(0.5, seed), $"seed {seed}");
            Assert.IsGreaterThan(0.99, Spread(1, seed), $"seed {seed}");
        }
    }

    // One iteration from the corridor's fixed policies: AgentValues are then the soft values for the bonus of
    // exactly those policies and their posteriors.
    private static MedeFixedPointResult OneIterationOnCorridor(double beta, double w, double u) =>
        new MedeFixedPoint(new MedeFixedPoint.Options
        {
            NumberOfAgents = 2,
            Start = MedeFixedPointStart.Given,
            InitialLogPolicies = EpisodeEndsTests.CorridorLogPolicies(),
            DiscriminatorWeight = beta,
            StateDiscriminatorWeight = w,
            OutcomeWeight = u,
            MaximumIterations = 1,
        }).Solve(EpisodeEndsTests.Corridor());

    /// <summary>
    /// The corridor A - 1 - 2 - B (EpisodeEndsTests.Corridor, gamma 0.9, entering A pays 1, B pays 2) with beta = 0,
    /// so the outcome term is the agents' only bonus. Agent 0 ends at A with 2/3, agent 1 with 1/3, so
    /// p(0|A) = 2/3 and p(0|B) = 1/3. By hand: V(goal) = log 2 (two actions, nothing after), and
    /// V(1) = log(exp(1 + u log(2 p(z|A)) + gamma log 2) + exp(gamma V(2))),
    /// V(2) = log(exp(gamma V(1)) + exp(2 + u log(2 p(z|B)) + gamma log 2)).
    /// </summary>
    [TestMethod]
    public void Solve_OutcomeWeight_SoftValueAtTheStartSolvesTheHandBellmanEquation()
    {
        const double Gamma = 0.9, U = 2.0;
        var result = OneIterationOnCorridor(beta: 0, w: 0, u: U);
        Assert.AreEqual(U, result.OutcomeWeight);
        double[] endAtA = [2.0 / 3, 1.0 / 3];
        (double V1, double V2) Hand(int z, double u)
        {
            double scoreA = u * Math.Log(2 * endAtA[z]);
            double scoreB = u * Math.Log(2 * (1 - endAtA[z]));
            double v1 = 0, v2 = 0;
            for (int sweep = 0; sweep < 1000; sweep++)
            {
                double next1 = Math.Log(Math.Exp(1 + scoreA + (Gamma * Math.Log(2))) + Math.Exp(Gamma * v2));
                double next2 = Math.Log(Math.Exp(Gamma * v1) + Math.Exp(2 + scoreB + (Gamma * Math.Log(2))));
                (v1, v2) = (next1, next2);
            }
            return (v1, v2);
        }
        for (int z = 0; z < 2; z++)
        {
            var (v1, v2) = Hand(z, U);
            Assert.AreEqual(v1, result.AgentValues[z, 1], 1e-10, $"agent {z}, start");
            Assert.AreEqual(v2, result.AgentValues[z, 2], 1e-10, $"agent {z}, state 2");
            Assert.AreEqual(Math.Log(2), result.AgentValues[z, 0], 1e-12, $"agent {z}, goal A");
            // Without the term the start value moves by far more than the tolerance (0.057 for agent 0, whose
            // gain at A and loss at B partly cancel).
            Assert.IsGreaterThan(0.02, Math.Abs(Hand(z, 0).V1 - result.AgentValues[z, 1]), $"agent {z}");
        }
    }

    [TestMethod]
    public void Solve_OutcomeWeightWithBothDiscriminatorTerms_MatchesValueIterationOnAnIndependentBonus()
    {
        const double Beta = 1.0, W = 0.5, U = 3.0;
        var mdp = EpisodeEndsTests.Corridor();
        var logPolicies = EpisodeEndsTests.CorridorLogPolicies();
        var result = OneIterationOnCorridor(Beta, W, U);
        var logPs = ExactDiscriminator.LogStatePosterior(mdp, logPolicies);
        var logPsa = ExactDiscriminator.LogActionPosterior(logPolicies, logPs);
        // p(z|A) and p(z|B) by hand (EpisodeEndsTests.CorridorLogPolicies); the moves that enter them: (1, left) and (2, right).
        double[,] endPosterior = { { 2.0 / 3, 1.0 / 3 }, { 1.0 / 3, 2.0 / 3 } };
        for (int z = 0; z < 2; z++)
        {
            var bonus = new double[5, 2];
            for (int s = 0; s < 5; s++)
            {
                for (int a = 0; a < 2; a++)
                {
                    bonus[s, a] = (Beta * logPsa[z, s, a]) + (W * logPs[z, s]);
                }
            }
            bonus[1, 0] += U * Math.Log(2 * endPosterior[z, 0]);
            bonus[2, 1] += U * Math.Log(2 * endPosterior[z, 1]);
            var v = SoftValueIteration.Solve(mdp, bonus).V;
            for (int s = 0; s < 5; s++)
            {
                Assert.AreEqual(v[s], result.AgentValues[z, s], 1e-9, $"agent {z}, state {s}");
            }
        }
    }

    [TestMethod]
    public void Solve_OutcomeWeightZero_IsBitIdenticalToTheDefault()
    {
        var mdp = MdpGenerators.MultiGoalGridworld(goalReward: 20, goals: [(0, 0), (4, 4)], terminalGoals: true);
        MedeFixedPointResult Run(double? u)
        {
            var options = new MedeFixedPoint.Options { NumberOfAgents = 2, Start = MedeFixedPointStart.Random, Seed = 1, Tolerance = 1e-9 };
            if (u is double value)
            {
                options.OutcomeWeight = value;
            }
            return new MedeFixedPoint(options).Solve(mdp);
        }
        var unset = Run(null);
        var zero = Run(0.0);
        Assert.AreEqual(0.0, unset.OutcomeWeight);
        Assert.AreEqual(unset.Iterations, zero.Iterations);
        CollectionAssert.AreEqual(unset.LogPolicies.Cast<double>().ToArray(), zero.LogPolicies.Cast<double>().ToArray());
        CollectionAssert.AreEqual(unset.AgentValues.Cast<double>().ToArray(), zero.AgentValues.Cast<double>().ToArray());
    }

    [TestMethod]
    public void Solve_OutcomeWeightWithoutTerminalStates_ThrowsNamingIt()
    {
        var solver = new MedeFixedPoint(new MedeFixedPoint.Options { OutcomeWeight = 1 });
        foreach (var mdp in new[] { MdpGenerators.Random(0), MdpGenerators.MultiGoalGridworld() })
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => solver.Solve(mdp));
            StringAssert.Contains(e.Message, "OutcomeWeight");
            StringAssert.Contains(e.Message, "terminalGoals");
        }
    }

    [TestMethod]
    [DataRow(-1.0)]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    public void Constructor_InvalidOutcomeWeight_ThrowsNamingIt(double u)
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MedeFixedPoint(new MedeFixedPoint.Options { OutcomeWeight = u }));
        StringAssert.Contains(e.Message, "OutcomeWeight");
    }

    // Two states, two actions: action 0 stays, action 1 switches; r(0, .) = (0, 0.2), r(1, .) = (1, 0); start in 0.
    private static TabularMdp TwoStateMdp(double gamma)
    {
        var transitions = new double[2, 2, 2];
        transitions[0, 0, 0] = 1;
        transitions[0, 1, 1] = 1;
        transitions[1, 0, 1] = 1;
        transitions[1, 1, 0] = 1;
        return new TabularMdp(transitions, new double[,] { { 0, 0.2 }, { 1, 0 } }, gamma, [1.0, 0.0]);
    }

    [TestMethod]
    [DataRow(-0.5)]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    public void Constructor_InvalidStateWeight_ThrowsNamingIt(double w)
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MedeFixedPoint(new MedeFixedPoint.Options { StateDiscriminatorWeight = w }));
        StringAssert.Contains(e.Message, "StateDiscriminatorWeight");
    }
}
