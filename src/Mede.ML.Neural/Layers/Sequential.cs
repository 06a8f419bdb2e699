namespace Mede.ML.Neural.Layers;

/// <summary>Modules applied one after another; sub-modules are named by position (<c>0</c>, <c>1</c>, ...).</summary>
public sealed class Sequential : Module
{
    private readonly Module[] _layers;

    /// <summary>Chains the given modules.</summary>
    public Sequential(params Module[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = (Module[])layers.Clone();
        for (int i = 0; i < _layers.Length; i++)
        {
            RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _layers[i]);
        }
    }

    /// <summary>The chained modules.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        Tensor x = input;
        foreach (Module layer in _layers)
        {
            x = layer.Forward(x);
        }

        return x;
    }
}
