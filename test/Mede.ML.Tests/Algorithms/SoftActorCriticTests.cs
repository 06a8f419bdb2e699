using Mede.ML.Algorithms;
using Mede.ML.Neural;
using Mede.ML.Neural.Autograd;
using Mede.ML.Neural.Distributions;
using Mede.ML.Neural.Kernels;
using Mede.ML.Replay;
using Mede.ML.Training;

namespace Mede.ML.Tests.Algorithms;

[TestClass]
public sealed class SoftActorCriticTests
{
    private const int Obs = 3, Act = 2, K = 2, Batch = 4;

    [TestMethod]
    [DataRow(ReinforcementAlgorithm.Sac, 0f)]
    [DataRow(ReinforcementAlgorithm.Mede, 0f)]
    [DataRow(ReinforcementAlgorithm.Mede, 0.8f)]
    [DataRow(ReinforcementAlgorithm.Diayn, 0f)]
    public void SoftTarget_TinyBatch_MatchesHandComputation(ReinforcementAlgorithm algorithm, float stateWeight)
    {
        TrainingConfiguration options = TestOptions.Tiny(algorithm, agents: K);
        options.StateDiscriminatorWeight = stateWeight;
        options.EntropyCoefficient = 0.3f;
        options.DiscriminatorWeight = 0.7f;
        options.DiscountFactor = 0.9f;
        options.RewardScale = 2f;
        options.DiaynSubtractLogPrior = true;
        int agents = options.NumberOfAgents;
        var (learner, set, batch) = Build(options);
        // Rows 0 and 2 terminate, row 1 is truncated (it still bootstraps by default), row 3 is cut by a time limit
        // with BootstrapTimeLimits false (the sampler leaves NotTerminated 1 and Bootstraps 0 there): the target reads
        // Bootstraps alone.
        batch.NotTerminated.CopyFrom([0f, 1f, 0f, 1f]);
        batch.Bootstraps.CopyFrom([0f, 1f, 0f, 0f]);

        using var scope = Tape.Scope();
        Tensor nextInput = set.Actor.Input.Encode(batch.NextObservations, batch.Agents);
        GeneratorState noiseState = set.Noise.State;
        float[] target = learner.SoftTarget(set, batch).ToArray();

        // By hand, replaying the same noise: a' = tanh(mu + std eps), log pi from the Gaussian and the tanh
        // correction, the twin minimum of the target critics, then the method's bonus.
        var replay = new Generator(0) { State = noiseState };
        var eps = new float[Batch * Act];
        replay.FillNormal(eps);
        using (Tensor.NoGrad())
        {
            float[] output = set.Actor.Network.Forward(nextInput).ToArray();
            for (int r = 0; r < Batch; r++)
            {
                var nextAction = new float[Act];
                double logPi = 0;
                for (int j = 0; j < Act; j++)
                {
                    double mu = output[r * 2 * Act + j], logStd = Math.Clamp(output[r * 2 * Act + Act + j], -20, 2);
                    double u = mu + Math.Exp(logStd) * eps[r * Act + j];
                    nextAction[j] = (float)Math.Tanh(u);
                    logPi += -0.5 * eps[r * Act + j] * eps[r * Act + j] - logStd - 0.5 * Math.Log(2 * Math.PI) - Math.Log(1 - Math.Tanh(u) * Math.Tanh(u));
                }

                Tensor row = Tensor.FromArray([.. nextInput.ToArray().Skip(r * nextInput.Columns).Take(nextInput.Columns), .. nextAction], 1, nextInput.Columns + Act);
                double q = Math.Min(set.TargetCritic.First.Forward(row).ToScalar(), set.TargetCritic.Second.Forward(row).ToScalar());
                double value = q - 0.3 * logPi;
                double reward = 2 * batch.Rewards.Data[r];
                int z = batch.Agents[r];
                if (algorithm == ReinforcementAlgorithm.Mede)
                {
                    Tensor sa = Tensor.FromArray([.. batch.NextObservations.ToArray().Skip(r * Obs).Take(Obs), .. nextAction], 1, Obs + Act);
                    value += 0.3 * 0.7 * learner.StateActionDiscriminator!.LogProbabilities(sa).Data[z];
                    // The state-discrimination extension scores s', alpha w log q(z|s').
                    Tensor nextState = Tensor.FromArray(batch.NextObservations.ToArray().Skip(r * Obs).Take(Obs).ToArray(), 1, Obs);
                    value += 0.3 * stateWeight * learner.StateDiscriminator!.LogProbabilities(nextState).Data[z];
                }
                else if (algorithm == ReinforcementAlgorithm.Diayn)
                {
                    Tensor s = Tensor.FromArray(batch.Observations.ToArray().Skip(r * Obs).Take(Obs).ToArray(), 1, Obs);
                    reward += learner.StateDiscriminator!.LogProbabilities(s).Data[z] + Math.Log(K);
                }

                double expected = reward + 0.9 * batch.Bootstraps.Data[r] * value;
                Assert.AreEqual(expected, target[r], 1e-4 * (1 + Math.Abs(expected)), $"row {r}");
            }
        }
    }

