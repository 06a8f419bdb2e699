using Mede.ML.Algorithms;
using Mede.ML.Environments;
using Mede.ML.Neural;
using Mede.ML.Replay;
using Mede.ML.Training;

namespace Mede.ML.Tests.Training;

/// <summary>The outcome term (<c>OutcomeWeight</c>, an extension): which outcomes it remembers, the posterior it
/// prices them with, which rewards it changes, and that a resumed run rebuilds it exactly.</summary>
[TestClass]
public sealed class OutcomeMemoryTests
{
    private const float Epsilon = OutcomeMemory.OwnPseudoCount;

    [TestMethod]
    public void LogPosterior_AloneSharedTakenAndUnclaimedOutcomes()
    {
        ReplayBuffer buffer = OnePairAndOneAlone();

        var memory = new OutcomeMemory([buffer], agents: 3, weight: 1f, bandwidth: 1f);
        memory.Update();

        Assert.AreEqual(0f, memory.LogPosterior(0, [5f, 0f]), 1e-6f, "alone at its outcome: log 1");
        Assert.AreEqual(MathF.Log((1f + Epsilon) / (2f + Epsilon)), memory.LogPosterior(1, [0f, 5f]), 1e-6f, "shared with one other: about log 1/2");
        Assert.AreEqual(MathF.Log(Epsilon / (Epsilon + 2f)), memory.LogPosterior(0, [0f, 5f]), 1e-6f, "another pair's outcome: about log epsilon/2");
        Assert.AreEqual(0f, memory.LogPosterior(1, [-5f, 0f]), 1e-6f, "an outcome nobody reaches is free (optimistic), not 1/K");

        // Half a bandwidth away the kernel is exp(-1/8): still mostly "the same outcome".
        float c = MathF.Exp(-0.125f);
        Assert.AreEqual(MathF.Log((c + Epsilon) / (2f * c + Epsilon)), memory.LogPosterior(1, [0.5f, 5f]), 1e-6f);
    }

    [TestMethod]
    public void LogPosterior_PseudoCountOne_BoundsThePriceOfOthersOutcomes()
    {
        // The same ends as above with epsilon 1: another pair's outcome costs log 1/3 instead of log 0.05/2.05, a
        // shared one log 2/3, and the tails of two agents' ends (3 bandwidths away) almost nothing.
        ReplayBuffer buffer = OnePairAndOneAlone();

        var memory = new OutcomeMemory([buffer], agents: 3, weight: 1f, bandwidth: 1f, pseudoCount: 1f);
        memory.Update();

        Assert.AreEqual(0f, memory.LogPosterior(0, [5f, 0f]), 1e-6f);
        Assert.AreEqual(MathF.Log(2f / 3f), memory.LogPosterior(1, [0f, 5f]), 1e-6f);
        Assert.AreEqual(MathF.Log(1f / 3f), memory.LogPosterior(0, [0f, 5f]), 1e-6f);
        float tails = 2f * MathF.Exp(-4.5f); // agents 1 and 2
        Assert.AreEqual(MathF.Log(1f / (1f + tails)), memory.LogPosterior(0, [3f, 5f]), 1e-6f);
        Assert.IsGreaterThan(-0.03f, memory.LogPosterior(0, [3f, 5f]), "tails are nearly free with epsilon 1");
        var dear = new OutcomeMemory([buffer], agents: 3, weight: 1f, bandwidth: 1f);
        dear.Update();
        Assert.IsLessThan(-0.3f, dear.LogPosterior(0, [3f, 5f]), "and dear with the default epsilon");
    }

    [TestMethod]
    public void Update_RemembersEpisodeEndsTheLastFewPerAgentInOrder()
    {
        var buffer = new ReplayBuffer(1_000, 2, 1);
        var memory = new OutcomeMemory([buffer], agents: 2, weight: 1f, bandwidth: 1f);

        // A transition in mid-episode is no outcome; one the time limit ends is (where the agent got to).
        buffer.Add([0f, 0f], [0f], 0f, [9f, 9f], terminated: false, truncated: false, agent: 1);
        memory.Update();
        Assert.AreEqual(0, memory.Count(1));
        buffer.Add([0f, 0f], [0f], 0f, [9f, 9f], terminated: false, truncated: true, agent: 1);
        memory.Update();
        Assert.AreEqual(1, memory.Count(1));
        Assert.AreEqual(MathF.Log(Epsilon / (Epsilon + 1f)), memory.LogPosterior(0, [9f, 9f]), 1e-6f, "agent 1's time-out end");

        // Agent 0 ends 64 times at (5, 0), then 64 times at (-5, 0): the memory forgets the first goal.
        for (int i = 0; i < OutcomeMemory.EpisodesPerAgent; i++)
        {
            AddTerminal(buffer, 0, 5f, 0f);
            AddTerminal(buffer, 1, 5f, 0f);
        }

        memory.Update();
        Assert.AreEqual(OutcomeMemory.EpisodesPerAgent, memory.Count(0));
        Assert.AreEqual(OutcomeMemory.EpisodesPerAgent, memory.Count(1), "agent 1's time-out end has left its memory");
        Assert.AreEqual(MathF.Log((1f + Epsilon) / (2f + Epsilon)), memory.LogPosterior(0, [5f, 0f]), 1e-6f, "both agents end at (5, 0)");
        for (int i = 0; i < OutcomeMemory.EpisodesPerAgent; i++)
        {
            AddTerminal(buffer, 0, -5f, 0f);
        }

        memory.Update();
        Assert.AreEqual(OutcomeMemory.EpisodesPerAgent, memory.Count(0), "at most the last 64 per agent");
        Assert.AreEqual(MathF.Log(Epsilon / (Epsilon + 1f)), memory.LogPosterior(0, [5f, 0f]), 1e-6f, "agent 0 moved on: (5, 0) is now agent 1's");
        Assert.AreEqual(0f, memory.LogPosterior(0, [-5f, 0f]), 1e-6f);
    }

