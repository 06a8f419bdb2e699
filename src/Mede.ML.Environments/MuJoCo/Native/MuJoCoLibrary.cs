using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mede.ML.Environments.MuJoCo.Native;

/// <summary>
/// Finds and checks the native MuJoCo library (Debian <c>libmujoco2.2.2</c>) and installs MuJoCo's error and
/// warning hooks. Every MuJoCo type calls <see cref="EnsureAvailable"/> before its first native call.
/// </summary>
/// <remarks>
/// <para>The library is looked up, in order, at the path in the environment variable
/// <see cref="LibraryPathVariable"/> (when set, nothing else is tried), then as <c>libmujoco.so.2.2.2</c> (the SONAME,
/// shipped by the runtime package), then as <c>libmujoco.so</c> (a link only <c>libmujoco-dev</c> ships).</para>
/// <para>The struct mirrors in <c>MjStructs.g.cs</c> are exact for 2.2.2 only, so any other version is refused.</para>
/// <para>By default a MuJoCo error prints, waits on stdin and exits the process, and a warning appends to
/// <c>MUJOCO_LOG.TXT</c> in the working directory. The error hook installed here writes MuJoCo's text to standard
/// error and ends the process with <see cref="Environment.FailFast(string)"/>: it cannot throw (a managed exception
/// cannot unwind MuJoCo's C frames) and must not return (MuJoCo carries on after the hook, e.g. with an invalid stack
/// pointer). Errors are prevented instead: the models size their arenas. Warnings are recorded
/// (<see cref="LastWarning"/>, <see cref="WarningCount"/>) and the environments raise them as exceptions after the
/// step, from mjData's warning counters.</para>
/// </remarks>
public static unsafe class MuJoCoLibrary
{
    /// <summary>The only MuJoCo version the struct mirrors match, as <c>mj_version()</c> reports it.</summary>
    public const int RequiredVersion = 222;

    /// <summary>The environment variable that overrides where the library is loaded from (a full path).</summary>
    public const string LibraryPathVariable = "MEDE_MUJOCO_LIBRARY";

    /// <summary>What to run when the library is missing.</summary>
    public const string InstallHint =
        "Install the Debian packages libmujoco2.2.2 and libmujoco-dev (sudo apt-get install -y libmujoco2.2.2 " +
        "libmujoco-dev), or run build/install-native.sh from the Mede.ML repository.";