    [TestMethod]
    [DataRow(ReinforcementAlgorithm.Mede, true)]
    [DataRow(ReinforcementAlgorithm.Mede, false)]
    [DataRow(ReinforcementAlgorithm.Diayn, true)]
    public void ActionGradient_IncludesDiscriminatorTermOnlyForMede(ReinforcementAlgorithm algorithm, bool gradientToPolicy)
    {
        TrainingConfiguration options = TestOptions.Tiny(algorithm, agents: K);
        options.DiscriminatorGradientToPolicy = gradientToPolicy;
        options.DiscriminatorWeight = 0.5f;
        var (learner, set, batch) = Build(options);
        using var scope = Tape.Scope();
        Tensor input = set.Actor.Input.Encode(batch.Observations, batch.Agents);
        Tensor action = Tensor.FromArray([0.1f, -0.4f, 0.5f, 0.2f, -0.7f, 0.3f, 0.05f, 0.6f], Batch, Act, requiresGrad: true);

        // The update's gradient of the policy loss's other terms with respect to the action, and their value.
        set.Critic.SetRequiresGrad(false);
        set.StateAction?.SetRequiresGrad(false);
        var terms = learner.ActionGradient(set, learner.LanesOf(0), batch, input, action);
        float[] full = learner.LanesOf(0).ActionGradient.ToArray();
        set.Critic.SetRequiresGrad(true);
        set.StateAction?.SetRequiresGrad(true);

        // Gradient of the SAC part alone, -min Q / B.
        action.ZeroGrad();
        (-Tensor.Minimum(
            set.Critic.First.Forward(Tensor.Concat(input, action)),
            set.Critic.Second.Forward(Tensor.Concat(input, action))).Mean()).Backward();
        float[] sacPart = action.Grad.ToArray();

        // Gradient of the discriminator term alone, -alpha beta mean log q(z|s,a).
        action.ZeroGrad();
        (-(options.EntropyCoefficient * 0.5f) * learner.StateActionDiscriminator!.LogProbabilityOf(Tensor.Concat(batch.Observations, action), batch.Agents).Mean()).Backward();
        float[] discriminatorPart = action.Grad.ToArray();
        Assert.IsTrue(discriminatorPart.Any(g => Math.Abs(g) > 1e-4f), "the discriminator term has a gradient to compare");

        bool expectDiscriminator = algorithm == ReinforcementAlgorithm.Mede && gradientToPolicy;
        for (int i = 0; i < full.Length; i++)
        {
            float expected = sacPart[i] + (expectDiscriminator ? discriminatorPart[i] : 0f);
            Assert.AreEqual(expected, full[i], 1e-6f, $"d loss / d action[{i}]");
        }

        // The value: mean(-min Q - alpha beta log q(z|s,a)), the discriminator term for MEDE only (with or without its gradient).
        Tensor minQ = Tensor.Minimum(set.Critic.First.Forward(Tensor.Concat(input, action)), set.Critic.Second.Forward(Tensor.Concat(input, action)));
        Tensor logQ = learner.StateActionDiscriminator!.LogProbabilityOf(Tensor.Concat(batch.Observations, action), batch.Agents);
        float expectedLoss = (algorithm == ReinforcementAlgorithm.Mede ? -minQ - (options.EntropyCoefficient * 0.5f) * logQ : -minQ).Mean().ToScalar();
        Assert.AreEqual(expectedLoss, terms.Loss, 1e-5f * (1 + Math.Abs(expectedLoss)), "the terms' value");
        Assert.AreEqual(minQ.Mean().ToScalar(), terms.MeanQ, 1e-5f * (1 + Math.Abs(terms.MeanQ)), "mean min Q");
    }

