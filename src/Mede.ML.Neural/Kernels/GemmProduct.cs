namespace Mede.ML.Neural.Kernels;

/// <summary>
/// One product C = alpha * op(A) * op(B) + beta * C, described with the arguments of <see cref="Gemm.Multiply"/>, so
/// that two of them can be handed to <see cref="Gemm.MultiplyPair"/> together.
/// </summary>
internal readonly ref struct GemmProduct
{
    public GemmProduct(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        (TransA, TransB, M, N, K, Alpha, Lda, Ldb, Beta, Ldc) = (transA, transB, m, n, k, alpha, lda, ldb, beta, ldc);
        A = a;
        B = b;
        C = c;
    }

    public bool TransA { get; }

    public bool TransB { get; }

    public int M { get; }

    public int N { get; }

    public int K { get; }

    public float Alpha { get; }

    public ReadOnlySpan<float> A { get; }

    public int Lda { get; }

    public ReadOnlySpan<float> B { get; }

    public int Ldb { get; }

    public float Beta { get; }

    public Span<float> C { get; }

    public int Ldc { get; }

    /// <summary>Multiply-adds, m * n * k.</summary>
    public long MultiplyAdds => (long)M * N * K;
}
