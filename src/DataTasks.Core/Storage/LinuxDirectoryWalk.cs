using System.Runtime.InteropServices;
using System.Text;

namespace DataTasks.Core.Storage;

/// <summary>
/// Lists a tree with readdir(3) and the entry type it reports (d_type), as git does: no stat per file. The portable
/// FileSystemEnumerable asks for an entry's attributes with an lstat and a geteuid per file, which on a 100,000-file
/// tree cost status more than the stat of the files themselves. Links and entries of unknown type are statted, as
/// they must be. Linux on 64-bit only (where struct dirent has one layout); <see cref="Available"/> says so.
/// </summary>
internal static unsafe class LinuxDirectoryWalk
{
    private const byte DtUnknown = 0;
    private const byte DtDir = 4;
    private const byte DtReg = 8;
    private const byte DtLnk = 10;
    private const byte LinkToDirectory = 255; // not a d_type
    private const int SIFMT = 0xF000;
    private const int SIFDIR = 0x4000;
    private const int SIFLNK = 0xA000;

    // struct dirent (glibc and musl, 64-bit): d_ino (8), d_off (8), d_reclen (2), d_type (1), then d_name.
    private const int TypeOffset = 18;
    private const int NameOffset = 19;

    private static bool broken;

    /// <summary>True where this walk can be used; elsewhere use FileSystemEnumerable.</summary>
    public static bool Available => OperatingSystem.IsLinux() && Environment.Is64BitProcess && !broken;

    /// <summary>
    /// Every entry under <paramref name="root"/> that is not a directory, as a '/' path relative to it with whether it is
    /// a symbolic link, descending into each directory (not a link to one) for which <paramref name="descend"/> says
    /// so. Links to directories are neither listed nor followed; unreadable directories are passed over. Null when the
    /// root itself cannot be listed (the caller falls back to the portable enumeration, which reports why).
    /// </summary>
    public static IEnumerable<(string Path, bool IsLink)>? Enumerate(string root, Func<string, bool> descend)
    {
        var top = Read(root);
        return top is null ? null : Walk(root, top, descend);
    }

    private static IEnumerable<(string Path, bool IsLink)> Walk(string root, List<(string Name, byte Type)> top, Func<string, bool> descend)
    {
        var pending = new Queue<(string Prefix, List<(string Name, byte Type)> Entries)>();
        pending.Enqueue((string.Empty, top));
        while (pending.TryDequeue(out var folder))
        {
            foreach (var (name, type) in folder.Entries)
            {
                var rel = folder.Prefix + name;
                var kind = type is DtUnknown or DtLnk ? Kind(Path.Join(root, rel), type) : type;
                if (kind == DtDir)
                {
                    if (descend(rel) && Read(Path.Join(root, rel)) is { } entries)
                    {
                        pending.Enqueue((rel + "/", entries));
                    }

                    continue;
                }

                if (kind != LinkToDirectory)
                {
                    // A link to a directory is neither listed nor followed.
                    yield return (rel, kind == DtLnk);
                }
            }
        }
    }

    // What an entry readdir did not type (DT_UNKNOWN) or that is a link is: a directory, a link to one, a link to
    // anything else (or nothing), or something else (listed as a file, as the portable enumeration does).
    private static byte Kind(string full, byte type)
    {
        byte* buffer = stackalloc byte[Statx.BufferSize];
        if (type == DtUnknown)
        {
            if (Statx.Read(full, followLink: false, buffer) != 0)
            {
                return DtReg; // vanished or unreadable: its caller's stat finds out
            }

            var mode = *(ushort*)(buffer + 28) & SIFMT;
            if (mode != SIFLNK)
            {
                return mode == SIFDIR ? DtDir : DtReg;
            }
        }

        return Statx.Read(full, followLink: true, buffer) == 0 && (*(ushort*)(buffer + 28) & SIFMT) == SIFDIR ? LinkToDirectory : DtLnk;
    }

    private static List<(string Name, byte Type)>? Read(string directory)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(directory.Length) + 1;
        var pathBytes = new byte[maxBytes];
        var n = Encoding.UTF8.GetBytes(directory, pathBytes);
        pathBytes[n] = 0;
        IntPtr dir;
        try
        {
            fixed (byte* p = pathBytes)
            {
                dir = OpenDir(p);
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            broken = true;
            return null;
        }

        if (dir == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            var list = new List<(string, byte)>();
            for (var entry = ReadDir(dir); entry != null; entry = ReadDir(dir))
            {
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + NameOffset);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }

                list.Add((Encoding.UTF8.GetString(name), entry[TypeOffset]));
            }

            return list;
        }
        finally
        {
            _ = CloseDir(dir);
        }
    }

    [DllImport("libc", EntryPoint = "opendir", SetLastError = true)]
    private static extern IntPtr OpenDir(byte* name);

    [DllImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static extern byte* ReadDir(IntPtr dir);

    [DllImport("libc", EntryPoint = "closedir")]
    private static extern int CloseDir(IntPtr dir);
}
