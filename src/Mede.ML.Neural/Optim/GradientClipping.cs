namespace Mede.ML.Neural.Optim;

/// <summary>Gradient clipping by global norm, as <c>torch.nn.utils.clip_grad_norm_</c>.</summary>
public static class GradientClipping
{
    /// <summary>Scales every gradient by min(1, maxNorm / (norm + 1e-6)), where norm is the L2 norm of all
    /// gradients together.</summary>
    /// <returns>The global norm before clipping (NaN or infinity if a gradient is not finite).</returns>
    public static float ClipByGlobalNorm(IReadOnlyList<Tensor> parameters, float maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum norm must be positive.");
        }

        double sumOfSquares = 0;
        foreach (Tensor p in parameters)
        {
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(p.Grad);
            sumOfSquares += (double)norm * norm;
        }

        float total = (float)Math.Sqrt(sumOfSquares);
        float scale = maxNorm / (total + 1e-6f);
        if (scale < 1f)
        {
            foreach (Tensor p in parameters)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(p.Grad, scale, p.Grad);
            }
        }

        return total;
    }
}
