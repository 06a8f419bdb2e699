using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Mede.ML.Neural;
using Mede.ML.Neural.Layers;
using Mede.ML.Training;

namespace Mede.ML.Algorithms;

/// <summary>Stops training at the first NaN or infinity, before an optimiser step can spread it into weights.</summary>
internal static class FiniteGuard
{
    public static void Loss(Tensor loss, string network, string term, long step)
    {
        float value = loss.ToScalar();
        if (!float.IsFinite(value))
        {
            throw new TrainingDivergedException(network, term, step, $"the loss is {value}");
        }
    }

    /// <summary>One pass per parameter: a sum is finite only if every element is (NaN and infinities propagate,
    /// and an overflow to infinity is itself worth stopping for).</summary>
    public static void Gradients(Module module, string network, long step)
    {
        foreach (var (name, parameter) in module.NamedParameters())
        {
            if (parameter.RequiresGrad && !float.IsFinite(TensorPrimitives.Sum(parameter.Grad)))
            {
                throw new TrainingDivergedException(network, $"gradient of {name}", step, "a gradient element is not finite");
            }
        }
    }
}
