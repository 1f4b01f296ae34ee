namespace DataTasks.Core.Storage;

/// <summary>
/// Tells whether a file in the tree is a link into the machine cache (the hardlink and symlink link modes), so its
/// content is known without reading it: the cache object's own stamp vouches for it, exactly as it does when the
/// cache serves a pull.
/// </summary>
public static class CacheLink
{
    /// <summary>
    /// True when <paramref name="path"/> is a hard link to the cached object <paramref name="key"/> (same device and
    /// inode) or a symbolic link whose target is that object, and the object is intact by its stamp (the verified
    /// modification time and <paramref name="size"/>). False on platforms that cannot tell (the caller hashes).
    /// </summary>
    public static bool IsLinkTo(MachineCache cache, string path, string key, long size)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(path);
        if (key.Length < 2 || FileIdentity.TryGet(path) is not { } file)
        {
            return false;
        }

        var objectPath = cache.ObjectPath(key);
        if (FileIdentity.TryGet(objectPath) is not { IsRegularFile: true } cached ||
            cached.Size != size || cached.MTimeNs != VerifiedStampNs)
        {
            return false;
        }

        if (file.IsSymbolicLink)
        {
            return LinkTarget(path) is { } target && string.Equals(target, objectPath, StringComparison.Ordinal);
        }

        return file.IsRegularFile && file.SameFileAs(cached);
    }

    /// <summary>Where the symbolic link at <paramref name="path"/> points, as a full path; null when it is not a link.</summary>
    public static string? LinkTarget(string path)
    {
        try
        {
            var target = new FileInfo(path).LinkTarget;
            return target is null ? null : Path.GetFullPath(target, Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long VerifiedStampNs => (MachineCache.VerifiedStamp.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