    [TestMethod]
    [DataRow(ReinforcementAlgorithm.Mede)]
    [DataRow(ReinforcementAlgorithm.Diayn)]
    [DataRow(ReinforcementAlgorithm.Sac)]
    public void PolicySurrogate_WeightGradient_EqualsTheFullPolicyLoss(ReinforcementAlgorithm algorithm)
    {
        // The update differentiates the policy loss in pieces (each frozen network's gradient with respect to the action,
        // then the policy's backward pass through a surrogate); the policy's weight gradient must be the full loss's.
        TrainingConfiguration options = TestOptions.Tiny(algorithm, agents: algorithm == ReinforcementAlgorithm.Sac ? 1 : K);
        options.DiscriminatorWeight = 0.5f;
        var (learner, set, batch) = Build(options);
        using var scope = Tape.Scope();
        Tensor input = set.Actor.Input.Encode(batch.Observations, batch.Agents);
        set.Critic.SetRequiresGrad(false);
        set.StateAction?.SetRequiresGrad(false);

        var (action, logPi) = set.Actor.Sample(input, new Generator(42));
        Tensor full = options.EntropyCoefficient * logPi - Tensor.Minimum(
            set.Critic.First.Forward(Tensor.Concat(input, action)), set.Critic.Second.Forward(Tensor.Concat(input, action)));
        if (algorithm == ReinforcementAlgorithm.Mede)
        {
            full -= (options.EntropyCoefficient * 0.5f) * learner.StateActionDiscriminator!.LogProbabilityOf(Tensor.Concat(batch.Observations, action), batch.Agents);
        }

        set.PolicyOptimizer.ZeroGrad();
        full.Mean().Backward();
        float[] expected = [.. set.Actor.Network.Parameters().SelectMany(p => p.Grad.ToArray())];

        var (sameAction, sameLogPi) = set.Actor.Sample(input, new Generator(42));
        learner.ActionGradient(set, learner.LanesOf(0), batch, input, sameAction);
        set.PolicyOptimizer.ZeroGrad();
        SoftActorCritic.PolicySurrogate(set, sameAction, sameLogPi, learner.LanesOf(0).ActionGradient).Backward();
        float[] actual = [.. set.Actor.Network.Parameters().SelectMany(p => p.Grad.ToArray())];

        Assert.IsTrue(expected.Any(g => Math.Abs(g) > 1e-4f), "the policy has a gradient to compare");
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], 1e-6f + 1e-5f * Math.Abs(expected[i]), $"policy weight gradient {i}");
        }
    }

    [TestMethod]
    public void TemperatureLoss_Gradient_IsMinusMeanOfLogPiPlusTarget()
    {
        TrainingConfiguration options = TestOptions.Tiny(ReinforcementAlgorithm.Sac);
        options.AutomaticEntropyTuning = true;
        var (learner, set, _) = Build(options);
        Assert.AreEqual(-Act, learner.TargetEntropy);
        using var scope = Tape.Scope();
        set.LogAlpha.ZeroGrad();
        Tensor logPi = Tensor.FromArray([-1f, -3f, 0.5f], 3, 1);
        Tensor loss = learner.TemperatureLoss(set, logPi);
        loss.Backward();
        // loss = -log(alpha) * mean(log pi + target); at log alpha = log 0.3: value and gradient by hand.
        double meanTerm = ((-1 - 2) + (-3 - 2) + (0.5 - 2)) / 3.0;
        Assert.AreEqual(-Math.Log(0.3) * meanTerm, loss.ToScalar(), 1e-5);
        Assert.AreEqual(-meanTerm, set.LogAlpha.Grad[0], 1e-5);
    }

    [TestMethod]
    public void Update_AutomaticTuning_MovesAlphaTowardTargetEntropy()
    {
        TrainingConfiguration options = TestOptions.Tiny(ReinforcementAlgorithm.Sac);
        options.AutomaticEntropyTuning = true;
        options.TargetEntropy = 50f; // far above any reachable entropy: alpha must grow
        var (learner, _, batch) = Build(options);
        float before = learner.Alpha;
        for (int i = 0; i < 5; i++)
        {
            learner.Update(0, batch, i);
        }

        Assert.IsGreaterThan(before, learner.Alpha);
    }

    [TestMethod]
    [DoNotParallelize]
    [DataRow(ReinforcementAlgorithm.Mede, 1)]
    [DataRow(ReinforcementAlgorithm.Diayn, 1)]
    [DataRow(ReinforcementAlgorithm.Sac, 1)]
    [DataRow(ReinforcementAlgorithm.Mede, 2)]
    [DataRow(ReinforcementAlgorithm.Diayn, 2)]
    [DataRow(ReinforcementAlgorithm.Sac, 2)]
    public void Update_SteadyState_AllocatesNothing(ReinforcementAlgorithm algorithm, int threads)
    {
        // Counts bytes (this thread's, and with two threads the second core's too); it does not time anything.
        TrainingConfiguration options = TestOptions.Tiny(algorithm, agents: K);
        options.AutomaticEntropyTuning = true;
        var (learner, _, batch) = Build(options);
        void Step() => learner.Update(0, batch, 0);

        int previous = Gemm.Threads;
        GemmBackend previousBackend = Gemm.Backend;
        Gemm.Threads = threads;
        Gemm.Backend = GemmBackend.Managed; // the second core serves the managed kernel only (MEDE_GEMM may say openblas)
        try
        {
            for (int i = 0; i < 5; i++)
            {
                Step();
            }

            long piecesBefore = SecondCore.PiecesRun;

            long before = SecondCore.AllocatedBytes + GC.GetAllocatedBytesForCurrentThread(); // SecondCore first: its statics are made on first use
            for (int i = 0; i < 20; i++)
            {
                Step();
            }

            Assert.AreEqual(0L, SecondCore.AllocatedBytes + GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.AreEqual(threads > 1, SecondCore.PiecesRun > piecesBefore, "two threads put pieces on the second core, one thread none");
        }
        finally
        {
            Gemm.Threads = previous;
            Gemm.Backend = previousBackend;
        }
    }

    [TestMethod]
    [DoNotParallelize]
    [DataRow(ReinforcementAlgorithm.Mede, false, 16)]
    [DataRow(ReinforcementAlgorithm.Mede, true, 16)]
    [DataRow(ReinforcementAlgorithm.Mede, false, 48)]
    [DataRow(ReinforcementAlgorithm.Diayn, true, 16)]
    [DataRow(ReinforcementAlgorithm.Sac, true, 16)]
    public void Update_TwoThreads_BitIdenticalToOne(ReinforcementAlgorithm algorithm, bool automaticTuning, int discriminatorWidth)
    {
        // With two GEMM threads the update hands whole pieces (the target, Q2, the discriminators' gradients and Adam
        // steps) to the second core; they must touch data disjoint from this thread's, so every weight, Adam moment and
        // metric must equal the one-thread run's bit for bit, whatever the timing. Discriminators as wide as the critics
        // put both critics on one core in the policy step, wider ones put Q2 beside Q1 (both layouts are run).
        TrainingConfiguration options = TestOptions.Tiny(algorithm, agents: algorithm == ReinforcementAlgorithm.Sac ? 1 : K);
        options.AutomaticEntropyTuning = automaticTuning;
        options.BatchSize = Batch;
        options.DiscriminatorHiddenLayerSizes = [discriminatorWidth, discriminatorWidth];
        if (algorithm == ReinforcementAlgorithm.Mede)
        {
            Assert.AreEqual(discriminatorWidth == 16, Build(options).Learner.LanesOf(0).CriticsTogether(mede: true, stateGradient: true), "the layout this row runs");
        }

        int previous = Gemm.Threads;
        GemmBackend previousBackend = Gemm.Backend;
        Gemm.Backend = GemmBackend.Managed; // the second core serves the managed kernel only (MEDE_GEMM may say openblas)
        try
        {
            (UpdateMetrics[] Metrics, float[] Weights) Run(int threads)
            {
                Gemm.Threads = threads;
                var (learner, _, batch) = Build(options);
                var metrics = new UpdateMetrics[6];
                for (int i = 0; i < metrics.Length; i++)
                {
                    metrics[i] = learner.Update(0, batch, i);
                }

                return (metrics, [.. learner.Weights(forCheckpoint: true).Concat(learner.OptimizerState()).SelectMany(t => t.Value.ToArray())]);
            }

            var one = Run(1);
            long piecesBefore = SecondCore.PiecesRun;
            var two = Run(2);
            Assert.IsGreaterThan(piecesBefore, SecondCore.PiecesRun, "the two-thread run put pieces on the second core");
            CollectionAssert.AreEqual(one.Metrics, two.Metrics, "metrics");
            Assert.HasCount(one.Weights.Length, two.Weights);
            for (int i = 0; i < one.Weights.Length; i++)
            {
                Assert.AreEqual(BitConverter.SingleToInt32Bits(one.Weights[i]), BitConverter.SingleToInt32Bits(two.Weights[i]), $"state value {i}");
            }
        }
        finally
        {
            Gemm.Threads = previous;
            Gemm.Backend = previousBackend;
        }
    }

    [TestMethod]
    public void Update_TwoSetsOnTwoThreadsAtOnce_EachReturnsItsOwnMetrics()
    {
        // Separate mode updates agents' sets in parallel (UpdateSchedule). Each Update must hand back the metrics of its
        // own set: the run's recorded losses are averaged from them. Two learners from one seed: the first updates its
        // sets in turn, the second on two threads that a barrier starts together every round, so both finish their
        // (equally sized) steps at nearly the same instant. No timing is measured; the values must match bit for bit.
        const int Rounds = 30_000;
        TrainingConfiguration options = TestOptions.Tiny(mode: NetworkMode.Separate, agents: K);
        options.BatchSize = Batch;
        var inTurn = new SoftActorCritic(options, Obs, Act, new Generator(5), new Generator(6));
        var together = new SoftActorCritic(options, Obs, Act, new Generator(5), new Generator(6));
        ReplayBatch[] batches = [.. Enumerable.Range(0, K).Select(k => AgentBatch(k, new Generator(10 + (ulong)k)))];
        var expected = new UpdateMetrics[K, Rounds];
        var actual = new UpdateMetrics[K, Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            for (int k = 0; k < K; k++)
            {
                expected[k, round] = Kept(inTurn.Update(k, batches[k], round));
            }
        }

        using var start = new Barrier(K);
        Thread[] threads = [.. Enumerable.Range(0, K).Select(k => new Thread(() =>
        {
            for (int round = 0; round < Rounds; round++)
            {
                start.SignalAndWait();
                actual[k, round] = Kept(together.Update(k, batches[k], round));
            }
        }))];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        for (int round = 0; round < Rounds; round++)
        {
            for (int k = 0; k < K; k++)
            {
                Assert.AreEqual(expected[k, round], actual[k, round], $"set {k}, round {round}: the update returned other metrics than the same update made alone");
            }
        }
    }

    [TestMethod]
    [DataRow(NetworkMode.Shared, 1)]
    [DataRow(NetworkMode.Shared, 2)]
    [DataRow(NetworkMode.Separate, 1)]
    public void Update_EntropyByAgent_GroupsTheBatchsRowsByAgent(NetworkMode mode, int threads)
    {
        // Shared mode: one set, a batch with 5 rows of agent 0, 11 of agent 1 and none of agent 2. The rows' weights
        // recover the batch's entropy; the agent without rows has none.
        TrainingConfiguration options = TestOptions.Tiny(mode: mode, agents: 3);
        options.BatchSize = 16;
        int previous = Gemm.Threads;
        Gemm.Threads = threads;
        try
        {
            var learner = new SoftActorCritic(options, Obs, Act, new Generator(5), new Generator(6));
            var g = new Generator(7);
            var batch = new ReplayBatch(16, Obs, Act);
            g.FillNormal(batch.Observations.Data);
            g.FillUniform(batch.Actions.Data, -0.9f, 0.9f);
            g.FillNormal(batch.Rewards.Data);
            g.FillNormal(batch.NextObservations.Data);
            batch.Bootstraps.Data.Fill(1f);
            int set = mode == NetworkMode.Shared ? 0 : 1;
            for (int r = 0; r < 16; r++)
            {
                batch.AgentsWritable[r] = mode == NetworkMode.Separate ? 1 : r < 5 ? 0 : 1;
            }

            UpdateMetrics metrics = learner.Update(set, batch, 0);

            float[] byAgent = metrics.EntropyByAgent.ToArray();
            Assert.HasCount(3, byAgent);
            Assert.IsTrue(float.IsNaN(byAgent[2]), "an agent with no rows in the batch has no entropy");
            if (mode == NetworkMode.Shared)
            {
                Assert.AreEqual(metrics.Entropy, (5 * byAgent[0] + 11 * byAgent[1]) / 16, 1e-5f);
                Assert.AreNotEqual(byAgent[0], byAgent[1]);
            }
            else
            {
                Assert.IsTrue(float.IsNaN(byAgent[0]), "set 1's batch holds agent 1's rows only");
                Assert.AreEqual(metrics.Entropy, byAgent[1], 1e-6f);
            }
        }
        finally
        {
            Gemm.Threads = previous;
        }
    }

    [TestMethod]
    public void FillEntropyByAgent_RowOfAnAgentWithoutSlot_ThrowsNamingTheRow()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => UpdateMetrics.FillEntropyByAgent([-1f, -2f], [0, 3], new float[2]));
        StringAssert.Contains(error.Message, "Row 1's agent is 3");
    }

    /// <summary>The metrics with their per-agent entropies copied out of the learner's buffer (the next update overwrites it).</summary>
    private static UpdateMetrics Kept(UpdateMetrics metrics) => metrics with { EntropyByAgent = metrics.EntropyByAgent.ToArray() };

    private static ReplayBatch AgentBatch(int agent, Generator g)
    {
        ReplayBatch batch = RandomBatch(g);
        batch.AgentsWritable.Fill(agent);
        return batch;
    }

    /// <summary>A batch of random transitions (normal observations and rewards, actions inside the box), none terminal.</summary>
    private static ReplayBatch RandomBatch(Generator g)
    {
        var batch = new ReplayBatch(Batch, Obs, Act);
        g.FillNormal(batch.Observations.Data);
        g.FillUniform(batch.Actions.Data, -0.9f, 0.9f);
        g.FillNormal(batch.Rewards.Data);
        g.FillNormal(batch.NextObservations.Data);
        batch.NotTerminated.Data.Fill(1f);
        batch.Bootstraps.Data.Fill(1f);
        return batch;
    }

    private static (SoftActorCritic Learner, ActorCriticSet Set, ReplayBatch Batch) Build(TrainingConfiguration options)
    {
        int agents = options.NumberOfAgents;
        var g = new Generator(5);
        var learner = new SoftActorCritic(options, Obs, Act, g, g);
        ActorCriticSet set = learner.Set(0);

        // Move the target critics away from the critics so the minimum and the targets are really exercised.
        foreach (var p in set.TargetCritic.Second.Parameters())
        {
            g.FillUniform(p.Data, -0.5f, 0.5f);
        }

        ReplayBatch batch = RandomBatch(g);
        for (int r = 0; r < Batch; r++)
        {
            batch.AgentsWritable[r] = r % agents;
        }

        return (learner, set, batch);
    }
}
