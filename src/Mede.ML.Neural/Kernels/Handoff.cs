using System.Diagnostics;

namespace Mede.ML.Neural.Kernels;

/// <summary>
/// Waiting on the semaphores that hand work between the two cores: spin briefly, then block. The pieces of an
/// update follow each other within a fraction of a millisecond, while waking a blocked thread costs tens of
/// microseconds on a virtual machine; a thread left idle blocks after <see cref="SpinMicroseconds"/> and costs
/// nothing after that.
/// </summary>
internal static class Handoff
{
    /// <summary>How long a waiting thread spins before it blocks.</summary>
    public const int SpinMicroseconds = 200;

    private static readonly long s_spinTicks = Stopwatch.Frequency * SpinMicroseconds / 1_000_000;

    /// <summary>Takes one count of <paramref name="semaphore"/>, spinning up to <see cref="SpinMicroseconds"/> for it
    /// before blocking.</summary>
    public static void Wait(SemaphoreSlim semaphore)
    {
        if (semaphore.CurrentCount == 0 && Environment.ProcessorCount > 1)
        {
            long deadline = Stopwatch.GetTimestamp() + s_spinTicks;
            while (semaphore.CurrentCount == 0 && Stopwatch.GetTimestamp() < deadline)
            {
                Thread.SpinWait(16);
            }
        }

        semaphore.Wait();
    }
}
