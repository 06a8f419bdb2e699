namespace Mede.ML.Neural.Kernels;

/// <summary>
/// A persistent background thread that computes the right-hand column band of a split product while the caller
/// computes the left one. Hand-off is by two semaphores over static fields, so a split product allocates nothing
/// (Parallel.For would allocate a closure and task state per call).
/// </summary>
internal static unsafe class GemmWorker
{
    private static readonly object s_gate = new();
    private static readonly SemaphoreSlim s_start = new(0);
    private static readonly SemaphoreSlim s_done = new(0);
    private static Thread? s_thread;

    private static bool s_transA, s_transB;
    private static int s_m, s_n, s_k, s_lda, s_ldb, s_ldc;
    private static float s_alpha, s_beta;
    private static float* s_a, s_b, s_c;
    private static Exception? s_error;

    public static void MultiplySplit(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        // The left band is a multiple of the kernel width so both halves run full tiles where possible.
        int nr = ManagedGemm.NR;
        int left = (n / 2 + nr - 1) / nr * nr;
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            lock (s_gate)
            {
                EnsureStarted();
                (s_transA, s_transB, s_m, s_n, s_k, s_alpha, s_beta) = (transA, transB, m, n - left, k, alpha, beta);
                (s_lda, s_ldb, s_ldc) = (lda, ldb, ldc);
                s_a = pa;
                s_b = transB ? pb + (long)left * ldb : pb + left;
                s_c = pc + left;
                s_error = null;
                s_start.Release();
                ManagedGemm.Multiply(transA, transB, m, left, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                s_done.Wait();
                if (s_error is not null)
                {
                    throw new InvalidOperationException("The GEMM worker thread failed.", s_error);
                }
            }
        }
    }

    private static void EnsureStarted()
    {
        if (s_thread is not null)
        {
            return;
        }

        s_thread = new Thread(Run) { IsBackground = true, Name = "Mede.ML GEMM worker" };
        s_thread.Start();
    }

    private static void Run()
    {
        while (true)
        {
            s_start.Wait();
            try
            {
                ManagedGemm.Multiply(s_transA, s_transB, s_m, s_n, s_k, s_alpha, s_a, s_lda, s_b, s_ldb, s_beta, s_c, s_ldc);
            }
            catch (Exception e)
            {
                s_error = e;
            }

            s_done.Release();
        }
    }
}
