using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using ManagedTensor = Mede.ML.Neural.Tensor;

namespace Mede.ML.TorchSharp;

/// <summary>
/// Adam (Kingma and Ba 2015) over TorchSharp parameters, written as the managed engine's <c>Optim.Adam</c> is:
/// p -= (lr / c1) m / (sqrt(v) / sqrt(c2) + eps), the PyTorch form. Its state is exported under the managed engine's
/// names (<c>0.exp_avg</c>, <c>0.exp_avg_sq</c>, ..., <c>step</c>), so checkpoints move between the backends. Every
/// buffer is allocated once; a step allocates no tensor.
/// </summary>
internal sealed class TorchAdam : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _m;
    private readonly Tensor[] _v;
    private readonly Tensor[] _denominator;
    private readonly float _learningRate, _beta1 = 0.9f, _beta2 = 0.999f, _epsilon = 1e-8f;
    // Held for the optimizer's lifetime: a temporary scalar could be freed while libtorch reads it (TorchScalars).
    private readonly Scalar _decay1, _rate1, _decay2, _rate2, _epsilonScalar;

    public TorchAdam(IEnumerable<Parameter> parameters, float learningRate)
    {
        _parameters = [.. parameters];
        _learningRate = learningRate;
        _m = [.. _parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _v = [.. _parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _denominator = [.. _parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        (_decay1, _rate1, _decay2, _rate2, _epsilonScalar) = (_beta1.ToScalar(), (1 - _beta1).ToScalar(), _beta2.ToScalar(), (1 - _beta2).ToScalar(), _epsilon.ToScalar());
    }

    public IReadOnlyList<Parameter> Parameters => _parameters;

    public long StepCount { get; private set; }

    public void ZeroGrad()
    {
        foreach (Parameter p in _parameters)
        {
            using Tensor? grad = p.grad;
            grad?.zero_();
        }
    }

    public void Step()
    {
        StepCount++;
        double correction1 = 1 - Math.Pow(_beta1, StepCount), correction2 = 1 - Math.Pow(_beta2, StepCount);
        using Scalar minusStepSize = (-(float)(_learningRate / correction1)).ToScalar();
        using Scalar inverseSqrtC2 = ((float)(1 / Math.Sqrt(correction2))).ToScalar();
        using var noGrad = no_grad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            using Tensor? grad = _parameters[i].grad;
            if (grad is null)
            {
                continue;
            }

            _m[i].mul_(_decay1).add_(grad, alpha: _rate1);
            _v[i].mul_(_decay2).addcmul_(grad, grad, value: _rate2);
            _denominator[i].copy_(_v[i]).sqrt_().mul_(inverseSqrtC2).add_(_epsilonScalar);
            _parameters[i].addcdiv_(_m[i], _denominator[i], value: minusStepSize);
        }
    }

    /// <summary>The state as managed tensors shaped like <paramref name="shapes"/> (the managed parameters' shapes).</summary>
    public IEnumerable<(string Name, ManagedTensor Value)> StateTensors(IReadOnlyList<ManagedTensor> shapes)
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            yield return ($"{i}.exp_avg", ManagedTensor.FromArray(TorchCopy.ToArray(_m[i]), shapes[i].Rows, shapes[i].Columns));
            yield return ($"{i}.exp_avg_sq", ManagedTensor.FromArray(TorchCopy.ToArray(_v[i]), shapes[i].Rows, shapes[i].Columns));
        }

        // The step count as two exact float halves, as the managed Adam writes it.
        yield return ("step", ManagedTensor.FromArray([(float)(StepCount >> 24), (float)(StepCount & 0xFFFFFF)], 1, 2));
    }

    public void LoadStateTensors(IReadOnlyDictionary<string, ManagedTensor> state)
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            TorchCopy.From(Entry(state, $"{i}.exp_avg", _m[i]).Data, _m[i]);
            TorchCopy.From(Entry(state, $"{i}.exp_avg_sq", _v[i]).Data, _v[i]);
        }

        if (!state.TryGetValue("step", out ManagedTensor? step) || step.Count != 2)
        {
            throw new InvalidDataException("Adam state: the 'step' entry is missing or not two values.");
        }

        StepCount = ((long)step.Data[0] << 24) + (long)step.Data[1];

        static ManagedTensor Entry(IReadOnlyDictionary<string, ManagedTensor> state, string name, Tensor into)
        {
            if (!state.TryGetValue(name, out ManagedTensor? t))
            {
                throw new InvalidDataException($"Adam state: the entry '{name}' is missing.");
            }

            if (t.Count != into.numel())
            {
                throw new InvalidDataException($"Adam state: '{name}' holds {t.Count} values, the parameter {into.numel()}.");
            }

            return t;
        }
    }

    public void Dispose()
    {
        foreach (Tensor t in _m.Concat(_v).Concat(_denominator))
        {
            t.Dispose();
        }

        foreach (Scalar s in new[] { _decay1, _rate1, _decay2, _rate2, _epsilonScalar })
        {
            s.Dispose();
        }
    }
}
