using Microsoft.Win32.SafeHandles;

namespace Mede.ML.Environments.MuJoCo.Native;

/// <summary>Owns an <c>mjModel*</c>; releasing it calls <c>mj_deleteModel</c>.</summary>
internal sealed unsafe class MjModelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public MjModelHandle()
        : base(ownsHandle: true)
    {
    }

    public MjModelHandle(mjModel* model)
        : base(ownsHandle: true) => SetHandle((nint)model);

    public mjModel* Pointer => (mjModel*)handle;

    protected override bool ReleaseHandle()
    {
        NativeMethods.mj_deleteModel((mjModel*)handle);
        return true;
    }
}
