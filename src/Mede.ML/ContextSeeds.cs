using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Mede.ML;

/// <summary>
/// Seeds drawn from an ML.NET <see cref="MLContext"/>'s random stream, the way ML.NET's own components get theirs:
/// each draw registers a child host, whose generator ML.NET seeds from the context's (from the context's seed when
/// it has one). So a context made with the same seed hands out the same seeds to components created in the same order.
/// </summary>
internal static class ContextSeeds
{
    private const string HostName = "Mede.ML";

    /// <summary>The next seed of <paramref name="context"/>'s stream (non-negative).</summary>
    public static int NextSeed(this MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        IHost host = ((IHostEnvironment)context).Register(HostName);
        return host.Rand.Next();
    }
}
