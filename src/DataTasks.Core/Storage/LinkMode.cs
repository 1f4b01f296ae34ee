namespace DataTasks.Core.Storage;

/// <summary>One way a cached object can appear in the working tree (DVC's cache.type values).</summary>
public enum LinkMode
{
    /// <summary>A copy-on-write clone (btrfs, XFS): a private, writable file that shares blocks with the cache until written.</summary>
    Reflink,

    /// <summary>A second name for the cache object's inode: no second copy, read-only, same file system only.</summary>
    Hardlink,

    /// <summary>A symbolic link to the cache object: no second copy, read-only, any file system.</summary>
    Symlink,

    /// <summary>A private, writable copy, hashed as it is written.</summary>
    Copy,
}
