using System.Numerics.Tensors;
using Mede.ML.Neural.Layers;

namespace Mede.ML.Neural.Optim;

/// <summary>Polyak (soft) averaging of target networks: target = (1 - tau) * target + tau * source.</summary>
public static class Polyak
{
    /// <summary>Moves every parameter of <paramref name="target"/> a fraction tau toward <paramref name="source"/>.</summary>
    public static void Update(Module target, Module source, float tau)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        if (!(tau is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(tau), tau, "The smoothing coefficient tau must lie in [0, 1].");
        }

        var targets = target.NamedParameters();
        var sources = source.NamedParameters();
        if (targets.Count != sources.Count)
        {
            throw new ArgumentException($"Polyak: the target has {targets.Count} parameters, the source {sources.Count}.");
        }

        for (int i = 0; i < targets.Count; i++)
        {
            Span<float> t = targets[i].Parameter.Data;
            ReadOnlySpan<float> s = sources[i].Parameter.Data;
            if (t.Length != s.Length)
            {
                throw new ArgumentException($"Polyak: '{targets[i].Name}' is {targets[i].Parameter.Shape}, the source's is {sources[i].Parameter.Shape}.");
            }

            // t = t + tau * (s - t), in two vectorised passes over the parameter.
            TensorPrimitives.Multiply(t, 1f - tau, t);
            TensorPrimitives.MultiplyAdd(s, tau, t, t);
        }
    }
}