    [TestMethod]
    public void Update_EveryFewStepsOrOnce_RemembersTheSame()
    {
        var g = new Generator(5);
        var buffer = new ReplayBuffer(10_000, 2, 1);
        var incremental = new OutcomeMemory([buffer], agents: 3, weight: 1f, bandwidth: 0.7f);
        for (int i = 0; i < 900; i++)
        {
            int agent = i % 3;
            bool terminated = g.NextUniform() < 0.3f;
            buffer.Add([0f, 0f], [0f], 0f, [4f * g.NextUniform() - 2f, 4f * g.NextUniform() - 2f], terminated, false, agent);
            if (i % 37 == 0)
            {
                incremental.Update();
            }
        }

        incremental.Update();
        var rebuilt = new OutcomeMemory([buffer], agents: 3, weight: 1f, bandwidth: 0.7f);
        rebuilt.Update();
        for (int agent = 0; agent < 3; agent++)
        {
            Assert.AreEqual(OutcomeMemory.EpisodesPerAgent, rebuilt.Count(agent));
            for (int p = 0; p < 20; p++)
            {
                float[] s = [4f * g.NextUniform() - 2f, 4f * g.NextUniform() - 2f];
                Assert.AreEqual(incremental.LogPosterior(agent, s), rebuilt.LogPosterior(agent, s), 0f, $"agent {agent}, point {p}: bit for bit");
            }
        }
    }

    [TestMethod]
    public void Skip_WhatTheBuffersHeldBeforeLearningIsNoOutcome()
    {
        // The warm-up's random episodes end everywhere for every agent; they must not make agent 1's later goal look shared.
        ReplayBuffer buffer = BothAtOneEnd();
        var memory = new OutcomeMemory([buffer], agents: 2, weight: 1f, bandwidth: 1f);
        memory.Skip();
        AddTerminal(buffer, 1, 5f, 0f);
        memory.Update();
        Assert.AreEqual(0, memory.Count(0));
        Assert.AreEqual(1, memory.Count(1));
        Assert.AreEqual(0f, memory.LogPosterior(1, [5f, 0f]), 1e-6f);
    }

    [TestMethod]
    public void Relabel_AddsWeightTimesLogPosteriorOfTheNextStateToEveryRow()
    {
        ReplayBuffer buffer = BothAtOneEnd();
        var memory = new OutcomeMemory([buffer], agents: 2, weight: 10f, bandwidth: 1f);
        memory.Update();

        // Rows: agent 0 and agent 1 arriving at (5, 0), where both end; agent 0 in mid-episode at (-5, 0), where nobody does.
        var batch = new ReplayBatch(3, 2, 1);
        float[] x = [5f, 5f, -5f];
        for (int r = 0; r < 3; r++)
        {
            batch.Rewards.Data[r] = -1f;
            batch.NotTerminated.Data[r] = r == 2 ? 1f : 0f;
            batch.NextObservations.Data[2 * r] = x[r];
            batch.AgentsWritable[r] = r == 1 ? 1 : 0;
        }

        memory.Relabel(batch);
        float shared = 10f * MathF.Log((1f + Epsilon) / (2f + Epsilon));
        Assert.AreEqual(-1f + shared, batch.Rewards.Data[0], 1e-5f, "agent 0 arrives where agent 1's episodes end");
        Assert.AreEqual(-1f + shared, batch.Rewards.Data[1], 1e-5f, "and agent 1 where agent 0's do");
        Assert.AreEqual(-1f, batch.Rewards.Data[2], "far from every other agent's ends the term is log 1 = 0");
    }

    [TestMethod]
    public void Relabel_Information_AddsLogKTimesPosteriorToTerminatingRowsOnly()
    {
        // Agents 0 and 1 reach (5, 0), agent 2 reaches (0, 5), and agent 2 also times out at (-5, 0): under the
        // information score a time-out is no outcome, so (-5, 0) is nobody's.
        ReplayBuffer buffer = TwoAtOneGoalOneAtAnother();
        buffer.Add([0f, 0f], [0f], 0f, [-5f, 0f], terminated: false, truncated: true, agent: 2);
        var memory = new OutcomeMemory([buffer], agents: 3, weight: 10f, bandwidth: 1f, score: OutcomeScore.Information);
        memory.Update();
        Assert.AreEqual(1, memory.Count(2), "the time-out is not remembered");

        // Rows: 0 reaches the shared goal; 2 reaches its own; 0 reaches 2's; 0 reaches (-5, 0), where nobody ends;
        // 1 passes the shared goal without terminating (a time-out or mid-episode): no term.
        ReplayBatch batch = Arrivals([(0, 5f, 0f, true), (2, 0f, 5f, true), (0, 0f, 5f, true), (0, -5f, 0f, true), (1, 5f, 0f, false)]);
        memory.Relabel(batch);
        float logK = MathF.Log(3f);
        Assert.AreEqual(-1f + (10f * (logK + MathF.Log((1f + Epsilon) / (2f + Epsilon)))), batch.Rewards.Data[0], 1e-5f, "shared by two of three: log(3/2) > 0");
        Assert.AreEqual(-1f + (10f * logK), batch.Rewards.Data[1], 1e-5f, "its own goal: log K, the most information");
        Assert.AreEqual(-1f + (10f * (logK + MathF.Log(Epsilon / (Epsilon + 1f)))), batch.Rewards.Data[2], 1e-5f, "another agent's goal: below zero");
        Assert.IsLessThan(-1f, batch.Rewards.Data[2]);
        Assert.AreEqual(-1f + (10f * logK), batch.Rewards.Data[3], 1e-5f, "nobody's end (a time-out does not count)");
        Assert.AreEqual(-1f, batch.Rewards.Data[4], "no term without termination, even at a shared goal");
    }

