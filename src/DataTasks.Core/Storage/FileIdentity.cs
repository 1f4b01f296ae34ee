namespace DataTasks.Core.Storage;

/// <summary>
/// Which file a path names (device and inode), how many names it has and its mode, without following a final
/// symbolic link: what telling a link into the machine cache from a private copy takes. Linux only (statx(2));
/// elsewhere <see cref="TryGet"/> returns null and callers fall back to hashing, which is slower but never wrong.
/// </summary>
/// <param name="Device">The device the inode is on (major in the high 32 bits, minor in the low).</param>
/// <param name="Inode">The inode number.</param>
/// <param name="LinkCount">How many hard links name the inode.</param>
/// <param name="Mode">The file type and permission bits (st_mode).</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="MTimeNs">The modification time in nanoseconds since the Unix epoch.</param>
public readonly record struct FileIdentity(ulong Device, ulong Inode, uint LinkCount, int Mode, long Size, long MTimeNs)
{
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int SymlinkType = 0xA000;
    private const int WriteBits = 0x92; // u+w, g+w, o+w

    /// <summary>True for a regular file.</summary>
    public bool IsRegularFile => (Mode & TypeMask) == RegularType;

    /// <summary>True for a symbolic link (the path itself, not what it points to).</summary>
    public bool IsSymbolicLink => (Mode & TypeMask) == SymlinkType;

    /// <summary>True when nobody has write permission: how link modes protect the cache object behind a tree file.</summary>
    public bool IsReadOnly => (Mode & WriteBits) == 0;

    /// <summary>True when both name the same inode on the same device.</summary>
    public bool SameFileAs(FileIdentity other) => Device == other.Device && Inode == other.Inode;

    /// <summary>The identity of <paramref name="path"/>, or null when it does not exist or this platform cannot tell.</summary>
    /// <param name="path">The path; a final symbolic link is described itself unless <paramref name="followLink"/>.</param>
    /// <param name="followLink">Describe what a final symbolic link points to instead.</param>
    public static FileIdentity? TryGet(string path, bool followLink = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        return OperatingSystem.IsLinux() ? LinuxIdentity.TryGet(path, followLink) : null;
    }
}

internal static unsafe class LinuxIdentity
{
    private static bool unavailable;

    public static FileIdentity? TryGet(string path, bool followLink)
    {
        if (unavailable)
        {
            return null;
        }

        byte* buffer = stackalloc byte[Statx.BufferSize];
        var rc = Statx.Read(path, followLink, buffer);
        if (rc is Statx.NoEntryPoint or Statx.ENOSYS)
        {
            unavailable = true;
            return null;
        }

        if (rc != 0)
        {
            return null;
        }

        // struct statx: stx_nlink at 16, stx_mode at 28, stx_ino at 32, stx_size at 40, stx_mtime at 112,
        // stx_dev_major and stx_dev_minor at 136 and 140.
        var nlink = *(uint*)(buffer + 16);
        var mode = *(ushort*)(buffer + 28);
        var ino = *(ulong*)(buffer + 32);
        var size = *(long*)(buffer + 40);
        var mtime = (*(long*)(buffer + 112) * 1_000_000_000L) + *(uint*)(buffer + 120);
        var device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        return new FileIdentity(device, ino, nlink, mode, size, mtime);
    }
}
