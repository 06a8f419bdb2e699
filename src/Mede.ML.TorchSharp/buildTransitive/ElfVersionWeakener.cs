// The build task of Mede.ML.TorchSharp.targets (compiled by MSBuild's RoslynCodeTaskFactory, not part of the library).
// It marks one version requirement of an ELF64 little-endian shared library weak (VER_FLG_WEAK), so the dynamic loader
// accepts the library where that version is missing. See the .targets file for why this is safe for libLibTorchSharp.so.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class MedeWeakenElfVersionRequirement : Task
{
    private const uint SectionRela = 4, SectionRel = 9, SectionDynamicSymbols = 11;
    private const uint SectionVersionNeeds = 0x6ffffffe, SectionVersionSymbols = 0x6fffffff;
    private const ushort WeakFlag = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string Version { get; set; } = "";

    public bool Always { get; set; }

    public override bool Execute()
    {
        if (!Always && SystemLibStdCxxHas(Version))
        {
            Log.LogMessage(MessageImportance.Low, "libstdc++ on this machine has " + Version + "; the TorchSharp shim is left as it is.");
            return true;
        }

        foreach (ITaskItem item in Files)
        {
            string path = item.GetMetadata("FullPath");
            try
            {
                Weaken(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
            {
                Log.LogWarning("Mede.ML.TorchSharp: could not mark " + Version + " weak in " + path + ": " + e.Message +
                    " TorchSharp may fail to load on a libstdc++ older than GCC 13's.");
            }
        }

        return !Log.HasLoggedErrors;
    }

    private void Weaken(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("not a 64-bit little-endian ELF file.");
        }

        long sectionTable = (long)U64(elf, 0x28);
        int sectionSize = U16(elf, 0x3A), sections = U16(elf, 0x3C);
        int flagsOffset = -1;
        ushort versionIndex = 0;
        for (int s = 0; s < sections && flagsOffset < 0; s++)
        {
            long header = sectionTable + (long)s * sectionSize;
            if (U32(elf, header + 4) != SectionVersionNeeds)
            {
                continue;
            }

            long strings = (long)U64(elf, sectionTable + (long)U32(elf, header + 40) * sectionSize + 24);
            long entry = (long)U64(elf, header + 24);
            uint needs = U32(elf, header + 44);
            for (uint n = 0; n < needs && flagsOffset < 0; n++)
            {
                int count = U16(elf, entry + 2);
                long aux = entry + U32(elf, entry + 8);
                for (int a = 0; a < count; a++)
                {
                    if (Name(elf, strings + U32(elf, aux + 8)) == Version)
                    {
                        flagsOffset = checked((int)(aux + 4));
                        versionIndex = (ushort)(U16(elf, aux + 6) & 0x7fff);
                        break;
                    }

                    aux += U32(elf, aux + 12);
                }

                entry += U32(elf, entry + 12);
            }
        }

        if (flagsOffset < 0)
        {
            Log.LogMessage(MessageImportance.Low, path + " requires no " + Version + "; nothing to do.");
            return;
        }

        ushort flags = (ushort)U16(elf, flagsOffset);
        if ((flags & WeakFlag) != 0)
        {
            Log.LogMessage(MessageImportance.Low, path + ": " + Version + " is already weak.");
            return;
        }

        string bound = BoundSymbolRelocation(elf, sectionTable, sectionSize, sections, versionIndex);
        if (bound != null)
        {
            Log.LogWarning("Mede.ML.TorchSharp: " + path + " binds " + bound + " of " + Version +
                " through a relocation; marking the version weak would not be safe, so the file is left as it is.");
            return;
        }

        flags |= WeakFlag;
        elf[flagsOffset] = (byte)flags;
        elf[flagsOffset + 1] = (byte)(flags >> 8);

        // A private copy renamed over the output file: a hard link to the NuGet cache is replaced, never written through.
        DateTime stamp = File.GetLastWriteTimeUtc(path);
        string temporary = path + ".weak-" + Guid.NewGuid().ToString("N");
        File.WriteAllBytes(temporary, elf);
        File.SetLastWriteTimeUtc(temporary, stamp);
        File.Replace(temporary, path, null);
        Log.LogMessage(MessageImportance.Normal, "Mede.ML.TorchSharp: marked " + Version + " weak in " + path + ".");
    }

    /// <summary>The first relocation that binds a dynamic symbol of the version, or null when none does.</summary>
    private static string BoundSymbolRelocation(byte[] elf, long sectionTable, int sectionSize, int sections, ushort versionIndex)
    {
        long versions = -1;
        for (int s = 0; s < sections; s++)
        {
            long header = sectionTable + (long)s * sectionSize;
            if (U32(elf, header + 4) == SectionVersionSymbols)
            {
                versions = (long)U64(elf, header + 24);
            }
        }

        if (versions < 0)
        {
            return null;
        }

        for (int s = 0; s < sections; s++)
        {
            long header = sectionTable + (long)s * sectionSize;
            uint type = U32(elf, header + 4);
            if (type != SectionRela && type != SectionRel)
            {
                continue;
            }

            long linked = sectionTable + (long)U32(elf, header + 40) * sectionSize;
            if (U32(elf, linked + 4) != SectionDynamicSymbols)
            {
                continue;
            }

            long offset = (long)U64(elf, header + 24), size = (long)U64(elf, header + 32);
            long entrySize = type == SectionRela ? 24 : 16;
            for (long r = offset; r + entrySize <= offset + size; r += entrySize)
            {
                ulong symbol = U64(elf, r + 8) >> 32;
                if (symbol != 0 && (U16(elf, versions + 2 * (long)symbol) & 0x7fff) == versionIndex)
                {
                    return "dynamic symbol #" + symbol;
                }
            }
        }

        return null;
    }

    private static bool SystemLibStdCxxHas(string version)
    {
        string[] candidates = { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" };
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return IndexOf(File.ReadAllBytes(candidate), needle) >= 0;
            }
        }

        return false;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Name(byte[] elf, long offset)
    {
        int end = (int)offset;
        while (elf[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(elf, (int)offset, end - (int)offset);
    }

    private static int U16(byte[] b, long o) => b[o] | (b[o + 1] << 8);

    private static uint U32(byte[] b, long o) => (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));

    private static ulong U64(byte[] b, long o) => U32(b, o) | ((ulong)U32(b, o + 4) << 32);
}
