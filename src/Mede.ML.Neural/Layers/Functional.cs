namespace Mede.ML.Neural.Layers;

/// <summary>Losses built from tensor operations (as <c>torch.nn.functional</c>).</summary>
public static class Functional
{
    /// <summary>Mean squared error, mean((prediction - target)^2).</summary>
    public static Tensor MseLoss(Tensor prediction, Tensor target) => (prediction - target).Square().Mean();

    /// <summary>Cross-entropy of logits [batch, classes] against class indices: -mean(log_softmax(logits)[r, label[r]]).</summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> labels) => -logits.LogSoftmax().Gather(labels).Mean();
}
