namespace Mede.ML.Neural.Kernels;

/// <summary>
/// The one entry point for single-precision matrix products, C = alpha * op(A) * op(B) + beta * C, row-major,
/// with op(X) = X or X^T. Every matrix product of the neural core goes through here.
/// </summary>
/// <remarks>
/// Two implementations: the managed SIMD kernel (<see cref="GemmBackend.Managed"/>) and OpenBLAS
/// (<see cref="GemmBackend.OpenBlas"/>). <see cref="Backend"/> chooses; the environment variable <c>MEDE_GEMM</c>
/// (<c>managed</c> or <c>openblas</c>) sets the starting choice. <see cref="Threads"/> = 2 splits large products
/// into two column bands computed on the caller's thread and one persistent worker, allocation-free, except while
/// <see cref="SecondCore"/> runs other work beside the caller (both cores are busy then).
/// </remarks>
public static class Gemm
{
    private static GemmBackend s_backend = ParseEnvironment();

    /// <summary>Products with at least this many multiply-adds (m*n*k) use <see cref="Threads"/> threads.</summary>
    public const long ParallelThreshold = 64L * 64 * 64;

    [ThreadStatic] private static long t_flops;
    private static long s_flops;

    /// <summary>Floating-point operations (2 m n k per product) done by GEMM on the calling thread since it
    /// started; benchmarks read it to state achieved GFLOP/s.</summary>
    public static long FlopsOnThisThread => t_flops;

    /// <summary>Floating-point operations done by GEMM on every thread since the process started (the update's
    /// work on <see cref="SecondCore"/> included).</summary>
    public static long Flops => Interlocked.Read(ref s_flops);

    /// <summary>The chosen backend. Setting <see cref="GemmBackend.OpenBlas"/> without OpenBLAS throws.</summary>
    public static GemmBackend Backend
    {
        get => s_backend == GemmBackend.Auto ? GemmBackend.Managed : s_backend;
        set
        {
            if (value == GemmBackend.OpenBlas && !OpenBlas.IsAvailable)
            {
                throw new InvalidOperationException(
                    "GemmBackend.OpenBlas was requested but OpenBLAS is not installed: run build/install-native.sh " +
                    "(Debian package libopenblas0-pthread).");
            }

            s_backend = value;
        }
    }

    /// <summary>Threads per product: 1 (default) or 2. With OpenBLAS this sets OpenBLAS's own thread count.</summary>
    public static int Threads { get; set; } = 1;

    /// <summary>The managed micro-kernel this CPU runs, e.g. <c>AVX-512 8x32</c> (rows x columns of a tile of C).</summary>
    public static string ManagedKernelName => ManagedGemm.KernelName;

    /// <summary>A one-line description of the active kernel, for benchmark reports.</summary>
    public static string Describe() => Backend == GemmBackend.OpenBlas
        ? $"OpenBLAS ({OpenBlas.CoreName}, {OpenBlas.LibraryPath}), {Threads} thread(s)"
        : $"managed {ManagedGemm.KernelName}, {Threads} thread(s)";

    /// <summary>Computes C = alpha * op(A) * op(B) + beta * C.</summary>
    /// <param name="transA">Use A^T: A is stored k x m.</param>
    /// <param name="transB">Use B^T: B is stored n x k.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>.</param>
    /// <param name="lda">Leading dimension (row stride) of A.</param>
    /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
    /// <param name="ldb">Leading dimension of B.</param>
    /// <param name="beta">Scale of the existing C; 0 overwrites (NaN in C is ignored), 1 accumulates.</param>
    /// <param name="c">C, row-major with leading dimension <paramref name="ldc"/>.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        CountFlops((long)m * n * k);
        if (Backend == GemmBackend.OpenBlas)
        {
            OpenBlas.SetThreads(Threads);
            if (m > 0 && n > 0)
            {
                OpenBlas.Sgemm(transA, transB, m, n, Math.Max(k, 0), alpha, a, Math.Max(lda, 1), b, Math.Max(ldb, 1), beta, c, ldc);
            }

            return;
        }