    [TestMethod]
    public void Relabel_InformationWithALossWeight_WeighsGainsByUAndLossesByTheLossWeight_AsTheWeightFades()
    {
        // Agents 0 and 1 end at (5, 0), agent 2 at (0, 5); u 30, losses weighing 10.
        ReplayBuffer buffer = TwoAtOneGoalOneAtAnother();
        var information = new OutcomeMemory([buffer], agents: 3, weight: 30f, bandwidth: 1f, score: OutcomeScore.Information);
        var weighed = new OutcomeMemory([buffer], agents: 3, weight: 30f, bandwidth: 1f, score: OutcomeScore.Information, lossWeight: 10f);
        information.Update();
        weighed.Update();

        // Rows: 0 at the shared goal (a gain, log 3/2), 2 at its own (log 3), 0 at 2's goal (a loss).
        ReplayBatch Relabelled(OutcomeMemory memory)
        {
            ReplayBatch batch = Arrivals([(0, 5f, 0f, true), (2, 0f, 5f, true), (0, 0f, 5f, true)]);
            memory.Relabel(batch);
            return batch;
        }

        ReplayBatch full = Relabelled(information), kept = Relabelled(weighed);
        float loss = MathF.Log(3f) + MathF.Log(Epsilon / (Epsilon + 1f));
        Assert.AreEqual(full.Rewards.Data[0], kept.Rewards.Data[0], "a gain weighs u");
        Assert.AreEqual(full.Rewards.Data[1], kept.Rewards.Data[1], "a gain weighs u");
        Assert.AreEqual(-1f + (30f * loss), full.Rewards.Data[2], 1e-4f, "without a loss weight a loss weighs u");
        Assert.AreEqual(-1f + (10f * loss), kept.Rewards.Data[2], 1e-4f, "a loss weighs the loss weight");

        // The schedule halves u (a fade): the loss weight halves with it.
        weighed.Weight = 15f;
        ReplayBatch faded = Relabelled(weighed);
        Assert.AreEqual(-1f + (5f * loss), faded.Rewards.Data[2], 1e-4f);
        Assert.AreEqual(-1f + (15f * MathF.Log(3f)), faded.Rewards.Data[1], 1e-4f);
    }

