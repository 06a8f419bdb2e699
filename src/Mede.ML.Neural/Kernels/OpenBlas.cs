using System.Reflection;
using System.Runtime.InteropServices;

namespace Mede.ML.Neural.Kernels;

/// <summary>
/// OpenBLAS loaded at run time with <see cref="NativeLibrary"/>; nothing links against it, so the library runs
/// without it and <see cref="IsAvailable"/> says whether it was found.
/// </summary>
public static unsafe class OpenBlas
{
    private const int CblasRowMajor = 101;
    private const int CblasNoTrans = 111;
    private const int CblasTrans = 112;

    private static readonly delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> s_sgemm;
    private static readonly delegate* unmanaged[Cdecl]<int, void> s_setNumThreads;
    private static readonly delegate* unmanaged[Cdecl]<byte*> s_getCorename;
    private static readonly string? s_path;
    private static int s_threads = -1;

    static OpenBlas()
    {
        string[] candidates =
        [
            System.Environment.GetEnvironmentVariable("MEDE_OPENBLAS_LIBRARY") ?? string.Empty,
            "libopenblas.so.0",
            "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
            "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
            "libopenblas.so",
        ];
        foreach (string candidate in candidates)
        {
            if (candidate.Length == 0 || !NativeLibrary.TryLoad(candidate, Assembly.GetExecutingAssembly(), null, out IntPtr handle))
            {
                continue;
            }

            if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out IntPtr sgemm))
            {
                continue;
            }

            s_sgemm = (delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
            if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out IntPtr setThreads))
            {
                s_setNumThreads = (delegate* unmanaged[Cdecl]<int, void>)setThreads;
            }

            if (NativeLibrary.TryGetExport(handle, "openblas_get_corename", out IntPtr corename))
            {
                s_getCorename = (delegate* unmanaged[Cdecl]<byte*>)corename;
            }

            s_path = candidate;
            break;
        }

        if (s_sgemm != null)
        {
            // One thread unless asked: training runs its own threads, and OpenBLAS's pool would oversubscribe 2 cores.
            SetThreads(1);
        }
    }

    /// <summary>True when an OpenBLAS library with <c>cblas_sgemm</c> was loaded.</summary>
    public static bool IsAvailable => s_sgemm != null;

    /// <summary>The library name or path that was loaded, or <c>null</c>.</summary>
    public static string? LibraryPath => s_path;

    /// <summary>The kernel OpenBLAS chose for this CPU (e.g. <c>Haswell</c>, <c>SkylakeX</c>, <c>Zen</c>); honours
    /// <c>OPENBLAS_CORETYPE</c>.</summary>
    public static string CoreName => s_getCorename == null ? "unknown" : Marshal.PtrToStringUTF8((IntPtr)s_getCorename()) ?? "unknown";

    /// <summary>Sets OpenBLAS's own thread count (default 1 here).</summary>
    public static void SetThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (s_setNumThreads != null && threads != s_threads)
        {
            s_setNumThreads(threads);
            s_threads = threads;
        }
    }

    internal static void Sgemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (s_sgemm == null)
        {
            throw new InvalidOperationException(
                "OpenBLAS is not installed. Install it with build/install-native.sh (Debian package libopenblas0-pthread), " +
                "or use GemmBackend.Managed.");
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            s_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }
}
