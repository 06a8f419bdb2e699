using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mede.ML.Neural.Kernels;

/// <summary>
/// The managed single-precision GEMM, C = alpha * op(A) * op(B) + beta * C (row-major), blocked the GotoBLAS way:
/// B is packed in KC x NC blocks of NR-wide panels, A in MC x KC blocks of MR-high panels, and a register-blocked
/// micro-kernel computes MR x NR tiles of C with fused multiply-adds. Transposed operands are handled by the
/// packing, so the micro-kernel always reads contiguous panels.
/// </summary>
internal static unsafe class ManagedGemm
{
    // KC x NR floats of packed B (32 KB for NR = 32) plus MR x KC of A (8 KB for MR = 8) stay in L1/L2 during a micro-kernel run.
    private const int KC = 256;
    private const int MC = 96;
    private const int NC = 1024;

    // Products with at most this many columns (critic outputs, discriminator logits) skip the blocked path:
    // packing A would cost more than the product, and an NR-wide tile would be mostly padding.
    private const int NarrowColumns = 8;

    [ThreadStatic] private static float[]? t_packA;
    [ThreadStatic] private static float[]? t_narrow;
    [ThreadStatic] private static float[]? t_packB;
    [ThreadStatic] private static float[]? t_transposed;

    private static readonly bool s_fma = Fma.IsSupported;

    /// <summary>Width of a micro-kernel tile: 32 with AVX-512, 16 with AVX2+FMA, 16 (scalar) otherwise.</summary>
    internal static readonly int NR = Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? 32 : 16;

    /// <summary>Height of a micro-kernel tile: 8 with AVX-512 (16 of its 32 registers accumulate), 6 otherwise.</summary>
    internal static readonly int MR = NR == 32 ? 8 : 6;

    /// <summary>The instruction set the micro-kernel uses.</summary>
    internal static string KernelName => NR == 32 ? "AVX-512 8x32" : s_fma ? "AVX2+FMA 6x16" : "scalar 6x16";

