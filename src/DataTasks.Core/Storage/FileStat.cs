namespace DataTasks.Core.Storage;

/// <summary>
/// What the stat cache keys on: size, modification and change times in nanoseconds, and the file id (inode).
/// On Linux it comes from statx(2), which has one layout on every architecture; elsewhere from the portable
/// FileInfo API (100 ns times, no inode), which is still safe because any of these changing forces a re-hash.
/// </summary>
public readonly partial record struct FileStat(long Size, long MTimeNs, long CTimeNs, ulong FileId)
{
    /// <summary>Reads the stat of a regular file, or returns null when it does not exist or is not a regular file.</summary>
    public static FileStat? TryGet(string path)
    {
        if (OperatingSystem.IsLinux() && LinuxStat.Available)
        {
            return LinuxStat.TryGet(path);
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        var mtime = (info.LastWriteTimeUtc.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        return new FileStat(info.Length, mtime, mtime, 0);
    }
}

/// <summary>Stat of a repository path under a root, without making the full path a string where the platform allows.</summary>
public readonly partial record struct FileStat
{
    /// <summary>Like <see cref="TryGet"/> for <paramref name="entryPath"/> ('/' separated) under <paramref name="root"/>.</summary>
    public static FileStat? TryGetUnder(string root, string entryPath) =>
        OperatingSystem.IsLinux() && LinuxStat.Available ? LinuxStat.TryGet(root, entryPath) : TryGet(Manifest.EntryPath.ToFullPath(root, entryPath));
}

internal static unsafe class LinuxStat
{
    private const int SIFMT = 0xF000;
    private const int SIFREG = 0x8000;

    public static bool Available { get; private set; } = true;

    public static FileStat? TryGet(string path) => TryGet(path, null);

    /// <summary>The stat of <paramref name="rootOrPath"/> joined with <paramref name="entryPath"/>, or of <paramref name="rootOrPath"/> alone when that is null.</summary>
    public static FileStat? TryGet(string rootOrPath, string? entryPath)
    {
        byte* buffer = stackalloc byte[Statx.BufferSize];
        var rc = entryPath is null ? Statx.Read(rootOrPath, followLink: true, buffer) : Statx.Read(rootOrPath, entryPath, followLink: true, buffer);
        if (rc is Statx.NoEntryPoint or Statx.ENOSYS)
        {
            Available = false;
            return FileStat.TryGet(entryPath is null ? rootOrPath : Manifest.EntryPath.ToFullPath(rootOrPath, entryPath));
        }

        if (rc != 0)
        {
            return null;
        }

        var mode = *(ushort*)(buffer + 28);
        if ((mode & SIFMT) != SIFREG)
        {
            return null;
        }

        var ino = *(ulong*)(buffer + 32);
        var size = *(long*)(buffer + 40);
        var ctime = (*(long*)(buffer + 96) * 1_000_000_000L) + *(uint*)(buffer + 104);
        var mtime = (*(long*)(buffer + 112) * 1_000_000_000L) + *(uint*)(buffer + 120);
        return new FileStat(size, mtime, ctime, ino);
    }
}
