using Microsoft.Win32.SafeHandles;

namespace Mede.ML.Environments.MuJoCo.Native;

/// <summary>Owns an <c>mjData*</c>; releasing it calls <c>mj_deleteData</c>. An mjData is self-contained (it
/// frees only its own buffers), so it may be released after or before its model.</summary>
internal sealed unsafe class MjDataHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public MjDataHandle()
        : base(ownsHandle: true)
    {
    }

    public MjDataHandle(mjData* data)
        : base(ownsHandle: true) => SetHandle((nint)data);

    public mjData* Pointer => (mjData*)handle;

    protected override bool ReleaseHandle()
    {
        NativeMethods.mj_deleteData((mjData*)handle);
        return true;
    }
}
