namespace Mede.ML.Neural.Layers;

/// <summary>The hidden-layer non-linearities an <see cref="Mlp"/> can use.</summary>
public enum Activation
{
    /// <summary>No non-linearity.</summary>
    Identity,

    /// <summary>max(x, 0).</summary>
    ReLU,

    /// <summary>tanh(x).</summary>
    Tanh,
}
