namespace Mede.ML.Neural.Kernels;

/// <summary>
/// Runs one piece of independent work (a network's forward and backward pass, say) on a persistent background
/// thread while the caller does something else, when <see cref="Gemm.Threads"/> is 2: the second core takes whole
/// products of its own instead of half of each of the caller's. A run allocates nothing when the caller keeps its
/// <see cref="Action"/> in a field.
/// </summary>
/// <remarks>
/// <para>The pattern is <c>using (SecondCore.Lane lane = SecondCore.Start(work)) { ...own work...; lane.Finish(); }</c>:
/// with one thread (or when the second core is taken) <see cref="Lane.Finish"/> runs the work inline after the
/// caller's, so the two pieces must not write what the other reads: then the results are the same, bit for bit, for
/// any thread count and any timing. If the caller's own work throws, disposing the lane waits for the second core
/// and drops its outcome, so the caller's exception is the one that surfaces.</para>
/// <para>While the work runs, no product on either thread is split across the two cores (both are busy); before and
/// after, the caller's products split as usual. Splitting never changes a product's value.</para>
/// <para>The work runs on another thread, so it has that thread's <see cref="Autograd.Tape"/> and
/// <see cref="Tensor.NoGrad"/> state: tensors it makes live on that tape, and what the caller needs from them must be
/// copied out before the work's tape scope closes.</para>
/// </remarks>
public static class SecondCore
{
    private static readonly object s_gate = new();
    private static readonly SemaphoreSlim s_start = new(0);
    private static readonly SemaphoreSlim s_done = new(0);
    private static Thread? s_thread;
    private static Action? s_work;
    private static Exception? s_error;
    private static volatile bool s_busy;
    private static long s_allocated;
    private static long s_pieces;

    /// <summary>True while work started by <see cref="TryStart"/> is still running (products then stay on one core).</summary>
    internal static bool IsBusy => s_busy;

    /// <summary>Bytes the second core's thread has allocated since it started, as of the end of its last piece of
    /// work (benchmarks and tests add it to the caller's own count).</summary>
    public static long AllocatedBytes => Interlocked.Read(ref s_allocated);

    /// <summary>Pieces of work the second core has run since the process started (tests check that a two-thread run
    /// really used it).</summary>
    public static long PiecesRun => Interlocked.Read(ref s_pieces);

    /// <summary>Starts <paramref name="work"/> on the second core when it can (see <see cref="TryStart"/>); the
    /// returned lane's <see cref="Lane.Finish"/> completes it either way. With no work (null) the lane does nothing
    /// and the caller's products keep both cores.</summary>
    /// <param name="work">The work, or null; keep it in a field so that starting it allocates nothing.</param>
    public static Lane Start(Action? work) => work is null ? default : new(work, TryStart(work));

    /// <summary>Starts <paramref name="work"/> on the second core and returns true, or returns false (and runs
    /// nothing) when <see cref="Gemm.Threads"/> is 1, the backend is OpenBLAS, or another caller holds the second
    /// core. Either way, follow it with <see cref="Finish"/> on the same thread.</summary>
    /// <param name="work">The work; keep it in a field so that starting it allocates nothing.</param>
    internal static bool TryStart(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Gemm.Threads < 2 || Gemm.Backend != GemmBackend.Managed || !Monitor.TryEnter(s_gate))
        {
            return false;
        }

        if (s_work is not null || Thread.CurrentThread == s_thread)
        {
            // Re-entered by the thread that holds the second core, or by the second core itself: run inline instead.
            Monitor.Exit(s_gate);
            return false;
        }

        if (s_thread is null)
        {
            s_thread = new Thread(Run) { IsBackground = true, Name = "Mede.ML second core" };
            s_thread.Start();
        }

        s_work = work;
        s_error = null;
        s_busy = true;
        s_start.Release();
        return true;
    }

    /// <summary>Completes the work of a <see cref="TryStart"/>: waits for it when it was started on the second core
    /// (rethrowing its exception, if any, as thrown), runs it here when it was not.</summary>
    /// <param name="started">What <see cref="TryStart"/> returned.</param>
    /// <param name="work">The same work.</param>
    /// <exception cref="InvalidOperationException"><paramref name="started"/> is true but this thread holds no work.</exception>
    internal static void Finish(bool started, Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!started)
        {
            work();
            return;
        }

        if (!Monitor.IsEntered(s_gate) || !ReferenceEquals(s_work, work))
        {
            throw new InvalidOperationException("SecondCore.Finish: this thread started no such work (TryStart returned false, or Finish was already called).");
        }

        Handoff.Wait(s_done);
        Exception? error = s_error;
        s_work = null;
        s_error = null;
        Monitor.Exit(s_gate);
        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    /// <summary>Waits for started work and releases the second core without rethrowing (the caller is unwinding).</summary>
    private static void Abandon(Action work)
    {
        if (!Monitor.IsEntered(s_gate) || !ReferenceEquals(s_work, work))
        {
            return;
        }

        Handoff.Wait(s_done);
        s_work = null;
        s_error = null;
        Monitor.Exit(s_gate);
    }

    private static void Run()
    {
        while (true)
        {
            Handoff.Wait(s_start);
            try
            {
                s_work!();
            }
            catch (Exception e)
            {
                s_error = e;
            }

            Interlocked.Exchange(ref s_allocated, GC.GetAllocatedBytesForCurrentThread());
            Interlocked.Increment(ref s_pieces);
            s_busy = false;
            s_done.Release();
        }
    }

    /// <summary>A piece of work handed to the second core (or kept for inline execution); see <see cref="Start"/>.</summary>
    public readonly struct Lane : IDisposable
    {
        private readonly Action _work;
        private readonly bool _started;

        internal Lane(Action work, bool started)
        {
            _work = work;
            _started = started;
        }

        /// <summary>True when the work runs on the second core rather than inline.</summary>
        public bool IsParallel => _started;

        /// <summary>Waits for the work (rethrowing its exception) or, when it was not started, runs it now.</summary>
        public void Finish()
        {
            if (_work is not null)
            {
                SecondCore.Finish(_started, _work);
            }
        }

        /// <summary>After <see cref="Finish"/>, nothing; otherwise (the caller threw) waits for the second core and
        /// releases it, dropping the work's outcome.</summary>
        public void Dispose()
        {
            if (_started)
            {
                Abandon(_work);
            }
        }
    }
}
