using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Mede.ML.Environments.MuJoCo.Native;

namespace Mede.ML.Environments.MuJoCo;

/// <summary>
/// A compiled MuJoCo model (<c>mjModel</c>), loaded once from MJCF and shared read-only by every simulation made
/// from it. Loads are cached: the same file, or the same named XML text, gives the same instance.
/// </summary>
/// <remarks>
/// Sharing is thread-safe because nothing in Mede.ML writes to a loaded model; each <see cref="MuJoCoSimulation"/>
/// owns its <c>mjData</c>. A model lives as long as the process (the cache holds it); an <c>mjData</c> does not
/// depend on its model's memory, so simulations may outlive or be released before it.
/// </remarks>
public sealed unsafe class MuJoCoModel
{
    private const int ErrorBufferBytes = 1000;
    private static readonly ConcurrentDictionary<string, Lazy<MuJoCoModel>> Cache = new(StringComparer.Ordinal);

    // mj_loadXML keeps the last parsed model in a global (released by mj_freeLastXML); loads are serialised here so
    // that freeing it never races another load.
    private static readonly Lock LoadLock = new();

    private readonly MjModelHandle _handle;

    private MuJoCoModel(MjModelHandle handle, string source, string? loadWarning)
    {
        _handle = handle;
        Source = source;
        LoadWarning = loadWarning;
    }

    /// <summary>Where the model came from: a file path or the name given to <see cref="FromXml"/>.</summary>
    public string Source { get; }

    /// <summary>A compiler warning MuJoCo reported while loading, or <c>null</c>.</summary>
    public string? LoadWarning { get; }

    /// <summary>Number of generalised coordinates (<c>nq</c>, the length of qpos).</summary>
    public int PositionCount => Native->nq;

    /// <summary>Number of degrees of freedom (<c>nv</c>, the length of qvel).</summary>
    public int VelocityCount => Native->nv;

    /// <summary>Number of actuators (<c>nu</c>, the length of ctrl).</summary>
    public int ActuatorCount => Native->nu;

    /// <summary>Number of bodies, the world body included.</summary>
    public int BodyCount => Native->nbody;

    /// <summary>Number of joints.</summary>
    public int JointCount => Native->njnt;

    /// <summary>Number of geoms.</summary>
    public int GeomCount => Native->ngeom;

    /// <summary>The physics time step in seconds (<c>opt.timestep</c>).</summary>
    public double TimestepSeconds => Native->opt.timestep;

    /// <summary>Gravitational acceleration (x, y, z) in m/s².</summary>
    public (double X, double Y, double Z) Gravity => (Native->opt.gravity[0], Native->opt.gravity[1], Native->opt.gravity[2]);

    /// <summary>The initial generalised coordinates (<c>qpos0</c>).</summary>
    public ReadOnlySpan<double> InitialPositions => new(Native->qpos0, Native->nq);

    /// <summary>Mass of each body in kg (<c>body_mass</c>, index = body id).</summary>
    public ReadOnlySpan<double> BodyMasses => new(Native->body_mass, Native->nbody);

    /// <summary>Control range of each actuator (<c>actuator_ctrlrange</c>, nu x 2: low, high). Only meaningful for
    /// actuators with <c>ctrllimited</c>; the environments' models limit all of theirs.</summary>
    public ReadOnlySpan<double> ControlRanges => new(Native->actuator_ctrlrange, Native->nu * 2);

    /// <summary>Bytes of the compiled model (<c>mj_sizeModel</c>), shared by all its simulations.</summary>
    public long SizeInBytes => NativeMethods.mj_sizeModel(Native);

    internal mjModel* Native => _handle.Pointer;

