namespace Mede.ML.Neural.Kernels;

/// <summary>
/// Splits one product into two column bands: the right one on <see cref="SecondCore"/>, the left one on the caller;
/// or runs two products at once, one on each.
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
            band.Set(transA, transB, m, n - left, k, alpha, pa, lda, transB ? pb + (long)left * ldb : pb + left, ldb, beta, pc + left, ldc);
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

    /// <summary>Computes <paramref name="here"/> on the caller and <paramref name="beside"/> on the second core, each
    /// whole (inline after <paramref name="here"/> when the second core is taken).</summary>
    public static void MultiplyBeside(in GemmProduct here, in GemmProduct beside)
    {
        Band band = t_band ??= new Band();
        fixed (float* pa = beside.A)
        fixed (float* pb = beside.B)
        fixed (float* pc = beside.C)
        {
            band.Set(beside.TransA, beside.TransB, beside.M, beside.N, beside.K, beside.Alpha, pa, beside.Lda, pb, beside.Ldb, beside.Beta, pc, beside.Ldc);
            using SecondCore.Lane lane = SecondCore.Start(band.Work);
            ManagedGemm.Multiply(here.TransA, here.TransB, here.M, here.N, here.K, here.Alpha, here.A, here.Lda, here.B, here.Ldb, here.Beta, here.C, here.Ldc);
            lane.Finish();
        }
    }

    /// <summary>The right-hand band of a split product, or the product computed beside the caller's (pointers valid
    /// while the caller's <c>fixed</c> holds).</summary>
    private sealed class Band
    {
        private bool _transA, _transB;
        private int _m, _n, _k, _lda, _ldb, _ldc;
        private float _alpha, _beta;
        private float* _a, _b, _c;

        public Band() => Work = () => ManagedGemm.Multiply(_transA, _transB, _m, _n, _k, _alpha, _a, _lda, _b, _ldb, _beta, _c, _ldc);

        public Action Work { get; }

        /// <summary>Describes the product <see cref="Work"/> computes next, with ManagedGemm.Multiply's arguments.</summary>
        public void Set(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
        {
            (_transA, _transB, _m, _n, _k, _alpha, _lda, _ldb, _beta, _ldc) = (transA, transB, m, n, k, alpha, lda, ldb, beta, ldc);
            _a = a;
            _b = b;
            _c = c;
        }
    }
}
