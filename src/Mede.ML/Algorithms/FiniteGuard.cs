using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Mede.ML.Neural;
using Mede.ML.Neural.Layers;
using Mede.ML.Training;

namespace Mede.ML.Algorithms;

/// <summary>Stops training at the first NaN or infinity, before an optimiser step can spread it into weights.</summary>
internal static class FiniteGuard
{
    /// <summary>Checks a scalar loss. The network's name is "<paramref name="role"/> (<paramref name="owner"/>)",
    /// built only when the check fails, so the steady state allocates nothing.</summary>
    public static void Loss(Tensor loss, string role, string owner, string term, long step)
    {
        Loss(loss.ToScalar(), role, owner, term, step);
    }

    /// <summary>Checks a loss already read out of its tensor (a term computed on the second core).</summary>
    public static void Loss(float value, string role, string owner, string term, long step)
    {
        if (!float.IsFinite(value))
        {
            throw new TrainingDivergedException($"{role} ({owner})", term, step, $"the loss is {value}");
        }
    }

    /// <summary>One pass per parameter: a sum is finite only if every element is (NaN and infinities propagate,
    /// and an overflow to infinity is itself worth stopping for).</summary>
    public static void Gradients(Module module, string role, string owner, long step)
    {
        var parameters = module.NamedParameters();
        for (int i = 0; i < parameters.Count; i++)
        {
            var (name, parameter) = parameters[i];
            if (parameter.RequiresGrad && !float.IsFinite(TensorPrimitives.Sum(parameter.Grad)))
            {
                throw new TrainingDivergedException($"{role} ({owner})", $"gradient of {name}", step, "a gradient element is not finite");
            }
        }
    }
}
