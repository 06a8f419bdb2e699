namespace Mede.ML.Neural.Layers;

/// <summary>
/// A fully connected layer, y = x W^T + b, with W of shape [out, in] and b of length out (as <c>nn.Linear</c>).
/// </summary>
/// <remarks>Initialised as PyTorch does: kaiming-uniform with a = sqrt(5), which puts every weight and bias in
/// U(-1/sqrt(in), 1/sqrt(in)).</remarks>
public sealed class Linear : Module
{
    /// <summary>Creates the layer with PyTorch's default initialisation from <paramref name="generator"/>.</summary>
    public Linear(int inputFeatures, int outputFeatures, Generator generator, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputFeatures, 1);
        ArgumentNullException.ThrowIfNull(generator);
        InputFeatures = inputFeatures;
        OutputFeatures = outputFeatures;
        float bound = 1f / MathF.Sqrt(inputFeatures);
        Weight = RegisterParameter("weight", Tensor.Zeros(outputFeatures, inputFeatures));
        generator.FillUniform(Weight.Data, -bound, bound);
        if (bias)
        {
            Bias = RegisterParameter("bias", Tensor.Zeros(outputFeatures));
            generator.FillUniform(Bias.Data, -bound, bound);
        }
    }

    /// <summary>Input width.</summary>
    public int InputFeatures { get; }

    /// <summary>Output width.</summary>
    public int OutputFeatures { get; }

    /// <summary>W, shape [out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>b, length out, or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Tensor.Linear(input, Weight, Bias);
}
