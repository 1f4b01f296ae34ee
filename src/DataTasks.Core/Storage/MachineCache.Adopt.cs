using DataTasks.Core.Hashing;

namespace DataTasks.Core.Storage;

/// <summary>push's way into the cache: the tree file itself becomes the cache object where the link mode allows it.</summary>
public sealed partial class MachineCache
{
    /// <summary>
    /// Puts the tree file <paramref name="source"/> (content <paramref name="key"/>) into the cache the way
    /// <paramref name="modes"/> says files share it, so a push writes the bytes once (to the remote) instead of once more
    /// into the cache. With hardlink first among the modes the cache object becomes another name of the tree file; with
    /// symlink first it does too where it can, and the tree file is then replaced by a symbolic link to it. Either way the
    /// shared file is sealed read-only, exactly as pull leaves a linked file, so an edit can never reach the cache.
    /// Other modes (reflink, copy: private writable tree files) and a hard link the file system refuses fall back to
    /// <see cref="StoreFileAsync"/>'s verified copy. The content is hashed (read, not written) before the object becomes
    /// visible: a file edited since it was hashed is DT0301 and left writable. Returns the mode that put it there, or
    /// null when the cache already had the object.
    /// </summary>
    public async Task<LinkMode?> AdoptFileAsync(string key, long size, string source, LinkModes modes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modes);
        var shared = modes.Order[0];
        if (shared is not (LinkMode.Hardlink or LinkMode.Symlink) || Contains(key, size))
        {
            return await StoreFileAsync(key, size, source, cancellationToken).ConfigureAwait(false) ? LinkMode.Copy : null;
        }

        var linked = false;
        using (await FileLock.AcquireAsync(LockPath(key), cancellationToken).ConfigureAwait(false))
        {
            if (!Contains(key, size))
            {
                linked = LinkIn(key, size, source, cancellationToken);
            }
        }

        if (!linked && !await StoreFileAsync(key, size, source, cancellationToken).ConfigureAwait(false) && shared != LinkMode.Symlink)
        {
            return null;
        }

        if (shared == LinkMode.Symlink)
        {
            ReplaceWithSymlink(key, source);
            return LinkMode.Symlink;
        }

        return linked ? LinkMode.Hardlink : LinkMode.Copy;
    }

    /// <summary>Makes the cache object a hard link to <paramref name="source"/>, sealed and checked; false when the file system refuses the link.</summary>
    private bool LinkIn(string key, long size, string source, CancellationToken cancellationToken)
    {
        var target = ObjectPath(key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        AtomicFile.CleanStaleTemps(target, TimeSpan.Zero);
        var temp = AtomicFile.TempPathFor(target);
        try
        {
            if (!FileLinks.TryCreateHardLink(source, temp))
            {
                return false;
            }

            // Read-only first, then hash: an edit that slipped in before the seal shows in the hash, none can follow it.
            var mode = OperatingSystem.IsWindows() ? (UnixFileMode?)null : File.GetUnixFileMode(temp);
            Seal(temp);
            var actual = ContentHasher.HashFile(temp, cancellationToken);
            if (actual.Key != key || actual.Size != size)
            {
                AtomicFile.TryDelete(temp);
                if (mode is { } writable && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(source, writable);
                }
                else
                {
                    File.SetAttributes(source, File.GetAttributes(source) & ~FileAttributes.ReadOnly);
                }

                throw new DataTasksException(ErrorCodes.ObjectCorrupt,
                    $"{source} changed after it was hashed (content hash {actual.Key[..8]}…, expected {key[..8]}…); run 'dotnet data add' on it again before pushing");
            }

            File.Move(temp, target, overwrite: true);
            ForgetUse(key);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataTasksException(ErrorCodes.IoError, $"cannot link {source} into the cache at {Directory}: {ex.Message}", ex);
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }

    /// <summary>The symlink mode's tree file: a symbolic link to the cache object in place of <paramref name="source"/>, through a temp name and a rename.</summary>
    private void ReplaceWithSymlink(string key, string source)
    {
        var temp = AtomicFile.TempPathFor(source);
        try
        {
            File.CreateSymbolicLink(temp, ObjectPath(key));
            File.Move(temp, source, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The tree keeps its (now sealed or private) file; the push and the cache object stand.
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }
}