    private static readonly Lazy<string?> Failure = new(Initialise, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lock HandleLock = new();
    private static nint _handle;
    private static string? _loadedFrom;
    private static int _resolverRegistered;
    private static long _warningCount;
    private static string? _lastWarning;

    /// <summary>True when MuJoCo 2.2.2 can be loaded (and its hooks are installed). Never throws.</summary>
    public static bool IsAvailable => Failure.Value is null;

    /// <summary>Why the library is unavailable, or <c>null</c> when it is available.</summary>
    public static string? UnavailableReason => Failure.Value;

    /// <summary>The file the library was loaded from, once it is loaded.</summary>
    public static string? LoadedFrom => _loadedFrom;

    /// <summary>MuJoCo's version string (e.g. <c>2.2.2</c>).</summary>
    /// <exception cref="MuJoCoException">The library is missing or has the wrong version.</exception>
    public static string VersionString
    {
        get
        {
            EnsureAvailable();
            return Marshal.PtrToStringUTF8((nint)NativeMethods.mj_versionString()) ?? "";
        }
    }

    /// <summary>How many warnings MuJoCo has reported through its warning hook in this process.</summary>
    public static long WarningCount => Interlocked.Read(ref _warningCount);

    /// <summary>The text of the last warning MuJoCo reported in this process, if any.</summary>
    public static string? LastWarning => Volatile.Read(ref _lastWarning);

    /// <summary>Loads and checks the library once, and installs the hooks.</summary>
    /// <exception cref="MuJoCoException">The library is missing (the message names the Debian packages and
    /// <c>build/install-native.sh</c>) or is not version 2.2.2.</exception>
    public static void EnsureAvailable()
    {
        if (Failure.Value is string reason)
        {
            throw new MuJoCoException(reason);
        }
    }

    /// <summary>Registers the DllImport resolver for the logical name <c>mujoco</c> (idempotent).</summary>
    internal static void RegisterResolver()
    {
        if (Interlocked.Exchange(ref _resolverRegistered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(MuJoCoLibrary).Assembly, Resolve);
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == NativeMethods.Library ? LoadHandle(out _) : 0;

    private static nint LoadHandle(out string? error)
    {
        lock (HandleLock)
        {
            error = null;
            if (_handle != 0)
            {
                return _handle;
            }

            string? overridePath = Environment.GetEnvironmentVariable(LibraryPathVariable);
            string[] candidates = string.IsNullOrWhiteSpace(overridePath)
                ? ["libmujoco.so.2.2.2", "libmujoco.so"]
                : [overridePath];
            foreach (string candidate in candidates)
            {
                if (NativeLibrary.TryLoad(candidate, out nint handle))
                {
                    _handle = handle;
                    _loadedFrom = candidate;
                    return handle;
                }
            }

            error = MissingLibraryMessage(overridePath, candidates);
            return 0;
        }
    }

    /// <summary>The message for a library that could not be loaded from any of <paramref name="candidates"/>.</summary>
    internal static string MissingLibraryMessage(string? overridePath, IReadOnlyList<string> candidates) =>
        string.IsNullOrWhiteSpace(overridePath)
            ? $"The MuJoCo 2.2.2 native library was not found (tried {string.Join(", ", candidates)}). {InstallHint}"
            : $"The MuJoCo library named by {LibraryPathVariable} ('{overridePath}') could not be loaded. " +
              $"Fix or unset the variable. {InstallHint}";

    private static string? Initialise()
    {
        RegisterResolver();
        if (LoadHandle(out string? error) == 0)
        {
            return error;
        }

        int version = NativeMethods.mj_version();
        if (version != RequiredVersion)
        {
            string text = Marshal.PtrToStringUTF8((nint)NativeMethods.mj_versionString()) ?? version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return $"MuJoCo {text} was loaded from '{_loadedFrom}', but Mede.ML mirrors the structs of 2.2.2 exactly " +
                   $"(mj_version() must be {RequiredVersion}, got {version}). Install libmujoco2.2.2, or point " +
                   $"{LibraryPathVariable} at a 2.2.2 build; to support another version, regenerate the structs with " +
                   "build/generate-mujoco-structs.py.";
        }

        InstallHooks(_handle);
        return null;
    }

    private static void InstallHooks(nint handle)
    {
        // mju_user_error / mju_user_warning are exported data symbols: pointers to the handler functions.
        var errorSlot = (delegate* unmanaged[Cdecl]<byte*, void>*)NativeLibrary.GetExport(handle, "mju_user_error");
        var warningSlot = (delegate* unmanaged[Cdecl]<byte*, void>*)NativeLibrary.GetExport(handle, "mju_user_warning");
        *errorSlot = &OnError;
        *warningSlot = &OnWarning;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnError(byte* message)
    {
        // Never throw here and never return: see the remarks. Message first, then the process ends.
        string text = Marshal.PtrToStringUTF8((nint)message) ?? "(no message)";
        try
        {
            Console.Error.WriteLine($"MuJoCo error: {text}");
            Console.Error.Flush();
        }
        finally
        {
            Environment.FailFast($"MuJoCo error: {text}. MuJoCo cannot continue after an error; prevent it (for " +
                                 "example size the model's arena with <size nstack njmax nconmax>).");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnWarning(byte* message)
    {
        Volatile.Write(ref _lastWarning, Marshal.PtrToStringUTF8((nint)message));
        Interlocked.Increment(ref _warningCount);
    }
}