    /// <summary>Loads (once) and compiles an MJCF or URDF file.</summary>
    /// <param name="path">The model file.</param>
    /// <exception cref="MuJoCoException">MuJoCo cannot load it; the message is MuJoCo's and names the file.</exception>
    public static MuJoCoModel LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        return Cached("file:" + fullPath, () => Load(fullPath, fullPath, xml: null));
    }

    /// <summary>Loads (once per name and text) and compiles MJCF text held in memory.</summary>
    /// <param name="xml">The MJCF document.</param>
    /// <param name="name">A file name for the model (e.g. <c>hopper.xml</c>), used in messages and the cache key.</param>
    /// <exception cref="MuJoCoException">MuJoCo cannot load it; the message is MuJoCo's and names the model.</exception>
    public static MuJoCoModel FromXml(string xml, string name)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Cached("xml:" + name + "\n" + xml, () => Load(name, name, xml));
    }

    /// <summary>Loads an MJCF file embedded in this assembly (the environments' models).</summary>
    internal static MuJoCoModel FromEmbeddedResource(string resourceName)
    {
        return Cached("resource:" + resourceName, () =>
        {
            using Stream stream = typeof(MuJoCoModel).Assembly.GetManifestResourceStream(resourceName)
                ?? throw new MuJoCoException($"The embedded model '{resourceName}' is missing from {typeof(MuJoCoModel).Assembly.GetName().Name}.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string fileName = resourceName[(resourceName.LastIndexOf('.', resourceName.Length - 5) + 1)..];
            return Load(fileName, $"{fileName} (embedded resource {resourceName})", reader.ReadToEnd());
        });
    }

    /// <summary>Makes a new simulation (its own <c>mjData</c>) of this model, at the model's initial state.</summary>
    public MuJoCoSimulation CreateSimulation() => new(this);

    /// <summary>The id of a named object.</summary>
    /// <exception cref="KeyNotFoundException">The model has no object of that kind and name.</exception>
    public int GetId(MuJoCoObjectType type, string name)
    {
        int id = TryGetId(type, name);
        return id >= 0
            ? id
            : throw new KeyNotFoundException($"Model '{Source}' has no {type.ToString().ToLowerInvariant()} named '{name}'.");
    }

    /// <summary>The id of a named object, or -1. Resolve ids once: the name is marshalled on each call.</summary>
    public int TryGetId(MuJoCoObjectType type, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return NativeMethods.mj_name2id(Native, (int)type, name);
    }

    /// <summary>The name of an object, or <c>null</c> when it has none or the id is out of range.</summary>
    public string? GetName(MuJoCoObjectType type, int id) =>
        Marshal.PtrToStringUTF8((nint)NativeMethods.mj_id2name(Native, (int)type, id));

    /// <summary>Where a joint's coordinates start in qpos (<c>jnt_qposadr</c>).</summary>
    public int JointPositionAddress(int jointId) => Native->jnt_qposadr[CheckJoint(jointId)];

    /// <summary>Where a joint's velocities start in qvel (<c>jnt_dofadr</c>).</summary>
    public int JointVelocityAddress(int jointId) => Native->jnt_dofadr[CheckJoint(jointId)];

    /// <inheritdoc />
    public override string ToString() => $"MuJoCoModel({Source}: nq {PositionCount}, nv {VelocityCount}, nu {ActuatorCount}, nbody {BodyCount})";

    private int CheckJoint(int jointId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(jointId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jointId, Native->njnt);
        return jointId;
    }

    private static MuJoCoModel Cached(string key, Func<MuJoCoModel> load)
    {
        MuJoCoLibrary.EnsureAvailable();
        var lazy = Cache.GetOrAdd(key, _ => new Lazy<MuJoCoModel>(load, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed load is not cached: the file may be fixed and loaded again.
            Cache.TryRemove(new KeyValuePair<string, Lazy<MuJoCoModel>>(key, lazy));
            throw;
        }
    }

    private static MuJoCoModel Load(string fileName, string description, string? xml)
    {
        byte* error = stackalloc byte[ErrorBufferBytes];
        error[0] = 0;
        mjModel* model;
        lock (LoadLock)
        {
            if (xml is null)
            {
                model = NativeMethods.mj_loadXML(fileName, null, error, ErrorBufferBytes);
            }
            else
            {
                model = LoadFromMemory(fileName, xml, error);
            }

            NativeMethods.mj_freeLastXML();
        }

        string? message = Marshal.PtrToStringUTF8((nint)error);
        if (model is null)
        {
            throw new MuJoCoException($"MuJoCo could not load the model {description}: {(string.IsNullOrEmpty(message) ? "(no message)" : message)}");
        }

        var handle = new MjModelHandle(model);
        try
        {
            CheckLayout(handle.Pointer);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        return new MuJoCoModel(handle, description, string.IsNullOrEmpty(message) ? null : message);
    }

    private static mjModel* LoadFromMemory(string fileName, string xml, byte* error)
    {
        // A virtual file system holding one file: MuJoCo 2.2 has no load-from-string call.
        byte[] bytes = Encoding.UTF8.GetBytes(xml);
        var vfs = (mjVFS*)NativeMemory.AllocZeroed((nuint)sizeof(mjVFS));
        try
        {
            NativeMethods.mj_defaultVFS(vfs);
            if (NativeMethods.mj_makeEmptyFileVFS(vfs, fileName, bytes.Length) != 0)
            {
                throw new MuJoCoException($"MuJoCo could not create the in-memory file '{fileName}' ({bytes.Length} bytes).");
            }

            int index = NativeMethods.mj_findFileVFS(vfs, fileName);
            bytes.CopyTo(new Span<byte>((void*)vfs->filedata[index], bytes.Length));
            return NativeMethods.mj_loadXML(fileName, vfs, error, ErrorBufferBytes);
        }
        finally
        {
            NativeMethods.mj_deleteVFS(vfs);
            NativeMemory.Free(vfs);
        }
    }

    private static void CheckLayout(mjModel* model)
    {
        mjData* data = NativeMethods.mj_makeData(model);
        try
        {
            LayoutSelfCheck.Run(model, data);
        }
        finally
        {
            NativeMethods.mj_deleteData(data);
        }
    }
}
