namespace Mede.ML.Neural.Autograd;

/// <summary>
/// While alive, operations on this thread record no gradient history (like <c>torch.no_grad()</c>): target
/// values, evaluation and data collection. Create it with <see cref="Tensor.NoGrad"/>.
/// </summary>
public readonly struct NoGradScope : IDisposable
{
    [ThreadStatic] private static int t_depth;

    private readonly bool _active;

    private NoGradScope(bool active) => _active = active;

    /// <summary>True when gradients are being recorded on this thread.</summary>
    public static bool IsGradEnabled => t_depth == 0;

    internal static NoGradScope Enter()
    {
        t_depth++;
        return new NoGradScope(true);
    }

    /// <summary>Restores gradient recording (scopes nest).</summary>
    public void Dispose()
    {
        if (_active)
        {
            t_depth--;
        }
    }
}
