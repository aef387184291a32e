// Marks one symbol-version requirement of an ELF64 shared library as weak (VER_FLG_WEAK), so the
// dynamic loader accepts the library on a system whose libstdc++ lacks that version.
//
// Why: TorchSharp 0.107's libLibTorchSharp.so is built with GCC 13 and requires GLIBCXX_3.4.32,
// but Debian 12's libstdc++ stops at 3.4.30. The only symbol it takes from 3.4.32 is
// std::ios_base_library_init, GCC 13's no-op iostream-initialisation marker, and nothing relocates
// against it, so a weak requirement is safe. The build runs this over the copy in the output folder
// (never the NuGet cache), and only where the system libstdc++ really lacks the version.
//
// Compiled twice: by MSBuild's RoslynCodeTaskFactory as the WeakenElfVersionNeed task
// (build/TorchSharpNativeFixup.targets, which compiles against netstandard2.0: keep to its APIs),
// and by the tests with CCORNET_TESTS defined.
#nullable enable
using System;
using System.IO;
using System.Text;

public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>Result of looking for one version requirement in an ELF image.</summary>
    public enum Outcome { NotRequired, AlreadyWeak, MarkedWeak }

    /// <summary>Sets VER_FLG_WEAK on the requirement named <paramref name="version"/>, in place.</summary>
    /// <exception cref="InvalidDataException">The image is not a little-endian ELF64 file.</exception>
    public static Outcome MarkWeak(byte[] image, string version)
    {
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (image[4] != 2 || image[5] != 1)
            throw new InvalidDataException("only little-endian ELF64 is supported");

        long sectionTable = ReadInt64(image, 0x28);
        int sectionSize = ReadUInt16(image, 0x3A);
        int sectionCount = ReadUInt16(image, 0x3C);
        for (int i = 0; i < sectionCount; i++)
        {
            long header = sectionTable + (long)i * sectionSize;
            if (ReadUInt32(image, header + 4) != ShtGnuVerneed) continue;

            long needs = ReadInt64(image, header + 0x18);
            uint stringTableIndex = ReadUInt32(image, header + 0x28);
            int needCount = (int)ReadUInt32(image, header + 0x2C);
            long strings = ReadInt64(image, sectionTable + (long)stringTableIndex * sectionSize + 0x18);

            // Verneed entries: vn_cnt @2, vn_aux @8, vn_next @12. Vernaux: vna_flags @4, vna_name @8, vna_next @12.
            long need = needs;
            for (int n = 0; n < needCount; n++)
            {
                int auxCount = ReadUInt16(image, need + 2);
                long aux = need + ReadUInt32(image, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    if (ReadCString(image, strings + ReadUInt32(image, aux + 8)) == version)
                    {
                        ushort flags = ReadUInt16(image, aux + 4);
                        if ((flags & VerFlgWeak) != 0) return Outcome.AlreadyWeak;
                        WriteUInt16(image, aux + 4, (ushort)(flags | VerFlgWeak));
                        return Outcome.MarkedWeak;
                    }
                    aux += ReadUInt32(image, aux + 12);
                }
                need += ReadUInt32(image, need + 12);
            }
        }
        return Outcome.NotRequired;
    }

    /// <summary>True when a library file (e.g. the system libstdc++) defines the version string.</summary>
    public static bool Defines(string libraryPath, string version)
    {
        if (!File.Exists(libraryPath)) return false;
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        byte[] library = File.ReadAllBytes(libraryPath);
        for (int i = Array.IndexOf(library, needle[0]); i >= 0 && i <= library.Length - needle.Length; i = Array.IndexOf(library, needle[0], i + 1))
        {
            int k = 1;
            while (k < needle.Length && library[i + k] == needle[k]) k++;
            if (k == needle.Length) return true;
        }
        return false;
    }

    /// <summary>The system libstdc++ the loader would pick, or null when none is found.</summary>
    public static string? FindSystemLibStdCxx()
    {
        foreach (string dir in new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib" })
        {
            string path = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static ushort ReadUInt16(byte[] b, long at) => BitConverter.ToUInt16(b, checked((int)at));
    private static uint ReadUInt32(byte[] b, long at) => BitConverter.ToUInt32(b, checked((int)at));
    private static long ReadInt64(byte[] b, long at) => BitConverter.ToInt64(b, checked((int)at));
    private static void WriteUInt16(byte[] b, long at, ushort value)
    {
        b[checked((int)at)] = (byte)value;
        b[checked((int)at + 1)] = (byte)(value >> 8);
    }

    private static string ReadCString(byte[] b, long at)
    {
        int start = checked((int)at);
        int end = Array.IndexOf(b, (byte)0, start);
        return Encoding.ASCII.GetString(b, start, end - start);
    }
}

#if !CCORNET_TESTS
/// <summary>MSBuild task: weakens <see cref="Version"/> in each library when the system libstdc++ lacks it.</summary>
public sealed class WeakenElfVersionNeed : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required] public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();
    [Microsoft.Build.Framework.Required] public string Version { get; set; } = "";

    public override bool Execute()
    {
        if (!System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux)) return true;
        string? libStdCxx = ElfVersionNeeds.FindSystemLibStdCxx();
        if (libStdCxx is not null && ElfVersionNeeds.Defines(libStdCxx, Version))
        {
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"{libStdCxx} provides {Version}; native fix-up not needed");
            return true;
        }
        foreach (var item in Libraries)
        {
            string path = item.ItemSpec;
            if (!File.Exists(path)) continue;
            byte[] image = File.ReadAllBytes(path);
            var outcome = ElfVersionNeeds.MarkWeak(image, Version);
            if (outcome == ElfVersionNeeds.Outcome.MarkedWeak)
            {
                // Write beside it and rename over: the output copy may be a hard link into the NuGet
                // cache (Directory.Build.props), which must stay untouched.
                string patched = path + ".fixup";
                File.WriteAllBytes(patched, image);
                File.Delete(path);
                File.Move(patched, path);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, $"native fix-up: {Version} requirement marked weak in {path}");
            }
        }
        return true;
    }
}
#endif
