namespace Mede.ML.Neural.Layers;

/// <summary>tanh(x) as a module.</summary>
public sealed class Tanh : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Tanh();
}
