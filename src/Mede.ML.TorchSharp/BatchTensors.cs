using Mede.ML.Replay;
using static TorchSharp.torch;

namespace Mede.ML.TorchSharp;

/// <summary>
/// A <see cref="ReplayBatch"/> on the learner's device, in tensors allocated once (at the first batch, and again only if
/// the batch size changes) and refilled in place: the update allocates no tensor for its inputs.
/// </summary>
internal sealed class BatchTensors(Device device, int observationSize, int actionSize, int agents) : IDisposable
{
    private readonly List<Tensor> _owned = [];
    private float[] _oneHot = [];
    private long[] _agents = [];
    private int _rows;

    public Tensor Observations { get; private set; } = null!;

    public Tensor Actions { get; private set; } = null!;

    public Tensor Rewards { get; private set; } = null!;

    public Tensor NextObservations { get; private set; } = null!;

    public Tensor Bootstraps { get; private set; } = null!;

    /// <summary>The agents as an int64 [rows, 1] column, for gather.</summary>
    public Tensor Agents { get; private set; } = null!;

    /// <summary>The agents' one-hot codes, [rows, K].</summary>
    public Tensor OneHot { get; private set; } = null!;

    /// <summary>eps of the next actions in the soft target, [rows, n].</summary>
    public Tensor NextNoise { get; private set; } = null!;

    /// <summary>eps of the policy's actions, [rows, n].</summary>
    public Tensor Noise { get; private set; } = null!;

    /// <summary>Staging for noise drawn by the Mede.ML generators, [rows * n].</summary>
    public float[] NoiseStaging { get; private set; } = [];

    public void Fill(ReplayBatch batch)
    {
        if (batch.BatchSize != _rows)
        {
            Allocate(batch.BatchSize);
        }

        TorchCopy.From(batch.Observations.Data, Observations);
        TorchCopy.From(batch.Actions.Data, Actions);
        TorchCopy.From(batch.Rewards.Data, Rewards);
        TorchCopy.From(batch.NextObservations.Data, NextObservations);
        TorchCopy.From(batch.Bootstraps.Data, Bootstraps);
        ReadOnlySpan<int> agentIds = batch.Agents;
        Array.Clear(_oneHot);
        for (int r = 0; r < _rows; r++)
        {
            _agents[r] = agentIds[r];
            _oneHot[r * agents + agentIds[r]] = 1f;
        }

        TorchCopy.From(_oneHot, OneHot);
        using Tensor host = tensor(_agents, [_rows, 1]);
        using var noGrad = no_grad();
        Agents.copy_(host);
    }

    private void Allocate(int rows)
    {
        Dispose();
        _rows = rows;
        Observations = Own(zeros(rows, observationSize, device: device));
        Actions = Own(zeros(rows, actionSize, device: device));
        Rewards = Own(zeros(rows, 1, device: device));
        NextObservations = Own(zeros(rows, observationSize, device: device));
        Bootstraps = Own(zeros(rows, 1, device: device));
        Agents = Own(zeros(rows, 1, dtype: ScalarType.Int64, device: device));
        OneHot = Own(zeros(rows, agents, device: device));
        NextNoise = Own(zeros(rows, actionSize, device: device));
        Noise = Own(zeros(rows, actionSize, device: device));
        NoiseStaging = new float[rows * actionSize];
        _oneHot = new float[rows * agents];
        _agents = new long[rows];
    }

    private Tensor Own(Tensor t)
    {
        t.DetachFromDisposeScope();
        _owned.Add(t);
        return t;
    }

    public void Dispose()
    {
        foreach (Tensor t in _owned)
        {
            t.Dispose();
        }

        _owned.Clear();
        _rows = 0;
    }
}
