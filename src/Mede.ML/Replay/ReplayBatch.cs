using Mede.ML.Neural;

namespace Mede.ML.Replay;

/// <summary>
/// A batch of transitions sampled from a <see cref="ReplayBuffer"/>, as tensors ready for the update steps. The
/// batch is allocated once and refilled in place by every <see cref="ReplayBuffer.Sample"/>.
/// </summary>
public sealed class ReplayBatch
{
    private readonly int[] _agents;
    private readonly int _observationSize;
    private float[]? _episodeEnds;
    private int[]? _episodeLengths;

    /// <summary>Allocates a batch for the given sizes; <paramref name="bootstrapTimeLimits"/> says whether
    /// <see cref="Bootstraps"/> keeps the bootstrap where a time limit cut the episode.</summary>
    public ReplayBatch(int batchSize, int observationSize, int actionSize, bool bootstrapTimeLimits = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        BatchSize = batchSize;
        Observations = Tensor.Zeros(batchSize, observationSize);
        Actions = Tensor.Zeros(batchSize, actionSize);
        Rewards = Tensor.Zeros(batchSize, 1);
        NextObservations = Tensor.Zeros(batchSize, observationSize);
        NotTerminated = Tensor.Zeros(batchSize, 1);
        Bootstraps = Tensor.Zeros(batchSize, 1);
        BootstrapTimeLimits = bootstrapTimeLimits;
        _agents = new int[batchSize];
        _observationSize = observationSize;
    }

    /// <summary>Rows in the batch.</summary>
    public int BatchSize { get; }

    /// <summary>s, [batch, observation].</summary>
    public Tensor Observations { get; }

    /// <summary>a, [batch, action], in the policy's (-1, 1) scale.</summary>
    public Tensor Actions { get; }

    /// <summary>r, [batch, 1], as the environment returned it (reward scale is applied by the learner).</summary>
    public Tensor Rewards { get; }

    /// <summary>s', [batch, observation].</summary>
    public Tensor NextObservations { get; }

    /// <summary>1 - terminated, [batch, 1]: 0 where the episode terminated at s' (not where a time limit cut it).</summary>
    public Tensor NotTerminated { get; }

    /// <summary>Whether the soft Bellman target bootstraps from s' where a time limit cut the episode
    /// (<c>BootstrapTimeLimits</c>).</summary>
    public bool BootstrapTimeLimits { get; }

    /// <summary>1 where the soft Bellman target bootstraps from s', [batch, 1]: 0 where the episode terminated at s',
    /// and where a time limit cut it unless <see cref="BootstrapTimeLimits"/>.</summary>
    public Tensor Bootstraps { get; }

    /// <summary>The agent (latent skill z) that collected each transition.</summary>
    public ReadOnlySpan<int> Agents => _agents;

    internal Span<int> AgentsWritable => _agents;

    /// <summary>Whether sampling also records, for each row, where its episode terminated and how many transitions
    /// it had (<see cref="EpisodeEnds"/>, <see cref="EpisodeLengths"/>): what an outcome score spread over the episode
    /// needs (<c>OutcomePayment</c> Spread). Off by default: finding them walks the episode.</summary>
    internal bool RecordsEpisodeEnds
    {
        get => _episodeLengths is not null;
        set
        {
            if (value && _episodeLengths is null)
            {
                _episodeLengths = new int[BatchSize];
                _episodeEnds = new float[BatchSize * _observationSize];
            }
            else if (!value)
            {
                _episodeLengths = null;
                _episodeEnds = null;
            }
        }
    }

    /// <summary>With <see cref="RecordsEpisodeEnds"/>: each row's episode's last next observation, where it terminated,
    /// [batch x observation] (meaningful where <see cref="EpisodeLengths"/> is positive).</summary>
    internal ReadOnlySpan<float> EpisodeEnds => _episodeEnds;

    /// <summary>With <see cref="RecordsEpisodeEnds"/>: each row's episode's length in transitions; 0 where the episode
    /// did not terminate (a time limit cut it, it is still running) or began before the buffer's oldest row.</summary>
    internal ReadOnlySpan<int> EpisodeLengths => _episodeLengths;

    internal Span<float> EpisodeEndsWritable => _episodeEnds;

    internal Span<int> EpisodeLengthsWritable => _episodeLengths;
}
