using Mede.ML.Algorithms;
using Mede.ML.Networks;
using Mede.ML.Neural;
using Mede.ML.Replay;
using Mede.ML.Training;

namespace Mede.ML.Tests.Training;

/// <summary>Which transitions each update of separate mode sees: its own agent's, or with <c>ShareExperience</c>
/// every agent's relabelled as its own, while the discriminators always learn the true agent.</summary>
[TestClass]
public sealed class UpdateScheduleTests
{
    private const int Agents = 4;
    private const int Batch = 64;

    [TestMethod]
    public void Separate_WithoutSharing_EachAgentLearnsOnlyFromItsOwnBuffer()
    {
        var (learner, _) = RunOneRound(share: false);
        for (int k = 0; k < Agents; k++)
        {
            CollectionAssert.AreEquivalent(new[] { k }, learner.SetSources[k].Distinct().ToArray(), $"agent {k}'s batch came from other buffers");
            CollectionAssert.AreEquivalent(new[] { k }, learner.SetLabels[k].Distinct().ToArray(), $"agent {k}'s batch is labelled with other agents");
        }

        AssertDiscriminatorBatchIsTrue(learner);
    }

    [TestMethod]
    public void Separate_SharingExperience_EachAgentLearnsFromEveryBufferEvenlyUnderItsOwnLabel()
    {
        var (learner, buffers) = RunOneRound(share: true);
        for (int k = 0; k < Agents; k++)
        {
            int[] perSource = [.. Enumerable.Range(0, Agents).Select(j => learner.SetSources[k].Count(s => s == j))];
            CollectionAssert.AreEqual(Enumerable.Repeat(Batch / Agents, Agents).ToArray(), perSource, $"agent {k}'s rows per source buffer");
            CollectionAssert.AreEquivalent(new[] { k }, learner.SetLabels[k].Distinct().ToArray(), $"agent {k}'s batch must be relabelled as agent {k}'s");
        }

        // The rows are whole transitions of the source buffer (observation, action, reward and next observation
        // travel together), not a mix of fields from different draws.
        for (int k = 0; k < Agents; k++)
        {
            foreach (var (reward, observation, next, action) in learner.SetRows[k])
            {
                int source = (int)(reward / 1000f), index = (int)(reward % 1000f);
                Transition t = buffers[source].Get(index);
                Assert.AreEqual(t.Observation[0], observation, $"row of buffer {source}, transition {index}: observation");
                Assert.AreEqual(t.NextObservation[0], next, $"row of buffer {source}, transition {index}: next observation");
                Assert.AreEqual(t.Action[0], action, $"row of buffer {source}, transition {index}: action");
            }
        }

        AssertDiscriminatorBatchIsTrue(learner);
    }

    [TestMethod]
    public void ShareExperience_OutsideSeparateSkillLearning_IsRefusedByName()
    {
        TrainingConfiguration shared = TestOptions.Tiny(mode: NetworkMode.Shared);
        shared.ShareExperience = true;
        var error = Assert.ThrowsExactly<ArgumentException>(shared.Validate);
        StringAssert.Contains(error.Message, "MedeTrainer.Options.ShareExperience");
        StringAssert.Contains(error.Message, "NetworkMode = Separate");

        TrainingConfiguration sac = TestOptions.Tiny(ReinforcementAlgorithm.Sac, NetworkMode.Separate);
        sac.ShareExperience = true;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(sac.Validate).Message, "ShareExperience");

