namespace Mede.ML.Neural.Kernels;

/// <summary>Which implementation computes matrix products.</summary>
public enum GemmBackend
{
    /// <summary>Pick automatically: the environment variable <c>MEDE_GEMM</c> (<c>managed</c> or <c>openblas</c>) if
    /// set, otherwise the managed kernel (it matches or beats OpenBLAS at this library's sizes; see the benchmarks).</summary>
    Auto,

    /// <summary>The managed, cache-blocked SIMD kernel (Vector512 or Vector256 with FMA, scalar fallback).</summary>
    Managed,

    /// <summary>OpenBLAS <c>cblas_sgemm</c> (Debian <c>libopenblas0-pthread</c>), loaded at run time.</summary>
    OpenBlas,
}
