namespace Mede.ML.Neural.Layers;

/// <summary>Builds multi-layer perceptrons as <see cref="Sequential"/> stacks of <see cref="Linear"/> layers.</summary>
public static class Mlp
{
    /// <summary>
    /// An MLP with the given layer sizes: <c>Create([15, 256, 256, 1], ...)</c> is 15 -> 256 -> 256 -> 1 with the
    /// activation after every hidden layer and <paramref name="output"/> after the last.
    /// </summary>
    public static Sequential Create(IReadOnlyList<int> sizes, Activation hidden, Generator generator, Activation output = Activation.Identity)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2)
        {
            throw new ArgumentException($"An MLP needs at least an input and an output size, got [{string.Join(", ", sizes)}].");
        }

        var layers = new List<Module>();
        for (int i = 0; i + 1 < sizes.Count; i++)
        {
            layers.Add(new Linear(sizes[i], sizes[i + 1], generator));
            Activation activation = i + 2 < sizes.Count ? hidden : output;
            switch (activation)
            {
                case Activation.ReLU: layers.Add(new ReLU()); break;
                case Activation.Tanh: layers.Add(new Tanh()); break;
            }
        }

        return new Sequential([.. layers]);
    }
}
