namespace DataTasks.Core.Storage;

/// <summary>How <see cref="OutputLink.Place"/> put a data file into a build's output folder.</summary>
public enum OutputLinkResult
{
    /// <summary>The output file already was another name of the same file: nothing to do.</summary>
    UpToDate,

    /// <summary>A hard link to the tree file (or, for a symbolic link, to the cache object it points at).</summary>
    Linked,

    /// <summary>A copy: the output folder is on another file system, or it refuses links.</summary>
    Copied,
}

/// <summary>
/// The SDK's copy of a linked data file (the hardlink and symlink link modes: read-only, sharing the machine cache's
/// object) into bin/: a hard link where the output folder is on the same file system, so the build writes no second
/// copy either. Up to date means the same inode, never the modification time: every cache object carries the same
/// fixed stamp, so a time check could not tell two versions apart. A stale output file is deleted, never made
/// writable first: it may share its inode with the cache object, and a chmod would unprotect the cache.
/// </summary>
public static class OutputLink
{
    /// <summary>Puts <paramref name="source"/> at <paramref name="destination"/>.</summary>
    public static OutputLinkResult Place(string source, string destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var real = CacheLink.LinkTarget(source) ?? Path.GetFullPath(source);
        try
        {
            if (FileIdentity.TryGet(real, followLink: true) is { } from && FileIdentity.TryGet(destination) is { IsRegularFile: true } to && from.SameFileAs(to))
            {
                return OutputLinkResult.UpToDate;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
            if (File.Exists(destination) || new FileInfo(destination).LinkTarget is not null)
            {
                File.Delete(destination);
            }

            if (FileLinks.TryCreateHardLink(real, destination))
            {
                return OutputLinkResult.Linked;
            }

            File.Copy(real, destination, overwrite: false);
            return OutputLinkResult.Copied;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataTasksException(ErrorCodes.IoError, $"cannot put {source} into the output folder as {destination}: {ex.Message}", ex);
        }
    }
}
