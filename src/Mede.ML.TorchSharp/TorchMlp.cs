using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mede.ML.TorchSharp;

/// <summary>MLPs named as PyTorch's <c>nn.Sequential(Linear, ReLU, ..., Linear)</c> names them: <c>0.weight</c>, <c>2.weight</c> ...</summary>
internal static class TorchMlp
{
    /// <summary>Linear layers between the given sizes with ReLU after every hidden layer, none after the last.</summary>
    public static Sequential Create(IReadOnlyList<int> sizes)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i + 1 < sizes.Count; i++)
        {
            layers.Add((layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), nn.Linear(sizes[i], sizes[i + 1])));
            if (i + 2 < sizes.Count)
            {
                layers.Add((layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), nn.ReLU()));
            }
        }

        return nn.Sequential(layers);
    }
}
