using System.Runtime.InteropServices;

namespace Mede.ML.Environments.MuJoCo.Native;

/// <summary>
/// The MuJoCo 2.2.2 C API functions Mede.ML uses, with their C names and signatures. Every signature is blittable
/// (typed pointers, ints, doubles), so the source generator emits no marshalling. <c>const char*</c> returns are
/// <c>byte*</c>: a <c>string</c> return would make the marshaller free MuJoCo's static memory.
/// </summary>
/// <remarks>
/// The logical library name <c>mujoco</c> is resolved by <see cref="MuJoCoLibrary"/> (registered in this type's static
/// constructor, so it runs before the first call). Call <see cref="MuJoCoLibrary.EnsureAvailable"/> before any of these:
/// it checks the version and installs the error and warning hooks.
/// </remarks>
internal static unsafe partial class NativeMethods
{
    public const string Library = "mujoco";

    static NativeMethods() => MuJoCoLibrary.RegisterResolver();

    [LibraryImport(Library)]
    public static partial int mj_version();

    [LibraryImport(Library)]
    public static partial byte* mj_versionString();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial mjModel* mj_loadXML(string filename, mjVFS* vfs, byte* error, int error_sz);

    [LibraryImport(Library)]
    public static partial void mj_freeLastXML();

    [LibraryImport(Library)]
    public static partial void mj_defaultVFS(mjVFS* vfs);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mj_makeEmptyFileVFS(mjVFS* vfs, string filename, int filesize);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mj_findFileVFS(mjVFS* vfs, string filename);

    [LibraryImport(Library)]
    public static partial void mj_deleteVFS(mjVFS* vfs);

    [LibraryImport(Library)]
    public static partial void mj_deleteModel(mjModel* m);

    [LibraryImport(Library)]
    public static partial int mj_sizeModel(mjModel* m);

    [LibraryImport(Library)]
    public static partial mjData* mj_makeData(mjModel* m);

    [LibraryImport(Library)]
    public static partial mjData* mj_copyData(mjData* dest, mjModel* m, mjData* src);

    [LibraryImport(Library)]
    public static partial void mj_resetData(mjModel* m, mjData* d);

    [LibraryImport(Library)]
    public static partial void mj_deleteData(mjData* d);

    [LibraryImport(Library)]
    public static partial void mj_step(mjModel* m, mjData* d);

    [LibraryImport(Library)]
    public static partial void mj_forward(mjModel* m, mjData* d);

    [LibraryImport(Library)]
    public static partial void mj_kinematics(mjModel* m, mjData* d);

    [LibraryImport(Library)]
    public static partial void mj_rnePostConstraint(mjModel* m, mjData* d);

    [LibraryImport(Library)]
    public static partial void mj_subtreeVel(mjModel* m, mjData* d);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mj_name2id(mjModel* m, int type, string name);

    [LibraryImport(Library)]
    public static partial byte* mj_id2name(mjModel* m, int type, int id);
}
