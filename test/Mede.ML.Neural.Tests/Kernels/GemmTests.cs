using Mede.ML.Neural.Kernels;

namespace Mede.ML.Neural.Tests.Kernels;

/// <summary>Both GEMM paths against a naive double-precision reference: every size 0..64 in each dimension (the
/// others held at awkward sizes), every transpose combination, beta 0 / 1 / 0.5, padded leading dimensions,
/// and a few large products.</summary>
[TestClass]
[DoNotParallelize]
public sealed class GemmTests
{
    [TestCleanup]
    public void Restore()
    {
        Gemm.Backend = GemmBackend.Managed;
        Gemm.Threads = 1;
    }

    public static IEnumerable<object[]> Backends()
    {
        yield return [GemmBackend.Managed, 1];
        yield return [GemmBackend.Managed, 2];
        yield return [GemmBackend.OpenBlas, 1];
    }

    [TestMethod]
    [DynamicData(nameof(Backends))]
    public void Multiply_EverySizeTo64_MatchesReference(GemmBackend backend, int threads)
    {
        Use(backend, threads);
        var g = new Generator(7);
        for (int s = 0; s <= 64; s++)
        {
            foreach (var (m, n, k) in new[] { (s, 37, 29), (23, s, 41), (19, 33, s) })
            {
                bool ta = s % 2 == 1, tb = s % 3 == 1;
                float beta = (s % 3) switch { 0 => 0f, 1 => 1f, _ => 0.5f };
                CheckProduct(g, ta, tb, m, n, k, 1f, beta, pad: s % 4);
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Backends))]
    public void Multiply_LargeAndTransposed_MatchesReference(GemmBackend backend, int threads)
    {
        Use(backend, threads);
        var g = new Generator(8);
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                CheckProduct(g, ta, tb, 257, 300, 513, 0.75f, 1f, pad: 3);
            }
        }

        CheckProduct(g, false, false, 1100, 1030, 70, 1f, 0f, pad: 0);
    }

    [TestMethod]
    [DataRow(256, 18, 256)]
    [DataRow(200, 11, 100)]
    public void Multiply_FewColumns_BitIdenticalToTheDirectBlockedProduct(int m, int n, int k)
    {
        // Such products are computed as C^T = op(B)^T op(A)^T (fuller tiles); each element must be the same sum in the same
        // order as the direct product's, for every transposition and for overwriting and accumulating C.
        Use(GemmBackend.Managed, 1);
        Assert.IsTrue(ManagedGemm.TransposesFewColumns(m, n, k, 1f), "the shape takes the transposed path, so the comparison means something");
        var g = new Generator(9);
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                foreach (float beta in new[] { 0f, 1f })
                {
                    var a = new float[m * k];
                    var b = new float[k * n];
                    var c = new float[m * n];
                    g.FillUniform(a, -1f, 1f);
                    g.FillUniform(b, -1f, 1f);
                    g.FillUniform(c, -1f, 1f);
                    var direct = (float[])c.Clone();
                    Gemm.Multiply(ta, tb, m, n, k, 1f, a, ta ? m : k, b, tb ? k : n, beta, c, n);
                    ManagedGemm.MultiplyDirect(ta, tb, m, n, k, 1f, a, ta ? m : k, b, tb ? k : n, beta, direct, n);
                    for (int i = 0; i < c.Length; i++)
                    {
                        Assert.AreEqual(BitConverter.SingleToInt32Bits(direct[i]), BitConverter.SingleToInt32Bits(c[i]), $"ta={ta} tb={tb} beta={beta} element {i}");
                    }
                }
            }
        }
    }

    [TestMethod]
    public void Multiply_SpanTooShort_Throws()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() =>
            Gemm.Multiply(false, false, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
        StringAssert.Contains(e.Message, "A is 4x4");
    }

    [TestMethod]
    public void MultiplyPair_TwoThreads_BitIdenticalToEachProductOnOneThread()
    {
        // A layer's backward pass: dx = g W and dW = g^T x, both accumulating, each above the parallel threshold. With
        // two threads the second runs whole on the second core; each must equal its one-thread product bit for bit.
        const int batch = 96, inputs = 80, outputs = 72;
        var random = new Generator(11);
        float[] g = new float[batch * outputs], w = new float[outputs * inputs], x = new float[batch * inputs];
        random.FillUniform(g, -1f, 1f);
        random.FillUniform(w, -1f, 1f);
        random.FillUniform(x, -1f, 1f);
        float[] dxStart = new float[batch * inputs], dwStart = new float[outputs * inputs];
        random.FillUniform(dxStart, -1f, 1f);
        random.FillUniform(dwStart, -1f, 1f);

        (float[] Dx, float[] Dw) Run(int threads)
        {
            Gemm.Threads = threads;
            float[] dx = (float[])dxStart.Clone(), dw = (float[])dwStart.Clone();
            Gemm.MultiplyPair(
                new GemmProduct(false, false, batch, inputs, outputs, 1f, g, outputs, w, inputs, 1f, dx, inputs),
                new GemmProduct(true, false, outputs, inputs, batch, 1f, g, outputs, x, inputs, 1f, dw, inputs));
            return (dx, dw);
        }

        var one = Run(1);
        long pieces = SecondCore.PiecesRun;
        var two = Run(2);
        Assert.AreEqual(pieces + 1, SecondCore.PiecesRun, "the second product ran on the second core, whole");
        CollectionAssert.AreEqual(one.Dx, two.Dx, "dx");
        CollectionAssert.AreEqual(one.Dw, two.Dw, "dW");

        // And the one-thread pair is the two products of Multiply.
        float[] dxAlone = (float[])dxStart.Clone(), dwAlone = (float[])dwStart.Clone();
        Gemm.Threads = 1;
        Gemm.Multiply(false, false, batch, inputs, outputs, 1f, g, outputs, w, inputs, 1f, dxAlone, inputs);
        Gemm.Multiply(true, false, outputs, inputs, batch, 1f, g, outputs, x, inputs, 1f, dwAlone, inputs);
        CollectionAssert.AreEqual(dxAlone, one.Dx, "dx alone");
        CollectionAssert.AreEqual(dwAlone, one.Dw, "dW alone");
        Assert.AreEqual(dxStart[0] + Dot(g, 0, outputs, w, 0, inputs), one.Dx[0], 1e-4f, "dx[0, 0] = g[0, :] . W[:, 0] added");
    }

    [TestMethod]
    public void Multiply_BetaZero_OverwritesNaN()
    {
        float[] c = [float.NaN, float.NaN, float.NaN, float.NaN];
        Gemm.Multiply(false, false, 2, 2, 1, 1f, new float[] { 1, 2 }, 1, new float[] { 3, 4 }, 2, 0f, c, 2);
        CollectionAssert.AreEqual(new[] { 3f, 4f, 6f, 8f }, c);
    }

    private static float Dot(float[] a, int aStart, int length, float[] b, int bStart, int bStride)
    {
        double sum = 0;
        for (int i = 0; i < length; i++)
        {
            sum += (double)a[aStart + i] * b[bStart + i * bStride];
        }

        return (float)sum;
    }

    private static void Use(GemmBackend backend, int threads)
    {
        if (backend == GemmBackend.OpenBlas && !OpenBlas.IsAvailable)
        {
            Testing.NativeRequirement.Unavailable("OpenBLAS (libopenblas0-pthread) is not installed. Install the native libraries with: sudo bash build/install-native.sh");
        }

        Gemm.Backend = backend;
        Gemm.Threads = threads;
    }

    private static void CheckProduct(Generator g, bool ta, bool tb, int m, int n, int k, float alpha, float beta, int pad)
    {
        int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
        int aRows = ta ? k : m, bRows = tb ? n : k;
        var a = new float[Math.Max(0, aRows * lda)];
        var b = new float[Math.Max(0, bRows * ldb)];
        var c = new float[Math.Max(0, m * ldc)];
        g.FillUniform(a, -1f, 1f);
        g.FillUniform(b, -1f, 1f);
        g.FillUniform(c, -1f, 1f);
        var expected = (float[])c.Clone();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = ta ? a[p * lda + i] : a[i * lda + p];
                    double y = tb ? b[j * ldb + p] : b[p * ldb + j];
                    sum += x * y;
                }

                expected[i * ldc + j] = (float)(alpha * sum + (beta == 0f ? 0 : beta * c[i * ldc + j]));
            }
        }

        Gemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        for (int i = 0; i < c.Length; i++)
        {
            // Float32 sums of k products of values in [-1, 1]: error grows like sqrt(k) * 6e-8; 1e-5 * (1 + sqrt k)
            // is a wide margin that any indexing bug (an O(1) error) still fails.
            Assert.AreEqual(expected[i], c[i], 1e-5f * (1f + MathF.Sqrt(k)), $"m={m} n={n} k={k} ta={ta} tb={tb} element {i}");
        }
    }
}
