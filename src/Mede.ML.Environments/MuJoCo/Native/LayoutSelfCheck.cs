namespace Mede.ML.Environments.MuJoCo.Native;

/// <summary>
/// A run-time check, needing no compiler, that the C# mirrors of mjModel and mjData match the loaded library.
/// </summary>
/// <remarks>
/// MuJoCo 2.2.2 (<c>engine_io.c</c>) carves every array of a model or data out of one buffer, in the order of the
/// <c>MJMODEL_POINTERS</c> / <c>MJDATA_POINTERS</c> X-macros, padding each to 64 bytes. So, read through the C# fields
/// in that order, the pointers must be 64-byte aligned relative to the buffer, non-decreasing, and inside
/// [buffer, buffer + nbuffer]. A shifted field reads an int or a double as a pointer and fails this at once. The
/// offsetof test (<c>MjStructsLayoutTests</c>) is the exact check; this one runs wherever a model is loaded.
/// </remarks>
internal static unsafe class LayoutSelfCheck
{
    /// <summary>Checks one model and one of its data; throws <see cref="MuJoCoException"/> naming the first bad field.</summary>
    public static void Run(mjModel* m, mjData* d)
    {
        if (m->nq < 0 || m->nv < 0 || m->nu < 0 || m->nbody < 1 || m->nbuffer <= 0 || !(m->opt.timestep > 0))
        {
            Fail("mjModel", "sizes", $"nq {m->nq}, nv {m->nv}, nu {m->nu}, nbody {m->nbody}, nbuffer {m->nbuffer}, timestep {m->opt.timestep}");
        }

        Span<nint> modelPointers = stackalloc nint[MjPointerBlocks.mjModelNames.Length];
        MjPointerBlocks.Read(m, modelPointers);
        CheckBlock("mjModel", MjPointerBlocks.mjModelNames, modelPointers, (nint)m->buffer, m->nbuffer);

        if (d->nstack != m->nstack || d->nbuffer <= 0)
        {
            Fail("mjData", "sizes", $"nstack {d->nstack} (model says {m->nstack}), nbuffer {d->nbuffer}");
        }

        Span<nint> dataPointers = stackalloc nint[MjPointerBlocks.mjDataNames.Length];
        MjPointerBlocks.Read(d, dataPointers);
        CheckBlock("mjData", MjPointerBlocks.mjDataNames, dataPointers, (nint)d->buffer, d->nbuffer);
    }

    private static void CheckBlock(string structName, string[] names, ReadOnlySpan<nint> pointers, nint buffer, int size)
    {
        if (pointers[0] != buffer)
        {
            Fail(structName, names[0], $"the first array should start the buffer 0x{buffer:x}, found 0x{pointers[0]:x}");
        }

        nint previous = buffer;
        for (int i = 0; i < pointers.Length; i++)
        {
            long offset = pointers[i] - buffer;
            if (offset < 0 || offset > size || offset % 64 != 0 || pointers[i] < previous)
            {
                Fail(structName, names[i], $"pointer 0x{pointers[i]:x} is at offset {offset} of a {size}-byte buffer " +
                                           "(expected 64-byte aligned, non-decreasing, inside the buffer)");
            }

            previous = pointers[i];
        }
    }

    private static void Fail(string structName, string field, string detail) =>
        throw new MuJoCoException(
            $"The C# mirror of {structName} does not match the loaded MuJoCo library ({structName}.{field}: {detail}). " +
            $"Mede.ML requires MuJoCo 2.2.2 ({MuJoCoLibrary.InstallHint}); after an upgrade, regenerate the structs " +
            "with build/generate-mujoco-structs.py.");
}
