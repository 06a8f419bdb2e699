namespace Mede.ML.Data;

/// <summary>Learns a transformer from data, as ML.NET's <c>IEstimator&lt;TTransformer&gt;</c>.</summary>
/// <typeparam name="TTransformer">The transformer that <see cref="Fit"/> returns.</typeparam>
public interface IEstimator<out TTransformer>
    where TTransformer : ITransformer
{
    /// <summary>Trains on <paramref name="input"/> and returns the fitted transformer.</summary>
    /// <param name="input">The training data.</param>
    TTransformer Fit(IDataView input);

    /// <summary>The shape of the output of the transformer <see cref="Fit"/> would return, checked without training.</summary>
    /// <param name="inputSchema">The shape of the input.</param>
    /// <exception cref="ArgumentException">A column the estimator reads is missing or of the wrong shape; the message names it.</exception>
    SchemaShape GetOutputSchema(SchemaShape inputSchema);
}
