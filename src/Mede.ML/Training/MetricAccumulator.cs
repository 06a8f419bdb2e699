using Mede.ML.Algorithms;

namespace Mede.ML.Training;

/// <summary>Running sums of update metrics between two metric records.</summary>
internal sealed class MetricAccumulator
{
    private double _critic, _policy, _alpha, _entropy, _q, _logQStateAction, _logQState;
    private int _updates, _discriminatorSteps;

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
    }

    public void AddDiscriminability(double logQStateAction, double logQState)
    {
        _logQStateAction += logQStateAction;
        _logQState += logQState;
        _discriminatorSteps++;
        LastLogQStateAction = logQStateAction;
        LastLogQState = logQState;
    }

    public IEnumerable<(string Name, double Value)> Means()
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
    /// that never stopped.</summary>
    public void Write(BinaryWriter writer)
    {
        foreach (double sum in new[] { _critic, _policy, _alpha, _entropy, _q, _logQStateAction, _logQState, LastLogQStateAction, LastLogQState })
        {
            writer.Write(sum);
        }

        writer.Write(_updates);
        writer.Write(_discriminatorSteps);
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
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
    }

    public void Clear()
    {
        _critic = _policy = _alpha = _entropy = _q = _logQStateAction = _logQState = 0;
        _updates = _discriminatorSteps = 0;
    }
}