        if (Threads > 1 && !SecondCore.IsBusy && (long)m * n * k >= ParallelThreshold && n >= 2 * ManagedGemm.NR)
        {
            GemmWorker.MultiplySplit(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }

        ManagedGemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// Computes two independent products (neither reads what the other writes: a layer's input and weight gradients,
    /// say). With <see cref="Threads"/> = 2, the managed backend, the second core free and both products at least
    /// <see cref="ParallelThreshold"/>, <paramref name="beside"/> runs whole on the second core while
    /// <paramref name="here"/> runs whole on the caller: two products of a few hundred columns gain more from a core
    /// each than from splitting each across both. Otherwise they run one after the other as <see cref="Multiply"/>
    /// runs them. Either way each result is the same, bit for bit.
    /// </summary>
    internal static void MultiplyPair(in GemmProduct here, in GemmProduct beside)
    {
        if (Backend == GemmBackend.Managed && Threads > 1 && !SecondCore.IsBusy && Square(here) && Square(beside))
        {
            Validate(here);
            Validate(beside);
            CountFlops(here.MultiplyAdds + beside.MultiplyAdds);
            GemmWorker.MultiplyBeside(here, beside);
            return;
        }

        MultiplyOne(here);
        MultiplyOne(beside);
    }

    /// <summary>At least <see cref="ParallelThreshold"/> and no dimension below a kernel tile's width: a product with a
    /// thin side (a layer of a few outputs) runs far below the kernel's peak, so two of unequal shape take unequal
    /// times, and splitting each keeps both cores busy better.</summary>
    private static bool Square(in GemmProduct p) =>
        p.MultiplyAdds >= ParallelThreshold && Math.Min(p.M, Math.Min(p.N, p.K)) >= ManagedGemm.NR;

    /// <summary>Adds 2 flops per multiply-add to <see cref="FlopsOnThisThread"/> and <see cref="Flops"/>.</summary>
    private static void CountFlops(long multiplyAdds)
    {
        long flops = 2 * multiplyAdds;
        t_flops += flops;
        Interlocked.Add(ref s_flops, flops);
    }

    private static void MultiplyOne(in GemmProduct p) =>
        Multiply(p.TransA, p.TransB, p.M, p.N, p.K, p.Alpha, p.A, p.Lda, p.B, p.Ldb, p.Beta, p.C, p.Ldc);

    private static void Validate(in GemmProduct p) =>
        Validate(p.TransA, p.TransB, p.M, p.N, p.K, p.A.Length, p.Lda, p.B.Length, p.Ldb, p.C.Length, p.Ldc);

    private static void Validate(
        bool transA, bool transB, int m, int n, int k, int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"GEMM dimensions must be non-negative: m={m}, n={n}, k={k}.");
        }

        (int aRows, int aCols) = transA ? (k, m) : (m, k);
        (int bRows, int bCols) = transB ? (n, k) : (k, n);
        Check("A", aRows, aCols, aLength, lda);
        Check("B", bRows, bCols, bLength, ldb);
        Check("C", m, n, cLength, ldc);

        static void Check(string name, int rows, int cols, int length, int ld)
        {
            if (rows == 0 || cols == 0)
            {
                return;
            }

            if (ld < cols)
            {
                throw new ArgumentException($"GEMM: leading dimension of {name} is {ld}, less than its {cols} columns.");
            }

            long needed = (long)(rows - 1) * ld + cols;
            if (length < needed)
            {
                throw new ArgumentException(
                    $"GEMM: {name} is {rows}x{cols} with leading dimension {ld}, which needs {needed} elements, but the span holds {length}.");
            }
        }
    }

    private static GemmBackend ParseEnvironment()
    {
        string? value = System.Environment.GetEnvironmentVariable("MEDE_GEMM");
        return value?.Trim().ToUpperInvariant() switch
        {
            null or "" or "AUTO" => GemmBackend.Auto,
            "MANAGED" => GemmBackend.Managed,
            "OPENBLAS" when OpenBlas.IsAvailable => GemmBackend.OpenBlas,
            "OPENBLAS" => throw new InvalidOperationException(
                "MEDE_GEMM=openblas but OpenBLAS is not installed: run build/install-native.sh (libopenblas0-pthread)."),
            _ => throw new InvalidOperationException($"MEDE_GEMM='{value}' is not one of: auto, managed, openblas."),
        };
    }
}
