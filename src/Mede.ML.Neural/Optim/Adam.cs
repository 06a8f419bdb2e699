using System.Numerics;

namespace Mede.ML.Neural.Optim;

/// <summary>
/// Adam (Kingma and Ba, 2015), as <c>torch.optim.Adam</c>: m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
/// p -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps). Weight decay, when set, is PyTorch's L2 form
/// (g += wd * p before the moments), not AdamW.
/// </summary>
public sealed class Adam
{
    private readonly Tensor[] _parameters;
    private readonly float[][] _m;
    private readonly float[][] _v;

    /// <summary>Creates the optimiser over <paramref name="parameters"/> (each must require a gradient).</summary>
    public Adam(IEnumerable<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        foreach (Tensor p in _parameters)
        {
            if (!p.RequiresGrad)
            {
                throw new ArgumentException($"Adam: a {p.Shape} parameter does not require a gradient.");
            }
        }

        if (!(learningRate >= 0f) || !(beta1 is >= 0f and < 1f) || !(beta2 is >= 0f and < 1f) || !(epsilon > 0f) || !(weightDecay >= 0f))
        {
            throw new ArgumentException(
                $"Adam: invalid hyperparameters lr={learningRate}, betas=({beta1}, {beta2}), eps={epsilon}, weight decay={weightDecay}.");
        }

        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        _m = _parameters.Select(p => new float[p.Count]).ToArray();
        _v = _parameters.Select(p => new float[p.Count]).ToArray();
    }

    /// <summary>The step size lr.</summary>
    public float LearningRate { get; set; }

    /// <summary>Decay of the first moment, b1.</summary>
    public float Beta1 { get; }

    /// <summary>Decay of the second moment, b2.</summary>
    public float Beta2 { get; }

    /// <summary>eps, added to the denominator.</summary>
    public float Epsilon { get; }

    /// <summary>L2 penalty added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <summary>Number of steps taken (t).</summary>
    public long StepCount { get; private set; }

    /// <summary>The parameters being optimised.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (Tensor p in _parameters)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Applies one update from the accumulated gradients.</summary>
    public void Step()
    {
        StepCount++;
        float b1 = Beta1, b2 = Beta2;
        float correction1 = 1f - MathF.Pow(b1, StepCount);
        float correction2 = 1f - MathF.Pow(b2, StepCount);
        // Folding the bias corrections into two scalars: p -= (lr / c1) * m / (sqrt(v) / sqrt(c2) + eps).
        float stepSize = LearningRate / correction1;
        float inverseSqrtC2 = 1f / MathF.Sqrt(correction2);
        for (int i = 0; i < _parameters.Length; i++)
        {
            Update(_parameters[i].Data, _parameters[i].Grad, _m[i], _v[i], b1, b2, stepSize, inverseSqrtC2, Epsilon, WeightDecay);
        }
    }

    /// <summary>The optimiser state as named tensors (<c>{i}.exp_avg</c>, <c>{i}.exp_avg_sq</c>, <c>step</c>), in
    /// the vocabulary of PyTorch's state dict, for checkpoints.</summary>
    public IReadOnlyList<(string Name, Tensor Value)> StateTensors()
    {
        var list = new List<(string, Tensor)>(2 * _parameters.Length + 1);
        for (int i = 0; i < _parameters.Length; i++)
        {
            list.Add(($"{i}.exp_avg", Tensor.FromArray(_m[i], _parameters[i].Rows, _parameters[i].Columns)));
            list.Add(($"{i}.exp_avg_sq", Tensor.FromArray(_v[i], _parameters[i].Rows, _parameters[i].Columns)));
        }

        // The step count as two exact float halves (a float holds integers exactly only up to 2^24).
        list.Add(("step", Tensor.FromArray([(float)(StepCount >> 24), (float)(StepCount & 0xFFFFFF)], 1, 2)));
        return list;
    }

    /// <summary>Restores what <see cref="StateTensors"/> returned.</summary>
    public void LoadStateTensors(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        for (int i = 0; i < _parameters.Length; i++)
        {
            Copy(state, $"{i}.exp_avg", _m[i]);
            Copy(state, $"{i}.exp_avg_sq", _v[i]);
        }

        if (!state.TryGetValue("step", out Tensor? step) || step.Count != 2)
        {
            throw new InvalidDataException("Adam state: the 'step' entry is missing or not two values.");
        }

        StepCount = ((long)step.Data[0] << 24) + (long)step.Data[1];

        static void Copy(IReadOnlyDictionary<string, Tensor> state, string name, float[] into)
        {
            if (!state.TryGetValue(name, out Tensor? t))
            {
                throw new InvalidDataException($"Adam state: the entry '{name}' is missing.");
            }

            if (t.Count != into.Length)
            {
                throw new InvalidDataException($"Adam state: '{name}' holds {t.Count} values, the parameter {into.Length}.");
            }

            t.Data.CopyTo(into);
        }
    }

    private static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float b1, float b2, float stepSize, float inverseSqrtC2, float eps, float weightDecay)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && weightDecay == 0f)
        {
            int width = Vector<float>.Count;
            var vb1 = new Vector<float>(b1);
            var vb2 = new Vector<float>(b2);
            var v1b1 = new Vector<float>(1f - b1);
            var v1b2 = new Vector<float>(1f - b2);
            var vstep = new Vector<float>(stepSize);
            var vinv = new Vector<float>(inverseSqrtC2);
            var veps = new Vector<float>(eps);
            for (; i <= p.Length - width; i += width)
            {
                var gi = new Vector<float>(g.Slice(i));
                var mi = vb1 * new Vector<float>(m.Slice(i)) + v1b1 * gi;
                var vi = vb2 * new Vector<float>(v.Slice(i)) + v1b2 * gi * gi;
                mi.CopyTo(m.Slice(i));
                vi.CopyTo(v.Slice(i));
                var pi = new Vector<float>(p.Slice(i)) - vstep * mi / (Vector.SquareRoot(vi) * vinv + veps);
                pi.CopyTo(p.Slice(i));
            }
        }

        for (; i < p.Length; i++)
        {
            float gi = g[i] + weightDecay * p[i];
            m[i] = b1 * m[i] + (1f - b1) * gi;
            v[i] = b2 * v[i] + (1f - b2) * gi * gi;
            p[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) * inverseSqrtC2 + eps);
        }
    }
}
