using Mede.ML.Algorithms;

namespace Mede.ML.Training;

/// <summary>Running sums of update metrics between two metric records.</summary>
internal sealed class MetricAccumulator
{
    private double _critic, _policy, _alpha, _entropy, _q, _logQStateAction, _logQState;
    private int _updates, _discriminatorSteps;
    private double[] _agentEntropy = [];
    private int[] _agentUpdates = [];

    public double LastLogQStateAction { get; private set; } = double.NaN;

    public double LastLogQState { get; private set; } = double.NaN;

    public void AddUpdate(UpdateMetrics metrics)
    {
        _critic += metrics.CriticLoss;
        _policy += metrics.PolicyLoss;
        _alpha += metrics.Alpha;
        _entropy += metrics.Entropy;
        _q += metrics.MeanQ;
        _updates++;
        ReadOnlySpan<float> byAgent = metrics.EntropyByAgent.Span;
        if (byAgent.Length > _agentEntropy.Length)
        {
            Array.Resize(ref _agentEntropy, byAgent.Length);
            Array.Resize(ref _agentUpdates, byAgent.Length);
        }

        for (int z = 0; z < byAgent.Length; z++)
        {
            if (!float.IsNaN(byAgent[z]))
            {
                _agentEntropy[z] += byAgent[z];
                _agentUpdates[z]++;
            }
        }
    }

    public void AddDiscriminability(double logQStateAction, double logQState)
    {
        _logQStateAction += logQStateAction;
        _logQState += logQState;
        _discriminatorSteps++;
        LastLogQStateAction = logQStateAction;
        LastLogQState = logQState;
    }

    /// <summary>The interval's means of the run-wide metrics (no agent), then of the per-agent ones: the policy entropy
    /// of each agent's rows, recorded as <c>entropy</c> with the agent's index beside the all-agents <c>entropy</c>.</summary>
    public IEnumerable<(string Name, int? Agent, double Value)> Means()
    {
        foreach (var (name, value) in RunMeans())
        {
            yield return (name, null, value);
        }

        for (int z = 0; z < _agentUpdates.Length; z++)
        {
            if (_agentUpdates[z] > 0)
            {
                yield return ("entropy", z, _agentEntropy[z] / _agentUpdates[z]);
            }
        }
    }

    private IEnumerable<(string Name, double Value)> RunMeans()
    {
        if (_updates > 0)
        {
            yield return ("critic_loss", _critic / _updates);
            yield return ("policy_loss", _policy / _updates);
            yield return ("alpha", _alpha / _updates);
            yield return ("entropy", _entropy / _updates);
            yield return ("q", _q / _updates);
        }

        if (_discriminatorSteps > 0)
        {
            yield return ("log_q_z_given_sa", _logQStateAction / _discriminatorSteps);
            yield return ("log_q_z_given_s", _logQState / _discriminatorSteps);
        }
    }

    /// <summary>Writes the running sums, so a run resumed from a checkpoint records the same interval means as one
    /// that never stopped. The per-agent sums come last, after their count, so checkpoints written before they existed
    /// still read (see <see cref="Read"/>).</summary>
    public void Write(BinaryWriter writer)
    {
        foreach (double sum in new[] { _critic, _policy, _alpha, _entropy, _q, _logQStateAction, _logQState, LastLogQStateAction, LastLogQState })
        {
            writer.Write(sum);
        }

        writer.Write(_updates);
        writer.Write(_discriminatorSteps);
        writer.Write(_agentUpdates.Length);
        for (int z = 0; z < _agentUpdates.Length; z++)
        {
            writer.Write(_agentEntropy[z]);
            writer.Write(_agentUpdates[z]);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote; a stream that ends before the per-agent sums (a checkpoint from a
    /// version without them) leaves them at zero.</summary>
    public void Read(BinaryReader reader)
    {
        _critic = reader.ReadDouble();
        _policy = reader.ReadDouble();
        _alpha = reader.ReadDouble();
        _entropy = reader.ReadDouble();
        _q = reader.ReadDouble();
        _logQStateAction = reader.ReadDouble();
        _logQState = reader.ReadDouble();
        LastLogQStateAction = reader.ReadDouble();
        LastLogQState = reader.ReadDouble();
        _updates = reader.ReadInt32();
        _discriminatorSteps = reader.ReadInt32();
        int agents = reader.BaseStream.Position < reader.BaseStream.Length ? reader.ReadInt32() : 0;
        if (agents < 0 || agents > 1 << 16)
        {
            throw new InvalidDataException($"The metrics' running sums name {agents} agents.");
        }

        _agentEntropy = new double[agents];
        _agentUpdates = new int[agents];
        for (int z = 0; z < agents; z++)
        {
            _agentEntropy[z] = reader.ReadDouble();
            _agentUpdates[z] = reader.ReadInt32();
        }
    }

    public void Clear()
    {
        _critic = _policy = _alpha = _entropy = _q = _logQStateAction = _logQState = 0;
        _updates = _discriminatorSteps = 0;
        Array.Clear(_agentEntropy);
        Array.Clear(_agentUpdates);
    }
}
