using Mede.ML.Neural;
using Mede.ML.Neural.Layers;

namespace Mede.ML.Networks;

/// <summary>Small helpers over a module's named weights, shared by the typed networks.</summary>
internal static class NetworkWeights
{
    /// <summary>The module's parameters with <paramref name="prefix"/> before their PyTorch names.</summary>
    public static IEnumerable<(string Name, Tensor Value)> Named(string prefix, Module module) =>
        module.NamedParameters().Select(p => (prefix + p.Name, p.Parameter));

    /// <summary>Sets <see cref="Tensor.RequiresGrad"/> on every parameter of <paramref name="module"/>.</summary>
    public static void SetRequiresGrad(Module module, bool value)
    {
        var parameters = module.NamedParameters();
        for (int i = 0; i < parameters.Count; i++)
        {
            parameters[i].Parameter.RequiresGrad = value;
        }
    }
}