    public static void Multiply(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            Multiply(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }

    /// <summary>Pointer form, also used by the 2-thread split (each thread takes a band of columns).</summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        ScaleC(m, n, beta, c, ldc);
        if (m == 0 || n == 0 || k == 0 || alpha == 0f)
        {
            return;
        }

        if (n <= NarrowColumns)
        {
            MultiplyNarrow(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
            return;
        }

        if (TransposesFewColumns(m, n, k, alpha))
        {
            // A few columns that fill NR-wide tiles badly (a first layer's 18 inputs use 32 of the kernel's columns):
            // C^T = op(B)^T op(A)^T puts them in MR-high panels instead. With alpha 1 and one k block every element is
            // the same sum in the same order, so the result is bit-identical to the direct product.
            MultiplyTransposed(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
            return;
        }

        MultiplyBlocked(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
    }

    /// <summary>The blocked path alone, never the narrow or the transposed one (tests compare the others with it).</summary>
    internal static void MultiplyDirect(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            ScaleC(m, n, beta, pc, ldc);
            MultiplyBlocked(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, pc, ldc);
        }
    }

    /// <summary>True when an m x n x k product (n above the narrow path's columns) is computed as C^T: its columns fill
    /// NR-wide tiles a fifth worse than its rows would, and alpha 1 and a single k block keep it bit-identical.</summary>
    internal static bool TransposesFewColumns(int m, int n, int k, float alpha) =>
        n > NarrowColumns && alpha == 1f && k <= KC && PaddedWork(n, m) * 5 < PaddedWork(m, n) * 4;

    /// <summary>The micro-kernel's work for an m x n product: both sides padded to whole tiles.</summary>
    private static long PaddedWork(int m, int n) => (long)((m + MR - 1) / MR * MR) * ((n + NR - 1) / NR * NR);

    /// <summary>C += (op(B)^T op(A)^T)^T, the transpose computed into a scratch and added.</summary>
    private static void MultiplyTransposed(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc)
    {
        int count = m * n;
        float[] buffer = t_transposed is { } existing && existing.Length >= count ? existing : t_transposed = new float[Math.Max(count, 4096)];
        fixed (float* t = buffer)
        {
            new Span<float>(t, count).Clear();
            MultiplyBlocked(!transB, !transA, n, m, k, 1f, b, ldb, a, lda, t, m);
            for (int i = 0; i < m; i++)
            {
                float* ci = c + (long)i * ldc;
                for (int j = 0; j < n; j++)
                {
                    ci[j] += t[j * m + i];
                }
            }
        }
    }

    /// <summary>C += alpha op(A) op(B) by packed blocks and the micro-kernel (C already scaled by beta).</summary>
    private static void MultiplyBlocked(
        bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float* c, int ldc)
    {
        int nr = NR;
        float[] packA = t_packA ??= new float[MC * KC];
        float[] packB = t_packB ??= new float[KC * (NC + 32)];
        fixed (float* ap = packA)
        fixed (float* bp = packB)
        {
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    PackB(transB, b, ldb, pc, jc, kc, nc, nr, bp);
                    for (int ic = 0; ic < m; ic += MC)
                    {
                        int mc = Math.Min(MC, m - ic);
                        PackA(transA, a, lda, ic, pc, mc, kc, alpha, ap);
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            int ncols = Math.Min(nr, nc - jr);
                            float* bPanel = bp + jr * kc;
                            for (int ir = 0; ir < mc; ir += MR)
                            {
                                int nrows = Math.Min(MR, mc - ir);
                                float* cTile = c + (long)(ic + ir) * ldc + jc + jr;
                                float* aPanel = ap + ir * kc;
                                if (nr == 32)
                                {
                                    Kernel8x32(kc, aPanel, bPanel, cTile, ldc, nrows, ncols);
                                }
                                else if (s_fma)
                                {
                                    Kernel6x16(kc, aPanel, bPanel, cTile, ldc, nrows, ncols);
                                }
                                else
                                {
                                    KernelScalar(kc, aPanel, bPanel, cTile, ldc, nrows, ncols, nr);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// C += alpha op(A) op(B) for n &lt;= 8: as dot products of A's rows with B's columns when A is not transposed,
    /// or as axpy updates over A's rows (contiguous when A is transposed) into a transposed scratch of C.
    /// </summary>
    private static void MultiplyNarrow(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float* c, int ldc)
    {
        int scratch = transA ? n * m : (transB ? 0 : n * k);
        float[] buffer = t_narrow is { } existing && existing.Length >= scratch ? existing : t_narrow = new float[Math.Max(scratch, 1024)];
        fixed (float* t = buffer)
        {
            if (!transA)
            {
                // Columns of op(B) as contiguous vectors: rows of B when transposed, else gathered once.
                float* columns = b;
                int columnStride = ldb;
                if (!transB)
                {
                    for (int j = 0; j < n; j++)
                    {
                        for (int p = 0; p < k; p++)
                        {
                            t[j * k + p] = b[(long)p * ldb + j];
                        }
                    }

                    columns = t;
                    columnStride = k;
                }

                for (int i = 0; i < m; i++)
                {
                    var row = new ReadOnlySpan<float>(a + (long)i * lda, k);
                    for (int j = 0; j < n; j++)
                    {
                        c[(long)i * ldc + j] += alpha * System.Numerics.Tensors.TensorPrimitives.Dot(row, new ReadOnlySpan<float>(columns + (long)j * columnStride, k));
                    }
                }

                return;
            }

            // A stored [k, m]: accumulate tmp[j, :] += op(B)[p, j] * A[p, :] over p, then add tmp^T into C.
            var tmp = new Span<float>(t, n * m);
            tmp.Clear();
            for (int p = 0; p < k; p++)
            {
                var aRow = new ReadOnlySpan<float>(a + (long)p * lda, m);
                for (int j = 0; j < n; j++)
                {
                    float bpj = transB ? b[(long)j * ldb + p] : b[(long)p * ldb + j];
                    Span<float> target = tmp.Slice(j * m, m);
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(aRow, bpj, target, target);
                }
            }

            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    c[(long)i * ldc + j] += alpha * tmp[j * m + i];
                }
            }
        }
    }

    private static void ScaleC(int m, int n, float beta, float* c, int ldc)
    {
        if (beta == 1f || n == 0)
        {
            return;
        }

        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (long)i * ldc, n);
            if (beta == 0f)
            {
                row.Clear(); // beta = 0 overwrites, even NaN already in C (BLAS semantics).
            }
            else
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    /// <summary>Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-wide panels: panel j holds rows p = 0..kc-1 of NR
    /// consecutive columns, zero-padded past nc.</summary>
    private static void PackB(bool transB, float* b, int ldb, int pc, int jc, int kc, int nc, int nr, float* dst)
    {
        for (int j0 = 0; j0 < nc; j0 += nr)
        {
            int cols = Math.Min(nr, nc - j0);
            float* panel = dst + j0 * kc;
            if (!transB)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = b + (long)(pc + p) * ldb + jc + j0;
                    float* d = panel + p * nr;
                    if (cols == nr)
                    {
                        Unsafe.CopyBlockUnaligned(d, src, (uint)(nr * sizeof(float)));
                    }
                    else
                    {
                        int j = 0;
                        for (; j < cols; j++)
                        {
                            d[j] = src[j];
                        }

                        for (; j < nr; j++)
                        {
                            d[j] = 0f;
                        }
                    }
                }
            }
            else
            {
                // B^T: column j of op(B) is row j of B. Walk p outermost so the panel is written contiguously;
                // the reads are NR sequential streams, one per row of B, which the prefetcher follows.
                float* src = b + (long)(jc + j0) * ldb + pc;
                int p = 0;
                if (Avx.IsSupported && cols == nr)
                {
                    // Eight p at a time: an 8 x 8 block of B (eight rows, eight p) transposed in registers is eight
                    // eight-wide runs of the panel.
                    for (; p + 8 <= kc; p += 8)
                    {
                        for (int j8 = 0; j8 < nr; j8 += 8)
                        {
                            TransposeBlock(src + (long)j8 * ldb + p, ldb, panel + p * nr + j8, nr);
                        }
                    }
                }

                for (; p < kc; p++)
                {
                    float* d = panel + p * nr;
                    int j = 0;
                    for (; j < cols; j++)
                    {
                        d[j] = src[(long)j * ldb + p];
                    }

                    for (; j < nr; j++)
                    {
                        d[j] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>Writes the transpose of the 8 x 8 block at <paramref name="source"/> (row stride
    /// <paramref name="sourceStride"/>) to <paramref name="destination"/> (row stride <paramref name="destinationStride"/>):
    /// destination row i is source column i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeBlock(float* source, int sourceStride, float* destination, int destinationStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(source);
        Vector256<float> r1 = Avx.LoadVector256(source + sourceStride);
        Vector256<float> r2 = Avx.LoadVector256(source + 2L * sourceStride);
        Vector256<float> r3 = Avx.LoadVector256(source + 3L * sourceStride);
        Vector256<float> r4 = Avx.LoadVector256(source + 4L * sourceStride);
        Vector256<float> r5 = Avx.LoadVector256(source + 5L * sourceStride);
        Vector256<float> r6 = Avx.LoadVector256(source + 6L * sourceStride);
        Vector256<float> r7 = Avx.LoadVector256(source + 7L * sourceStride);

        // Pairs of rows interleaved, then pairs of pairs, then the 128-bit halves exchanged.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(destination, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(destination + destinationStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(destination + 2 * destinationStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(destination + 3 * destinationStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(destination + 4 * destinationStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(destination + 5 * destinationStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(destination + 6 * destinationStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(destination + 7 * destinationStride, Avx.Permute2x128(u3, u7, 0x31));
    }

    /// <summary>Packs alpha * op(A)[ic..ic+mc, pc..pc+kc] into MR-high panels (p-major), zero-padded past mc.</summary>
    private static void PackA(bool transA, float* a, int lda, int ic, int pc, int mc, int kc, float alpha, float* dst)
    {
        for (int i0 = 0; i0 < mc; i0 += MR)
        {
            int rows = Math.Min(MR, mc - i0);
            float* panel = dst + i0 * kc;
            if (!transA)
            {
                // MR rows of A become one p-major panel: walk p outermost so the panel is written contiguously
                // (MR sequential read streams), instead of scattering each row with a stride of MR.
                float* src = a + (long)(ic + i0) * lda + pc;
                if (rows == 6 && MR == 6)
                {
                    float* r0 = src, r1 = src + lda, r2 = src + 2L * lda, r3 = src + 3L * lda, r4 = src + 4L * lda, r5 = src + 5L * lda;
                    for (int p = 0; p < kc; p++)
                    {
                        float* d = panel + p * 6;
                        d[0] = alpha * r0[p];
                        d[1] = alpha * r1[p];
                        d[2] = alpha * r2[p];
                        d[3] = alpha * r3[p];
                        d[4] = alpha * r4[p];
                        d[5] = alpha * r5[p];
                    }
                }
                else if (rows == 8 && MR == 8)
                {
                    // Eight p at a time as an 8 x 8 transpose in registers (MR 8 comes with AVX-512, so AVX is there),
                    // then each value times alpha, as the scalar loop below computes it.
                    int p0 = 0;
                    var scale = Vector256.Create(alpha);
                    for (; p0 + 8 <= kc; p0 += 8)
                    {
                        float* d = panel + p0 * 8;
                        TransposeBlock(src + p0, lda, d, 8);
                        if (alpha != 1f)
                        {
                            for (int v = 0; v < 64; v += 8)
                            {
                                (Vector256.Load(d + v) * scale).Store(d + v);
                            }
                        }
                    }

                    // The last kc mod 8 values of each row.
                    for (int p = p0; p < kc; p++)
                    {
                        float* d = panel + p * 8;
                        for (int i = 0; i < 8; i++)
                        {
                            d[i] = alpha * src[(long)i * lda + p];
                        }
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        float* d = panel + p * MR;
                        int i = 0;
                        for (; i < rows; i++)
                        {
                            d[i] = alpha * src[(long)i * lda + p];
                        }

                        for (; i < MR; i++)
                        {
                            d[i] = 0f;
                        }
                    }
                }
            }
            else if (rows == 8 && MR == 8)
            {
                // A stored [k, m]: each p's eight values are contiguous, one vector.
                var scale = Vector256.Create(alpha);
                for (int p = 0; p < kc; p++)
                {
                    (Vector256.Load(a + (long)(pc + p) * lda + ic + i0) * scale).Store(panel + p * 8);
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = a + (long)(pc + p) * lda + ic + i0;
                    float* d = panel + p * MR;
                    int i = 0;
                    for (; i < rows; i++)
                    {
                        d[i] = alpha * src[i];
                    }

                    for (; i < MR; i++)
                    {
                        d[i] = 0f;
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel8x32(int kc, float* a, float* b, float* c, int ldc, int rows, int cols)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> x = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
            a += 8;
            b += 32;
        }

        if (rows == 8 && cols == 32)
        {
            Store512(c, c00, c01);
            Store512(c + ldc, c10, c11);
            Store512(c + 2 * ldc, c20, c21);
            Store512(c + 3 * ldc, c30, c31);
            Store512(c + 4 * ldc, c40, c41);
            Store512(c + 5 * ldc, c50, c51);
            Store512(c + 6 * ldc, c60, c61);
            Store512(c + 7 * ldc, c70, c71);
            return;
        }

        float* tile = stackalloc float[8 * 32];
        c00.Store(tile); c01.Store(tile + 16);
        c10.Store(tile + 32); c11.Store(tile + 48);
        c20.Store(tile + 64); c21.Store(tile + 80);
        c30.Store(tile + 96); c31.Store(tile + 112);
        c40.Store(tile + 128); c41.Store(tile + 144);
        c50.Store(tile + 160); c51.Store(tile + 176);
        c60.Store(tile + 192); c61.Store(tile + 208);
        c70.Store(tile + 224); c71.Store(tile + 240);
        AddTile(tile, 32, c, ldc, rows, cols);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* c, Vector512<float> lo, Vector512<float> hi)
    {
        (Vector512.Load(c) + lo).Store(c);
        (Vector512.Load(c + 16) + hi).Store(c + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x16(int kc, float* a, float* b, float* c, int ldc, int rows, int cols)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> x = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(x, b0, c40);
            c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(x, b0, c50);
            c51 = Fma.MultiplyAdd(x, b1, c51);
            a += 6;
            b += 16;
        }

        if (rows == 6 && cols == 16)
        {
            Store256(c, c00, c01);
            Store256(c + ldc, c10, c11);
            Store256(c + 2 * ldc, c20, c21);
            Store256(c + 3 * ldc, c30, c31);
            Store256(c + 4 * ldc, c40, c41);
            Store256(c + 5 * ldc, c50, c51);
            return;
        }

        float* tile = stackalloc float[6 * 16];
        c00.Store(tile); c01.Store(tile + 8);
        c10.Store(tile + 16); c11.Store(tile + 24);
        c20.Store(tile + 32); c21.Store(tile + 40);
        c30.Store(tile + 48); c31.Store(tile + 56);
        c40.Store(tile + 64); c41.Store(tile + 72);
        c50.Store(tile + 80); c51.Store(tile + 88);
        AddTile(tile, 16, c, ldc, rows, cols);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* c, Vector256<float> lo, Vector256<float> hi)
    {
        (Vector256.Load(c) + lo).Store(c);
        (Vector256.Load(c + 8) + hi).Store(c + 8);
    }

    private static void KernelScalar(int kc, float* a, float* b, float* c, int ldc, int rows, int cols, int nr)
    {
        float* tile = stackalloc float[8 * 32];
        new Span<float>(tile, MR * nr).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int i = 0; i < MR; i++)
            {
                float x = a[i];
                for (int j = 0; j < nr; j++)
                {
                    tile[i * nr + j] += x * b[j];
                }
            }

            a += MR;
            b += nr;
        }

        AddTile(tile, nr, c, ldc, rows, cols);
    }

    private static void AddTile(float* tile, int tileStride, float* c, int ldc, int rows, int cols)
    {
        for (int i = 0; i < rows; i++)
        {
            float* ci = c + (long)i * ldc;
            float* ti = tile + i * tileStride;
            for (int j = 0; j < cols; j++)
            {
                ci[j] += ti[j];
            }
        }
    }
}
