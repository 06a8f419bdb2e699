namespace Mede.ML.Neural.Kernels;

/// <summary>
/// Splits one product into two column bands: the right one on <see cref="SecondCore"/>, the left one on the caller.
/// Each calling thread describes its right band in a job object of its own, made once, whose work delegate is
/// cached, so a split product allocates nothing (Parallel.For would allocate a closure and task state per call).
/// When the second core is taken, the caller computes the whole product.
/// </summary>
internal static unsafe class GemmWorker
{
    [ThreadStatic] private static Band? t_band;

    public static void MultiplySplit(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        // The left band is a multiple of the kernel width so both halves run full tiles where possible.
        int nr = ManagedGemm.NR;
        int left = (n / 2 + nr - 1) / nr * nr;
        Band band = t_band ??= new Band();
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            (band.TransA, band.TransB, band.M, band.N, band.K, band.Alpha, band.Beta) = (transA, transB, m, n - left, k, alpha, beta);
            (band.Lda, band.Ldb, band.Ldc) = (lda, ldb, ldc);
            band.A = pa;
            band.B = transB ? pb + (long)left * ldb : pb + left;
            band.C = pc + left;
            using SecondCore.Lane lane = SecondCore.Start(band.Work);
            if (!lane.IsParallel)
            {
                ManagedGemm.Multiply(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                return;
            }

            ManagedGemm.Multiply(transA, transB, m, left, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            lane.Finish();
        }
    }

    /// <summary>The right-hand band of a split product (pointers valid while the caller's <c>fixed</c> holds).</summary>
    private sealed class Band
    {
        public bool TransA, TransB;
        public int M, N, K, Lda, Ldb, Ldc;
        public float Alpha, Beta;
        public float* A, B, C;

        public Band() => Work = () => ManagedGemm.Multiply(TransA, TransB, M, N, K, Alpha, A, Lda, B, Ldb, Beta, C, Ldc);

        public Action Work { get; }
    }
}