        TrainingConfiguration diayn = TestOptions.Tiny(ReinforcementAlgorithm.Diayn, NetworkMode.Separate);
        diayn.ShareExperience = true;
        diayn.Validate();
    }

    private static void AssertDiscriminatorBatchIsTrue(RecordingLearner learner)
    {
        Assert.IsNotEmpty(learner.DiscriminatorSources, "the discriminator trainer took no step");
        CollectionAssert.AreEqual(learner.DiscriminatorSources, learner.DiscriminatorLabels, "the discriminators must learn which agent really made each transition");
    }

    private static (RecordingLearner Learner, ReplayBuffer[] Buffers) RunOneRound(bool share)
    {
        TrainingConfiguration options = TestOptions.Tiny(mode: NetworkMode.Separate, agents: Agents);
        options.BatchSize = Batch;
        options.WarmupSteps = 0;
        options.ShareExperience = share;
        options.Validate();

        // Buffer j holds agent j's transitions; the reward encodes (buffer, index) so each sampled row names its source.
        var g = new Generator(7);
        ReplayBuffer[] buffers = [.. Enumerable.Range(0, Agents).Select(j =>
        {
            var buffer = new ReplayBuffer(100, 2, 1);
            for (int i = 0; i < 50; i++)
            {
                buffer.Add([g.NextUniform(), g.NextUniform()], [g.NextUniform()], j * 1000 + i, [g.NextUniform(), g.NextUniform()], false, false, j);
            }

            return buffer;
        })];
        var learner = new RecordingLearner();
        var schedule = new UpdateSchedule(learner, options, buffers, new Generator(1), [.. Enumerable.Range(0, Agents).Select(k => new Generator(10 + (ulong)k))], new MetricAccumulator(), horizon: 30, options.OutcomeWeight);
        schedule.AfterRound(stepAtStart: 0, active: Agents);
        return (learner, buffers);
    }

    /// <summary>Records the batches it is given; it learns nothing.</summary>
    private sealed class RecordingLearner : ILearner
    {
        public List<int>[] SetSources { get; } = [.. Enumerable.Range(0, Agents).Select(_ => new List<int>())];

        public List<int>[] SetLabels { get; } = [.. Enumerable.Range(0, Agents).Select(_ => new List<int>())];

        public List<(float Reward, float Observation, float Next, float Action)>[] SetRows { get; } = [.. Enumerable.Range(0, Agents).Select(_ => new List<(float, float, float, float)>())];

        public List<int> DiscriminatorSources { get; } = [];

        public List<int> DiscriminatorLabels { get; } = [];

        public int NumberOfAgents => Agents;

        public int ObservationSize => 2;

        public int ActionSize => 1;

        public int NetworkSets => Agents;

        public bool TrainsDiscriminatorsApart => true;

        public float Alpha => 0.3f;

        public UpdateMetrics Update(int set, ReplayBatch batch, long step)
        {
            for (int r = 0; r < batch.BatchSize; r++)
            {
                float reward = batch.Rewards.Data[r];
                SetSources[set].Add((int)(reward / 1000f));
                SetLabels[set].Add(batch.Agents[r]);
                SetRows[set].Add((reward, batch.Observations.Data[2 * r], batch.NextObservations.Data[2 * r], batch.Actions.Data[r]));
            }

            return default;
        }

        public Discriminability UpdateDiscriminators(ReplayBatch batch, long step)
        {
            for (int r = 0; r < batch.BatchSize; r++)
            {
                DiscriminatorSources.Add((int)(batch.Rewards.Data[r] / 1000f));
                DiscriminatorLabels.Add(batch.Agents[r]);
            }

            return default;
        }

        public void SyncDiscriminators()
        {
        }

        public void Act(ReadOnlySpan<float> observations, ReadOnlySpan<int> agents, bool deterministic, Span<float> actions) => throw new NotSupportedException();

        public void Score(ReadOnlySpan<float> observations, ReadOnlySpan<float> actions, ReadOnlySpan<int> agents, Span<float> agentScores, Span<float> q) => throw new NotSupportedException();

        public IEnumerable<(string Name, Tensor Value)> Weights(bool forCheckpoint) => throw new NotSupportedException();

        public void LoadWeights(IReadOnlyDictionary<string, Tensor> weights, string source) => throw new NotSupportedException();

        public IEnumerable<(string Name, Tensor Value)> OptimizerState() => throw new NotSupportedException();

        public void LoadOptimizerState(IReadOnlyDictionary<string, Tensor> state, string source) => throw new NotSupportedException();

        public void SaveRandomState(BinaryWriter writer) => throw new NotSupportedException();

        public void LoadRandomState(BinaryReader reader) => throw new NotSupportedException();

        public ModelNetworks ToModel() => throw new NotSupportedException();
    }
}
