using DataTasks.Core.Hashing;

namespace DataTasks.Core.Storage;

/// <summary>
/// The machine-wide content cache shared by every clone (like NuGet's global packages folder). Objects are stored
/// under objects/&lt;first two hex&gt;/&lt;key&gt;, verified when they enter, then made read-only and stamped with a fixed
/// modification time. A later reader trusts an object whose size and stamp are intact, so materialising from a warm
/// cache hashes nothing; an object whose stamp changed is re-hashed, and quarantined if it no longer matches.
/// </summary>
public sealed partial class MachineCache
{
    /// <summary>The modification time every verified object carries; any write to the file changes it.</summary>
    public static readonly DateTime VerifiedStamp = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly TimeSpan StaleTempAge = TimeSpan.FromMinutes(10);

    private static readonly long VerifiedStampNs = (VerifiedStamp.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Opens (without creating) the cache at <paramref name="directory"/>.</summary>
    public MachineCache(string directory)
    {
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The cache root.</summary>
    public string Directory { get; }

    /// <summary>The read pools probed when this cache lacks an object, before the remote (<see cref="ReadPools"/>).</summary>
    public ReadPools Pools { get; init; } = ReadPools.None;

    /// <summary>Where the object with <paramref name="key"/> lives.</summary>
    public string ObjectPath(string key) => Path.Join(Directory, "objects", key[..2], key);

    private string LockPath(string key) => Path.Join(Directory, "locks", key[..2], key + ".lock");

    /// <summary>
    /// True when the cache holds a valid copy of <paramref name="key"/>. An object whose stamp was disturbed is
    /// re-hashed; a corrupt one is moved to quarantine/ and reported through <paramref name="onCorrupt"/>.
    /// </summary>
    public bool Contains(string key, long expectedSize, Action<string>? onCorrupt = null)
    {
        var path = ObjectPath(key);
        var stat = FileStat.TryGet(path);
        if (stat is null)
        {
            return false;
        }

        if (stat.Value.Size == expectedSize && stat.Value.MTimeNs == VerifiedStampNs)
        {
            return true;
        }

        string actual;
        try
        {
            actual = ContentHasher.HashFile(path).Key;
        }
        catch (IOException)
        {
            return false;
        }

        // The key names the content: a matching hash is a valid object even when the caller's expected size is wrong.
        if (actual == key)
        {
            Seal(path);
            return true;
        }

        var quarantined = Quarantine(path, key);
        onCorrupt?.Invoke($"cached object {key[..8]}… was corrupt (content hash {actual[..8]}…); moved to {quarantined} and fetching it again");
        return false;
    }

    /// <summary>
    /// Makes sure the cache holds <paramref name="key"/>, fetching it with <paramref name="fetch"/> (which streams the
    /// object into the stream it is given) when it does not. Concurrent callers in any process fetch each object once;
    /// the content is verified against the key before it becomes visible. Returns true when it fetched.
    /// </summary>
    public async Task<bool> EnsureAsync(string key, long expectedSize, Func<Stream, CancellationToken, Task> fetch, Action<long>? progress, Action<string>? onCorrupt, CancellationToken cancellationToken)
    {
        if (Contains(key, expectedSize, onCorrupt))
        {
            return false;
        }

        using var held = await FileLock.AcquireAsync(LockPath(key), cancellationToken).ConfigureAwait(false);
        if (Contains(key, expectedSize, onCorrupt))
        {
            return false;
        }

        var target = ObjectPath(key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        // Under an exclusive lock every writer of this object holds it, so any temp file of it now is left over from a
        // killed process. A lock taken over from another host may be shared with a writer still at work: only old
        // temp files go then, since correctness must never depend on the lock.
        AtomicFile.CleanStaleTemps(target, held.MayBeShared ? StaleTempAge : TimeSpan.Zero);
        var temp = AtomicFile.TempPathFor(target);
        try
        {
            await VerifiedDownload.WriteAsync(temp, key, expectedSize, fetch, progress, cancellationToken).ConfigureAwait(false);
            Seal(temp);
            File.Move(temp, target, overwrite: true);
            ForgetUse(key);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && Contains(key, expectedSize, onCorrupt))
        {
            // Another writer (a wrong take-over, a file system that ignores the lock) swept this temp file after
            // putting a verified object in place: the cache has what was asked for.
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataTasksException(ErrorCodes.IoError, $"cannot write to the cache at {Directory}: {ex.Message}", ex);
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }

    /// <summary>
    /// Copies a cached object to <paramref name="target"/> through a temp file in the target's folder and a rename, so
    /// the target is either absent or complete. The copy is hashed as it is written: a cached object that rotted after
    /// it was verified (same size and stamp, different bytes) is quarantined, reported through
    /// <paramref name="onCorrupt"/>, and nothing is written. Returns false then, and when the object is not cached (the
    /// caller fetches it again). The copy is a separate, writable file: editing it never touches the cache.
    /// </summary>
    public bool TryMaterialize(string key, string target, Action<string>? onCorrupt, CancellationToken cancellationToken) =>
        TryMaterialize(key, target, LinkModes.Default, onCorrupt, out _, cancellationToken);

    /// <summary>
    /// Puts a cached object at <paramref name="target"/> the first way in <paramref name="modes"/> that works here,
    /// always through a temp name and a rename, so the target is either absent or complete. A hard link or symbolic
    /// link shares the (read-only) cache object, trusted by its stamp as <see cref="Contains"/> does; a reflink or a
    /// copy is a private writable file, and its content is hashed on the way (a rotted object is quarantined, reported
    /// through <paramref name="onCorrupt"/>, and nothing is written). Returns false when the object is not cached or
    /// rotted; <paramref name="used"/> says which mode made the file.
    /// </summary>
    public bool TryMaterialize(string key, string target, LinkModes modes, Action<string>? onCorrupt, out LinkMode used, CancellationToken cancellationToken) =>
        TryMaterialize(key, target, modes, verifiedNow: false, onCorrupt, out used, cancellationToken);

    /// <summary>
    /// <see cref="TryMaterialize(string, string, LinkModes, Action{string}?, out LinkMode, CancellationToken)"/> for an
    /// object this process has just put into the cache (<see cref="EnsureAsync"/> returned true): with
    /// <paramref name="verifiedNow"/> its content was hashed moments ago on the way in, so a copy or clone is trusted by
    /// the object's stamp as a link is, and a copy is made inside the kernel. Hashing it again would only repeat that
    /// check (a cold pull in copy mode hashed every byte twice).
    /// </summary>
    public bool TryMaterialize(string key, string target, LinkModes modes, bool verifiedNow, Action<string>? onCorrupt, out LinkMode used, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modes);
        used = LinkMode.Copy;
        var path = ObjectPath(key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        AtomicFile.CleanStaleTemps(target, StaleTempAge);
        for (var i = 0; i < modes.Order.Count; i++)
        {
            var mode = modes.Order[i];
            switch (mode)
            {
                case LinkMode.Hardlink or LinkMode.Symlink:
                    if (FileStat.TryGet(path) is null)
                    {
                        return false;
                    }

                    if (TryLink(path, target, mode))
                    {
                        used = mode;
                        if (!verifiedNow)
                        {
                            // An object fetched moments ago was used when it entered the cache (see RecordUse).
                            RecordUse(key);
                        }

                        return true;
                    }

                    break;
                case LinkMode.Reflink or LinkMode.Copy:
                    // reflink,copy (the default) copies into the temp file the failed clone left open, rather than
                    // creating and deleting one more file for each object on file systems without clones.
                    var copyIfNoClone = mode == LinkMode.Reflink && i + 1 < modes.Order.Count && modes.Order[i + 1] == LinkMode.Copy;
                    var trusted = verifiedNow && IsSealed(path);
                    if (TryCopy(key, path, target, clone: mode == LinkMode.Reflink, copyIfNoClone, trusted, onCorrupt, out var cloned, cancellationToken) is { } written)
                    {
                        used = cloned ? LinkMode.Reflink : LinkMode.Copy;
                        return written;
                    }

                    break;
            }
        }

        throw new DataTasksException(ErrorCodes.IoError,
            $"cannot write {target}: none of the link modes {modes} works between the machine cache at {Directory} and the tree (another file system?); add copy to \"{LinkModes.SettingName}\"");
    }

    /// <summary>
    /// A hard or symbolic link to the cache object at a temp name, renamed over the target. False when the file system
    /// refuses the link (another device, no link support, too many links), so the caller tries the next mode.
    /// </summary>
    private static bool TryLink(string objectPath, string target, LinkMode mode)
    {
        var temp = AtomicFile.TempPathFor(target);
        try
        {
            if (mode == LinkMode.Hardlink)
            {
                if (!FileLinks.TryCreateHardLink(objectPath, temp))
                {
                    return false;
                }
            }
            else
            {
                try
                {
                    File.CreateSymbolicLink(temp, objectPath);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Windows without the symlink privilege, or a file system without symbolic links.
                    return false;
                }
            }

            File.Move(temp, target, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataTasksException(ErrorCodes.IoError, $"cannot write {target}: {ex.Message}", ex);
        }
        finally
        {
            // A rename onto another name of the same inode does nothing and leaves the temp name behind.
            AtomicFile.TryDelete(temp);
        }
    }

    /// <summary>
    /// A private file at <paramref name="target"/>, cloned (<paramref name="clone"/>) or copied, checked against the key
    /// unless <paramref name="trusted"/> (just verified by this process; a copy is then made in the kernel).
    /// True when written; false when the object is gone or rotted; null when a clone is not possible here and
    /// <paramref name="copyIfNoClone"/> does not allow a copy instead. <paramref name="cloned"/> says which it made.
    /// </summary>
    private bool? TryCopy(string key, string path, string target, bool clone, bool copyIfNoClone, bool trusted, Action<string>? onCorrupt, out bool cloned, CancellationToken cancellationToken)
    {
        cloned = false;
        var temp = AtomicFile.TempPathFor(target);
        try
        {
            var before = FileStat.TryGet(path);
            string actual;
            try
            {
                using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan);
                using var destination = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
                if (clone && FileLinks.TryClone(source.SafeFileHandle, destination.SafeFileHandle))
                {
                    cloned = true;

                    // The clone holds exactly the source's bytes: hashing the source (a read, no write) checks it.
                    actual = trusted ? key : ContentHasher.HashFile(path, cancellationToken).Key;
                }
                else if (clone && !copyIfNoClone)
                {
                    return null;
                }
                else if (trusted && source.Length is var objectLength && FileLinks.TryCopyRange(source.SafeFileHandle, destination.SafeFileHandle, objectLength))
                {
                    // A copy of another length than the object had (it changed under us) never passes as the object.
                    if (destination.Length != objectLength || source.Length != objectLength)
                    {
                        throw new IOException($"cached object {key[..8]}… changed while it was copied");
                    }

                    actual = key;
                }
                else
                {
                    if (source.Length > 0)
                    {
                        destination.SetLength(source.Length);
                    }

                    var (copiedKey, length) = VerifiedCopy.Copy(source, destination, cancellationToken);
                    if (destination.Length != length)
                    {
                        destination.SetLength(length);
                    }

                    actual = copiedKey;
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException && !File.Exists(path))
            {
                // Evicted by gc --cache or quarantined by another process since it was checked: fetch it again.
                return false;
            }

            if (actual != key)
            {
                AtomicFile.TryDelete(temp);

                // Another process may have quarantined the same object and fetched a good copy meanwhile: only the
                // file that was read goes to quarantine.
                var now = FileStat.TryGet(path);
                var quarantined = now is not null && before is not null && now.Value.FileId == before.Value.FileId ? Quarantine(path, key) : "(already replaced)";
                onCorrupt?.Invoke($"cached object {key[..8]}… was corrupt (content hash {actual[..8]}…); moved to {quarantined} and fetching it again");
                return false;
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            File.Move(temp, target, overwrite: true);
            if (!trusted)
            {
                RecordUse(key);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataTasksException(ErrorCodes.IoError, $"cannot write {target}: {ex.Message}", ex);
        }
        finally
        {
            AtomicFile.TryDelete(temp);
        }
    }

    /// <summary>
    /// <see cref="TryMaterialize(string, string, Action{string}?, CancellationToken)"/> for callers with no fallback: DT0401 when the object is not cached, DT0301 when the
    /// cached copy is corrupt (it is quarantined); nothing is written at <paramref name="target"/> either way.
    /// </summary>
    public void Materialize(string key, string target, CancellationToken cancellationToken = default)
    {
        string? corrupt = null;
        if (TryMaterialize(key, target, message => corrupt = message, cancellationToken))
        {
            return;
        }

        throw corrupt is null
            ? new DataTasksException(ErrorCodes.IoError, $"cannot write {target}: object {key[..8]}… is not in the machine cache at {Directory}")
            : new DataTasksException(ErrorCodes.ObjectCorrupt, $"cannot write {target}: {corrupt}");
    }

    /// <summary>
    /// Re-hashes the cached object <paramref name="key"/> whatever its stamp says (verify, gc --cache --verify). True when
    /// it is absent or intact; a corrupt one is quarantined and false is returned, with where it went.
    /// </summary>
    public bool Check(string key, out string? quarantinedTo, CancellationToken cancellationToken = default)
    {
        quarantinedTo = null;
        var path = ObjectPath(key);
        string actual;
        try
        {
            actual = ContentHasher.HashFile(path, cancellationToken).Key;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataTasksException(ErrorCodes.IoError, $"cannot read {path}: {ex.Message}", ex);
        }

        if (actual == key)
        {
            return true;
        }

        quarantinedTo = Quarantine(path, key);
        return false;
    }

    /// <summary>
    /// Stores a local file as object <paramref name="key"/> through the cache's own verified write: the copy is hashed
    /// on the way in, so a file edited since it was hashed never enters the cache under the old key (DT0301).
    /// Returns false when the cache already had it.
    /// </summary>
    public Task<bool> StoreFileAsync(string key, long size, string source, CancellationToken cancellationToken) =>
        EnsureAsync(key, size, async (destination, ct) =>
        {
            await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await input.CopyToAsync(destination, ct).ConfigureAwait(false);
        }, progress: null, onCorrupt: null, cancellationToken);

    /// <summary>
    /// Where the last use of <paramref name="key"/> is recorded, for gc --cache: the mtime of an empty file beside the
    /// objects, since the object's own mtime is the fixed verification stamp.
    /// </summary>
    public string UsagePath(string key) => Path.Join(Directory, "usage", key[..2], key);

    /// <summary>
    /// Records that <paramref name="key"/> was just used. Best effort: a cache that cannot record use still works. An
    /// object with no record was last used when it entered the cache (gc --cache reads its ctime, or its creation time
    /// where there is no ctime), so the pull that fetches an object records nothing: a usage file is one more inode to
    /// create per object, and with many small objects creating inodes is most of a cold pull's time.
    /// </summary>
    public void RecordUse(string key)
    {
        var path = UsagePath(key);
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
            }

            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only gc --cache reads it; it then falls back to when the object entered the cache.
        }
    }

    /// <summary>
    /// Drops the usage record of an object that has just entered the cache, so its entry time is its last use: a record
    /// left from an earlier copy (quarantined, or deleted by hand) would date it back.
    /// </summary>
    private void ForgetUse(string key) => AtomicFile.TryDelete(UsagePath(key));

    /// <summary>True when the object at <paramref name="path"/> still carries the stamp it was sealed with.</summary>
    private static bool IsSealed(string path) => FileStat.TryGet(path) is { } stat && stat.MTimeNs == VerifiedStampNs;

    private static void Seal(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        File.SetLastWriteTimeUtc(path, VerifiedStamp);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        else
        {
            File.SetAttributes(path, FileAttributes.ReadOnly);
        }
    }

    private string Quarantine(string path, string key)
    {
        var dir = Path.Join(Directory, "quarantine");
        System.IO.Directory.CreateDirectory(dir);
        var dest = Path.Join(dir, key + "." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            File.Move(path, dest, overwrite: true);
            return dest;
        }
        catch (IOException)
        {
            AtomicFile.TryDelete(path);
            return "(deleted)";
        }
    }
}