    [TestMethod]
    public void LossWeight_OutsideTheInformationScore_IsRefused()
    {
        ReplayBuffer[] buffers = [new ReplayBuffer(10, 3, 1)];
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OutcomeMemory(buffers, agents: 2, weight: 1f, bandwidth: 1f, score: OutcomeScore.PositiveInformation, lossWeight: 1f));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OutcomeMemory(buffers, agents: 2, weight: 1f, bandwidth: 1f, score: OutcomeScore.Information, lossWeight: -1f));

        TrainingConfiguration price = TestOptions.Tiny();
        price.OutcomeWeight = 1f;
        price.OutcomeLossWeight = 1f;
        string message = Assert.ThrowsExactly<ArgumentException>(price.Validate).Message;
        StringAssert.Contains(message, "OutcomeLossWeight");
        StringAssert.Contains(message, "needs OutcomeScore Information");

        TrainingConfiguration negative = TestOptions.Tiny();
        negative.OutcomeWeight = 1f;
        negative.OutcomeScore = OutcomeScore.Information;
        negative.OutcomeLossWeight = -2f;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(negative.Validate).Message, "non-negative");
    }

    [TestMethod]
    public void Relabel_PositiveInformation_KeepsTheGainsAndScoresAnotherAgentsEndAsATimeOut()
    {
        // The same memory and rows as the information score's test: agents 0 and 1 end at (5, 0), agent 2 at (0, 5).
        ReplayBuffer buffer = TwoAtOneGoalOneAtAnother();
        var information = new OutcomeMemory([buffer], agents: 3, weight: 10f, bandwidth: 1f, score: OutcomeScore.Information);
        var positive = new OutcomeMemory([buffer], agents: 3, weight: 10f, bandwidth: 1f, score: OutcomeScore.PositiveInformation);
        information.Update();
        positive.Update();

        // Rows: 0 at the shared goal, 2 at its own, 0 at 2's goal, 1 passing the shared goal without terminating.
        ReplayBatch Relabelled(OutcomeMemory memory)
        {
            ReplayBatch batch = Arrivals([(0, 5f, 0f, true), (2, 0f, 5f, true), (0, 0f, 5f, true), (1, 5f, 0f, false)]);
            memory.Relabel(batch);
            return batch;
        }

        ReplayBatch full = Relabelled(information), kept = Relabelled(positive);
        Assert.IsGreaterThan(-1f, full.Rewards.Data[0], "the shared goal's score is positive (log 3/2)");
        Assert.AreEqual(full.Rewards.Data[0], kept.Rewards.Data[0], "a positive score is kept as it is");
        Assert.AreEqual(full.Rewards.Data[1], kept.Rewards.Data[1], "its own goal: log K");
        Assert.IsLessThan(-1f - 10f, full.Rewards.Data[2], "the information score charges for another agent's goal (10 log(3 epsilon / (1 + epsilon)) = -19.5)");
        Assert.AreEqual(-1f, kept.Rewards.Data[2], "its positive part: nothing, as for a time-out");
        Assert.AreEqual(-1f, kept.Rewards.Data[3], "no term without termination");
        Assert.AreEqual(1, positive.Count(2), "time-outs are not outcomes here either");
    }

    [TestMethod]
    public void Relabel_Undiscounted_DividesTheEndsScoreByGammaToTheStepBeforeIt()
    {
        // Observations (x, y, time left) on a horizon of 10; agent 0 ends at (5, 0) and agent 1 at (0, 5), both at
        // step 4 (time left 0.6). The clock is part of the kernel's distance, which a gap of 0.2 barely moves.
        var buffer = new ReplayBuffer(100, 3, 1);
        buffer.Add([0f, 0f, 1f], [0f], -1f, [5f, 0f, 0.6f], terminated: true, truncated: false, agent: 0);
        buffer.Add([0f, 0f, 1f], [0f], -1f, [0f, 5f, 0.6f], terminated: true, truncated: false, agent: 1);
        const float Gamma = 0.9f;
        var discounted = new OutcomeMemory([buffer], agents: 2, weight: 10f, bandwidth: 1f, score: OutcomeScore.Information);
        var undiscounted = new OutcomeMemory([buffer], agents: 2, weight: 10f, bandwidth: 1f, score: OutcomeScore.Information, payment: OutcomePayment.Undiscounted, horizon: 10, discount: Gamma);
        discounted.Update();
        undiscounted.Update();

        // Rows: agent 0 reaching its goal at step 1 (time left 0.9), at step 4 (0.6) and at step 10 (0); agent 1 timing
        // out at step 10.
        (int Agent, float X, float Y, float Left, bool Terminates)[] rows =
            [(0, 5f, 0f, 0.9f, true), (0, 5f, 0f, 0.6f, true), (0, 5f, 0f, 0f, true), (1, 1f, 1f, 0f, false)];
        ReplayBatch Relabelled(OutcomeMemory memory)
        {
            ReplayBatch batch = Arrivals([.. rows.Select(r => (r.Agent, r.X, r.Y, r.Terminates))], [.. rows.Select(r => r.Left)]);
            memory.Relabel(batch);
            return batch;
        }

        ReplayBatch plain = Relabelled(discounted), paid = Relabelled(undiscounted);
        int[] steps = [1, 4, 10];
        for (int r = 0; r < steps.Length; r++)
        {
            float score = plain.Rewards.Data[r] + 1f;
            Assert.IsGreaterThan(5f, score, "an end of its own scores about 10 log 2");
            Assert.AreEqual(-1f + (score / MathF.Pow(Gamma, steps[r] - 1)), paid.Rewards.Data[r], 1e-4f, $"an end at step {steps[r]}");
        }

        Assert.AreEqual(-1f, paid.Rewards.Data[3], "a time-out scores nothing either way");
    }

    [TestMethod]
    public void Relabel_Spread_PaysTheEndsScoreInEqualSharesOnEveryRowOfTheEpisode()
    {
        // Rows (x = the row's ordinal): agent 0 an episode of 4 to (5, 0); agent 1 one row to (0, 5); agent 0 an
        // episode of 2 that the time limit cuts; agent 1 a row of an episode still running. Each agent's end is its
        // own, so each scores u log 2.
        var buffer = new ReplayBuffer(100, 2, 1);
        (float X, float Y, bool Terminated, bool Truncated, int Agent)[] rows =
        [
            (1f, 0f, false, false, 0), (2f, 0f, false, false, 0), (3f, 0f, false, false, 0), (5f, 0f, true, false, 0),
            (0f, 5f, true, false, 1), (-1f, 0f, false, false, 0), (-2f, 0f, false, true, 0), (0f, 1f, false, false, 1),
        ];
        for (int i = 0; i < rows.Length; i++)
        {
            buffer.Add([i, 0f], [0f], -1f, [rows[i].X, rows[i].Y], rows[i].Terminated, rows[i].Truncated, rows[i].Agent);
        }

        var atEnd = new OutcomeMemory([buffer], agents: 2, weight: 10f, bandwidth: 1f, score: OutcomeScore.Information);
        var spread = new OutcomeMemory([buffer], agents: 2, weight: 10f, bandwidth: 1f, score: OutcomeScore.Information, payment: OutcomePayment.Spread);
        atEnd.Update();
        spread.Update();
        float own = 10f * MathF.Log(2f);
        float[] expectedAtEnd = [0f, 0f, 0f, own, own, 0f, 0f, 0f];
        float[] expectedSpread = [own / 4, own / 4, own / 4, own / 4, own, 0f, 0f, 0f];

        // The same draws relabelled by each memory: what each adds to each row.
        ReplayBatch Drawn(OutcomeMemory memory)
        {
            var batch = new ReplayBatch(256, 2, 1) { RecordsEpisodeEnds = true };
            buffer.Sample(batch, new Generator(7));
            memory.Relabel(batch);
            return batch;
        }

        ReplayBatch end = Drawn(atEnd), shares = Drawn(spread);
        var seen = new HashSet<int>();
        for (int r = 0; r < 256; r++)
        {
            int i = (int)end.Observations[r, 0];
            seen.Add(i);
            Assert.AreEqual(expectedAtEnd[i], end.Rewards[r, 0] + 1f, 1e-4f, $"at the end, row {i}: all of it on the terminating rows");
            Assert.AreEqual(expectedSpread[i], shares.Rewards[r, 0] + 1f, 1e-4f,
                $"spread, row {i}: a quarter on each of agent 0's four rows, all on agent 1's one-row episode, nothing on a time-out or a running episode");
        }

        Assert.AreEqual(rows.Length, seen.Count, "256 draws reach every row");
        Assert.AreEqual(expectedAtEnd.Sum(), expectedSpread.Sum(), 1e-4f, "the same total");
    }

    [TestMethod]
    public void Relabel_Shaped_AddsGammaPhiOfTheNextStateMinusPhiOfTheState_AndTelescopesOverAnEpisode()
    {
        // Agent 0 ends at (5, 0), agent 1 at (0, 5). Phi(s) = u log(K p(z | s)), the score an end at s would get.
        ReplayBuffer buffer = new(100, 2, 1);
        buffer.Add([0f, 0f], [0f], 0f, [5f, 0f], terminated: true, truncated: false, agent: 0);
        buffer.Add([0f, 0f], [0f], 0f, [0f, 5f], terminated: true, truncated: false, agent: 1);
        const float Gamma = 0.9f;
        var atEnd = new OutcomeMemory([buffer], agents: 2, weight: 10f, bandwidth: 1f, score: OutcomeScore.Information);
        var shaped = new OutcomeMemory([buffer], agents: 2, weight: 10f, bandwidth: 1f, score: OutcomeScore.Information, payment: OutcomePayment.Shaped, discount: Gamma);
        atEnd.Update();
        shaped.Update();
        float Phi(int agent, float x, float y) => 10f * (MathF.Log(2f) + shaped.LogPosterior(agent, [x, y]));

        // Agent 0's episode: (0, 0) -> (2, 2) -> (0, 4) -> (0, 5), agent 1's goal, where it terminates; and a row of
        // agent 1 that the time limit cuts at (4, 0) (the backup ends there: Phi of the cut state counts as 0).
        (int Agent, float X, float Y, float NextX, float NextY, bool Terminated, bool Truncated)[] rows =
        [
            (0, 0f, 0f, 2f, 2f, false, false), (0, 2f, 2f, 0f, 4f, false, false), (0, 0f, 4f, 0f, 5f, true, false), (1, 3f, 0f, 4f, 0f, false, true),
        ];
        ReplayBatch Relabelled(OutcomeMemory memory)
        {
            var batch = new ReplayBatch(rows.Length, 2, 1, bootstrapTimeLimits: false);
            var source = new ReplayBuffer(rows.Length, 2, 1);
            foreach (var row in rows)
            {
                source.Add([row.X, row.Y], [0f], -1f, [row.NextX, row.NextY], row.Terminated, row.Truncated, row.Agent);
            }

            // Draw until each row of the source sits in the batch row of its index.
            var g = new Generator(5);
            for (int r = 0; r < rows.Length; r++)
            {
                do
                {
                    source.SampleInto(batch, r, g);
                }
                while (batch.Observations[r, 0] != rows[r].X || batch.Observations[r, 1] != rows[r].Y);
            }

            memory.Relabel(batch);
            return batch;
        }

        ReplayBatch plain = Relabelled(atEnd), shapedBatch = Relabelled(shaped);
        float[] expectedShaping =
        [
            (Gamma * Phi(0, 2f, 2f)) - Phi(0, 0f, 0f),
            (Gamma * Phi(0, 0f, 4f)) - Phi(0, 2f, 2f),
            -Phi(0, 0f, 4f),
            -Phi(1, 3f, 0f),
        ];
        for (int r = 0; r < rows.Length; r++)
        {
            Assert.AreEqual(plain.Rewards[r, 0] + expectedShaping[r], shapedBatch.Rewards[r, 0], 1e-4f, $"row {r}");
        }

        Assert.IsLessThan(-5f, plain.Rewards[2, 0], "agent 0 ends at agent 1's goal: the score at the end is negative");
        Assert.IsGreaterThan(5f, Phi(0, 0f, 0f), "and the start, far from every end, has the potential of an end of its own");

        // Discounted over the episode, the shaped rewards are the plain ones minus Phi(s_0): no action changes that.
        float plainReturn = 0f, shapedReturn = 0f;
        for (int t = 0; t < 3; t++)
        {
            plainReturn += MathF.Pow(Gamma, t) * plain.Rewards[t, 0];
            shapedReturn += MathF.Pow(Gamma, t) * shapedBatch.Rewards[t, 0];
        }

        Assert.AreEqual(plainReturn - Phi(0, 0f, 0f), shapedReturn, 1e-3f);
    }

    [TestMethod]
    public void OutcomeWeightFor_TheLargerOfTheWeightAndTheMarginTimesTheGoalsReturnSpreadOverLog2()
    {
        TrainingConfiguration options = TestOptions.Tiny();
        options.OutcomeWeight = 150f;
        options.OutcomeScore = OutcomeScore.Information;
        using var equal = new MultiGoal();
        using var uneven = new MultiGoal(new MultiGoalOptions { Goals = [(4f, 0f), (-3f, 4.5f), (-3f, -6f)] });
        float spread = uneven.BestReturnTo(0) - uneven.BestReturnTo(2);

        Assert.AreEqual(150f, options.OutcomeWeightFor(uneven), "no margin: u as set");
        options.OutcomeWeightMargin = 1.6f;
        Assert.AreEqual(150f, options.OutcomeWeightFor(equal), "goals of equal cost: the floor");
        Assert.AreEqual(1.6f * spread / MathF.Log(2f), options.OutcomeWeightFor(uneven), 1e-3f);
        Assert.IsGreaterThan(300f, options.OutcomeWeightFor(uneven), "the uneven layout's far goal lifts u above the floor");
        options.OutcomeWeight = 400f;
        Assert.AreEqual(400f, options.OutcomeWeightFor(uneven), "a floor above the margin's u wins");
        options.OutcomeWeight = 0f;
        Assert.AreEqual(0f, options.OutcomeWeightFor(uneven), "no term, whatever the margin");
    }

    [TestMethod]
    public void Training_WithAMargin_UsesTheWeightItGives()
    {
        // Goals at 1.5, 2.5 and 3.5 from the start (random episodes end at them within the run): the margin lifts u
        // above the floor, and the run is the run with that u set directly, not the one with the floor.
        Func<IEnvironment> layout = () => new MultiGoal(new MultiGoalOptions { Goals = [(1.5f, 0f), (-2.5f, 0f), (0f, 3.5f)] });
        TrainingConfiguration options = TestOptions.Tiny(mode: NetworkMode.Separate);
        options.NumberOfAgents = 3;
        options.OutcomeScore = OutcomeScore.Information;
        options.OutcomeWeight = 1f;
        options.TotalSteps = 160;
        float[] Trained(float weight, float margin)
        {
            options.OutcomeWeight = weight;
            options.OutcomeWeightMargin = margin;
            using var session = new TrainingSession(options, layout);
            session.Run();
            return AllWeights(session);
        }

        float u;
        options.OutcomeWeightMargin = 1.6f;
        using (IEnvironment environment = layout())
        {
            u = options.OutcomeWeightFor(environment);
        }

        Assert.IsGreaterThan(1f, u, "the goals differ in cost: the margin's u is above the floor");
        float[] withMargin = Trained(1f, 1.6f);
        CollectionAssert.AreEqual(Trained(u, 0f), withMargin, "the margin's u, set directly");
        CollectionAssert.AreNotEqual(Trained(1f, 0f), withMargin, "the floor alone");
    }

    [TestMethod]
    public void OutcomeWeightMargin_RefusedWithAPriceOrWhereGoalsHaveNoKnownReturns()
    {
        TrainingConfiguration price = TestOptions.Tiny();
        price.OutcomeWeight = 1f;
        price.OutcomeWeightMargin = 1.6f;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(price.Validate).Message, "OutcomeWeightMargin");

        TrainingConfiguration negative = TestOptions.Tiny();
        negative.OutcomeWeightMargin = -1f;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(negative.Validate).Message, "OutcomeWeightMargin");

        TrainingConfiguration information = TestOptions.Tiny();
        information.OutcomeWeight = 1f;
        information.OutcomeScore = OutcomeScore.Information;
        information.OutcomeWeightMargin = 1.6f;
        information.Validate();
        using var pendulum = new Pendulum();
        string message = Assert.ThrowsExactly<ArgumentException>(() => information.ValidateFor(pendulum)).Message;
        StringAssert.Contains(message, "OutcomeWeightMargin");
        StringAssert.Contains(message, "'pendulum'");
    }

    [TestMethod]
    [DataRow(OutcomePayment.Undiscounted)]
    [DataRow(OutcomePayment.Spread)]
    [DataRow(OutcomePayment.Shaped)]
    public void Constructor_APaymentOtherThanAtTheEndWithThePrice_Throws(OutcomePayment payment)
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => new OutcomeMemory([new ReplayBuffer(10, 3, 1)], agents: 2, weight: 1f, bandwidth: 1f, score: OutcomeScore.Price, payment: payment, horizon: 10, discount: 0.99f));

        StringAssert.Contains(e.Message, payment.ToString());
        StringAssert.Contains(e.Message, "needs a score paid at the end");
    }

    [TestMethod]
    public void Constructor_UndiscountedWithoutAHorizonOrWithDiscountZero_Throws()
    {
        ReplayBuffer[] buffers = [new ReplayBuffer(10, 3, 1)];
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OutcomeMemory(buffers, agents: 2, weight: 1f, bandwidth: 1f, score: OutcomeScore.Information, payment: OutcomePayment.Undiscounted, horizon: 0, discount: 0.99f));
        var zero = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new OutcomeMemory(buffers, agents: 2, weight: 1f, bandwidth: 1f, score: OutcomeScore.Information, payment: OutcomePayment.Undiscounted, horizon: 10, discount: 0f));
        StringAssert.Contains(zero.Message, "divides by the discount");
    }

    [TestMethod]
    public void Information_SharingAGoalEvenlyScoresZero_WhateverK()
    {
        // K agents all ending at one place carry no information about which agent it is: log(K * 1/K) = 0, up to epsilon.
        foreach (int k in new[] { 2, 4 })
        {
            var buffer = new ReplayBuffer(100, 2, 1);
            for (int agent = 0; agent < k; agent++)
            {
                AddTerminal(buffer, agent, 5f, 0f);
            }

            var memory = new OutcomeMemory([buffer], agents: k, weight: 1f, bandwidth: 1f, score: OutcomeScore.Information);
            memory.Update();
            var batch = new ReplayBatch(1, 2, 1);
            batch.NextObservations.Data[0] = 5f;
            memory.Relabel(batch);
            Assert.AreEqual(MathF.Log(k * (1f + Epsilon) / (k + Epsilon)), batch.Rewards.Data[0], 1e-6f, $"K = {k}");
            Assert.AreEqual(0f, batch.Rewards.Data[0], 0.05f, $"K = {k}: about zero");
        }
    }

    [TestMethod]
    public void Validate_RefusesABadWeightBandwidthOrPseudoCountByName()
    {
        TrainingConfiguration negative = TestOptions.Tiny();
        negative.OutcomeWeight = -1f;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(negative.Validate).Message, "OutcomeWeight");

        TrainingConfiguration sac = TestOptions.Tiny(ReinforcementAlgorithm.Sac);
        sac.OutcomeWeight = 1f;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(sac.Validate).Message, "MEDE and DIAYN only");

        TrainingConfiguration bandwidth = TestOptions.Tiny();
        bandwidth.OutcomeBandwidth = 0f;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(bandwidth.Validate).Message, "OutcomeBandwidth");

        TrainingConfiguration pseudoCount = TestOptions.Tiny();
        pseudoCount.OutcomePseudoCount = 0f;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(pseudoCount.Validate).Message, "OutcomePseudoCount");

        TrainingConfiguration score = TestOptions.Tiny();
        score.OutcomeScore = (OutcomeScore)7;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(score.Validate).Message, "OutcomeScore");

        TrainingConfiguration payment = TestOptions.Tiny();
        payment.OutcomePayment = (OutcomePayment)7;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(payment.Validate).Message, "OutcomePayment");

        TrainingConfiguration spreadPrice = TestOptions.Tiny();
        spreadPrice.OutcomeWeight = 1f;
        spreadPrice.OutcomePayment = OutcomePayment.Spread;
        string message = Assert.ThrowsExactly<ArgumentException>(spreadPrice.Validate).Message;
        StringAssert.Contains(message, "OutcomePayment");
        StringAssert.Contains(message, "Information or PositiveInformation");
    }

    [TestMethod]
    public void Relabel_ScalesWithTheWeightTheScheduleSets_AndAddsNothingAtZero()
    {
        ReplayBuffer buffer = BothAtOneEnd();
        var memory = new OutcomeMemory([buffer], agents: 2, weight: 10f, bandwidth: 1f);
        memory.Update();
        float shared = MathF.Log((1f + Epsilon) / (2f + Epsilon));

        ReplayBatch Relabelled(float weight)
        {
            var batch = new ReplayBatch(1, 2, 1);
            batch.Rewards.Data[0] = -1f;
            batch.NextObservations.Data[0] = 5f;
            memory.Weight = weight;
            memory.Relabel(batch);
            return batch;
        }

        Assert.AreEqual(-1f + 10f * shared, Relabelled(10f).Rewards.Data[0], 1e-5f);
        Assert.AreEqual(-1f + 2.5f * shared, Relabelled(2.5f).Rewards.Data[0], 1e-5f, "a quarter of the weight, a quarter of the score");
        Assert.AreEqual(-1f, Relabelled(0f).Rewards.Data[0], "at 0 the reward is the environment's");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => memory.Weight = -1f);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => memory.Weight = float.NaN);
    }

    [TestMethod]
    public void OutcomeWeightAt_HoldsUntilTheFadeThenFallsInAStraightLineToZero()
    {
        TrainingConfiguration options = TestOptions.Tiny();
        options.OutcomeWeight = 300f;
        Assert.AreEqual(300f, options.OutcomeWeightAt(1_000_000), "no fade: u to the end");

        options.OutcomeFadeStart = 24_000;
        options.OutcomeFadeEnd = 30_000;
        Assert.AreEqual(300f, options.OutcomeWeightAt(0));
        Assert.AreEqual(300f, options.OutcomeWeightAt(24_000));
        Assert.AreEqual(250f, options.OutcomeWeightAt(25_000), 1e-3f);
        Assert.AreEqual(150f, options.OutcomeWeightAt(27_000), 1e-3f);
        Assert.AreEqual(0.05f, options.OutcomeWeightAt(29_999), 1e-3f);
        Assert.AreEqual(0f, options.OutcomeWeightAt(30_000));
        Assert.AreEqual(0f, options.OutcomeWeightAt(38_000));
        StringAssert.Contains(options.ExtensionsInUse().Single(), "fading to 0 from step 24,000 to 30,000", "train.log names the fade with the term");

        options.OutcomeFadeEnd = 24_000;
        Assert.AreEqual(300f, options.OutcomeWeightAt(24_000), "a fade of no length stops the term after its step");
        Assert.AreEqual(0f, options.OutcomeWeightAt(24_001));
    }

    [TestMethod]
    public void Validate_RefusesAFadeEndingBeforeItStartsOrWithoutAStart()
    {
        // Without the term a fade has nothing to act on, and OutcomeWeight=0 alone must still give the paper's method.
        TrainingConfiguration inert = TestOptions.Tiny();
        inert.OutcomeFadeStart = 100;
        inert.OutcomeFadeEnd = 150;
        inert.Validate();
        Assert.IsEmpty(inert.ExtensionsInUse());

        (Action<TrainingConfiguration> Set, string Name, string Rule)[] cases =
        [
            (o => { o.OutcomeWeight = 1f; o.OutcomeFadeStart = -1; }, "OutcomeFadeStart", "non-negative"),
            (o => { o.OutcomeWeight = 1f; o.OutcomeFadeStart = 100; o.OutcomeFadeEnd = 99; }, "OutcomeFadeEnd", "at least OutcomeFadeStart (100)"),
            (o => { o.OutcomeWeight = 1f; o.OutcomeFadeEnd = 150; }, "OutcomeFadeEnd", "needs OutcomeFadeStart"),
        ];
        foreach (var (set, name, rule) in cases)
        {
            TrainingConfiguration options = TestOptions.Tiny();
            set(options);
            string message = Assert.ThrowsExactly<ArgumentException>(options.Validate).Message;
            StringAssert.Contains(message, name);
            StringAssert.Contains(message, rule);
        }
    }

    [TestMethod]
    public void Fade_BeforeLearningIsTheRunWithoutTheTerm_AfterItTheRunWithTheTermThroughout_AndResumesExactly()
    {
        Func<IEnvironment> nearGoals = () => new MultiGoal(new MultiGoalOptions { Goals = [(1.5f, 0f), (-1.5f, 0f), (0f, 1.5f), (0f, -1.5f)] });
        TrainingConfiguration options = TestOptions.Tiny(mode: NetworkMode.Separate);
        options.OutcomeScore = OutcomeScore.Information;
        options.TotalSteps = 160;

        float[] Run(float weight, long fadeStart, long fadeEnd)
        {
            options.OutcomeWeight = weight;
            options.OutcomeFadeStart = fadeStart;
            options.OutcomeFadeEnd = fadeEnd;
            using var session = new TrainingSession(options, nearGoals);
            session.Run();
            return AllWeights(session);
        }

        float[] without = Run(0f, 0, 0);
        float[] throughout = Run(5f, 0, 0);
        CollectionAssert.AreNotEqual(without, throughout, "the outcome term changed nothing");
        CollectionAssert.AreEqual(without, Run(5f, 1, 1), "faded out before the first update: the run without the term");
        CollectionAssert.AreEqual(throughout, Run(5f, 160, 200), "fading only after the last step: the term throughout");
        float[] faded = Run(5f, 90, 130);
        CollectionAssert.AreNotEqual(without, faded);
        CollectionAssert.AreNotEqual(throughout, faded);

        // The weight is a function of the step: a run stopped inside the fade resumes to the same weights.
        CollectionAssert.AreEqual(faded, StoppedAndResumed(options, nearGoals, stopAt: 110, totalSteps: 160));
    }

    [TestMethod]
    [DataRow(NetworkMode.Shared, OutcomeScore.Price, true, false)]
    [DataRow(NetworkMode.Separate, OutcomeScore.Price, true, false)]
    [DataRow(NetworkMode.Separate, OutcomeScore.Information, true, false)]
    [DataRow(NetworkMode.Separate, OutcomeScore.PositiveInformation, false, false)]
    [DataRow(NetworkMode.Shared, OutcomeScore.Information, true, true)]
    [DataRow(NetworkMode.Separate, OutcomeScore.Information, false, true)]
    public void Resume_WithTheOutcomeTerm_GivesTheWeightsOfOneStraightRun(NetworkMode mode, OutcomeScore score, bool bootstrapTimeLimits, bool spread)
    {
        // Goals 1.5 from the start, so random episodes end at them within the run.
        Func<IEnvironment> nearGoals = () => new MultiGoal(new MultiGoalOptions { Goals = [(1.5f, 0f), (-1.5f, 0f), (0f, 1.5f), (0f, -1.5f)] });
        TrainingConfiguration options = TestOptions.Tiny(mode: mode);
        options.OutcomeWeight = 5f;
        options.OutcomeScore = score;
        options.BootstrapTimeLimits = bootstrapTimeLimits;
        options.OutcomePayment = spread ? OutcomePayment.Spread : OutcomePayment.AtEnd;
        options.TotalSteps = 160;
        float[] straight, without;
        using (var session = new TrainingSession(options, nearGoals))
        {
            session.Run();
            straight = AllWeights(session);
            Assert.IsTrue(Enumerable.Range(0, session.ReplayBuffers[0].Count).Any(i => session.ReplayBuffers[0].Get(i).Terminated), "no episode ended at a goal: the term was never used");
        }

        options.OutcomeWeight = 0f;
        using (var session = new TrainingSession(options, nearGoals))
        {
            session.Run();
            without = AllWeights(session);
        }

        CollectionAssert.AreNotEqual(without, straight, "the outcome term changed nothing");
        if (spread)
        {
            options.OutcomeWeight = 5f;
            options.OutcomePayment = OutcomePayment.AtEnd;
            using var atEnd = new TrainingSession(options, nearGoals);
            atEnd.Run();
            CollectionAssert.AreNotEqual(AllWeights(atEnd), straight, "spreading the score changed nothing");
            options.OutcomePayment = OutcomePayment.Spread;
        }

        options.OutcomeWeight = 5f;
        CollectionAssert.AreEqual(straight, StoppedAndResumed(options, nearGoals, stopAt: 82, totalSteps: 160));
    }

    private static float[] AllWeights(TrainingSession session) =>
        session.Learner.Weights(forCheckpoint: true).SelectMany(w => w.Value.ToArray()).ToArray();

    /// <summary>The weights of a run of <paramref name="options"/> stopped (checkpointed) at <paramref name="stopAt"/>
    /// steps and resumed from its checkpoint to <paramref name="totalSteps"/>.</summary>
    private static float[] StoppedAndResumed(TrainingConfiguration options, Func<IEnvironment> environment, long stopAt, long totalSteps)
    {
        options.TotalSteps = stopAt;
        string checkpoints = Path.Combine(Path.GetTempPath(), "mede-outcome-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var first = new TrainingSession(options, environment, checkpoints))
            {
                first.Run();
            }

            using var resumed = TrainingSession.Resume(checkpoints, environment, totalSteps: totalSteps);
            resumed.Run();
            return AllWeights(resumed);
        }
        finally
        {
            Directory.Delete(checkpoints, recursive: true);
        }
    }

    /// <summary>Agents 0 and 1 end one episode each at (5, 0).</summary>
    private static ReplayBuffer BothAtOneEnd()
    {
        var buffer = new ReplayBuffer(100, 2, 1);
        AddTerminal(buffer, 0, 5f, 0f);
        AddTerminal(buffer, 1, 5f, 0f);
        return buffer;
    }

    /// <summary>Agents 0 and 1 end one episode each at (5, 0), agent 2 one at (0, 5).</summary>
    private static ReplayBuffer TwoAtOneGoalOneAtAnother()
    {
        ReplayBuffer buffer = BothAtOneEnd();
        AddTerminal(buffer, 2, 0f, 5f);
        return buffer;
    }

    /// <summary>A batch of rows arriving at (X, Y), terminating or not, each with reward -1; with
    /// <paramref name="timeLeft"/>, the observation's third value is the row's time left.</summary>
    private static ReplayBatch Arrivals((int Agent, float X, float Y, bool Terminates)[] rows, float[]? timeLeft = null)
    {
        int o = timeLeft is null ? 2 : 3;
        var batch = new ReplayBatch(rows.Length, o, 1);
        for (int r = 0; r < rows.Length; r++)
        {
            batch.Rewards.Data[r] = -1f;
            batch.NotTerminated.Data[r] = rows[r].Terminates ? 0f : 1f;
            batch.NextObservations.Data[o * r] = rows[r].X;
            batch.NextObservations.Data[(o * r) + 1] = rows[r].Y;
            if (timeLeft is not null)
            {
                batch.NextObservations.Data[(o * r) + 2] = timeLeft[r];
            }

            batch.AgentsWritable[r] = rows[r].Agent;
        }

        return batch;
    }

    private static void AddTerminal(ReplayBuffer buffer, int agent, float x, float y) =>
        buffer.Add([0f, 0f], [0f], -1f, [x, y], terminated: true, truncated: false, agent);

    /// <summary>Agent 0 ends three episodes at (5, 0); agents 1 and 2 both end three at (0, 5); nobody ends at (-5, 0).</summary>
    private static ReplayBuffer OnePairAndOneAlone()
    {
        var buffer = new ReplayBuffer(100, 2, 1);
        for (int i = 0; i < 3; i++)
        {
            AddTerminal(buffer, 0, 5f, 0f);
            AddTerminal(buffer, 1, 0f, 5f);
            AddTerminal(buffer, 2, 0f, 5f);
        }

        return buffer;
    }
}
