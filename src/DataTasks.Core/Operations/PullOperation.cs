using System.Collections.Concurrent;
using DataTasks.Core.Remotes;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Operations;

/// <summary>
/// pull: restores entries that are missing from disk. Each object comes through the machine cache (fetched once per
/// machine, verified against its key before it is visible), then is linked or copied into the tree (the repository's link modes) through a temp
/// file and a rename. Files whose content already matches are skipped; files with local changes are never overwritten, but a file
/// holding an earlier version of its entry (content the machine cache has) is replaced.
/// </summary>
public static class PullOperation
{
    /// <summary>A temp file in the tree older than this is left over from a killed pull and is removed.</summary>
    private static readonly TimeSpan StaleTempAge = TimeSpan.FromMinutes(10);

    /// <summary>Runs pull for the entries in <paramref name="scope"/>. The remote is opened only when something must be fetched.</summary>
    public static Task<TransferReport> RunAsync(DataRepository repository, Func<DataRemote> openRemote, MachineCache cache, PathScope scope, TransferOptions options, CancellationToken cancellationToken) =>
        RunAsync(repository, repository.LoadManifest(), openRemote, cache, scope, options, cancellationToken);

    /// <summary>
    /// Runs pull for the entries of <paramref name="manifest"/> in <paramref name="scope"/>: the working manifest, or
    /// another revision's (checkout), whose files are materialised without the manifest file changing.
    /// </summary>
    public static async Task<TransferReport> RunAsync(DataRepository repository, Manifest.DataManifest manifest, Func<DataRemote> openRemote, MachineCache cache, PathScope scope, TransferOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var links = LinkModes.For(repository);
        if (links.SharesObjects)
        {
            LinkedTrees.Register(cache, repository); // gc --cache then finds this tree's symbolic links, and the SDK its links
        }

        var tree = new WorkingTree(repository) { LinkedCache = cache };
        var entries = manifest.Entries.Where(e => scope.Contains(e.Path)).ToList();
        var items = new ConcurrentBag<TransferItem>();
        var warnings = new ConcurrentBag<DataTasksException>();
        var present = tree.GetKeys(entries.Select(e => e.Path).ToList(), trustCache: true, cancellationToken);
        var wanted = new List<Manifest.ManifestEntry>();
        var unsure = new List<(Manifest.ManifestEntry Entry, HashedFile Disk)>();
        foreach (var e in entries)
        {
            var disk = present[e.Path];
            if (e.StorageKey is null)
            {
                if (disk is null)
                {
                    items.Add(new TransferItem(e.Path, TransferOutcome.SkippedNotPushed, e.Size, null));
                }

                continue;
            }

            if (disk is null)
            {
                wanted.Add(e);
            }
            else if (disk.Key == e.StorageKey && disk.Size != e.Size)
            {
                items.Add(new TransferItem(e.Path, TransferOutcome.Failed, e.Size, e.StorageKey, SizeMismatch(e, disk.Size, "the file on disk has the right content; 'dotnet data add' it to record its real size")));
            }
            else if (disk.Key == e.StorageKey)
            {
                items.Add(new TransferItem(e.Path, TransferOutcome.UpToDate, e.Size, e.StorageKey));
            }
            else if (cache.Contains(disk.Key, disk.Size))
            {
                // An earlier version of the entry (the manifest moved on, say after a git pull): its content is in the
                // machine cache, so replacing the file loses nothing. A local edit is not in the cache and stays.
                wanted.Add(e);
            }
            else
            {
                unsure.Add((e, disk));
            }
        }

        await AddRecoverableStaleAsync(repository, openRemote, unsure, wanted, items, cancellationToken).ConfigureAwait(false);

        if (options.DryRun)
        {
            foreach (var e in wanted)
            {
                items.Add(new TransferItem(e.Path, cache.Contains(e.StorageKey!, e.Size) ? TransferOutcome.FromCache : TransferOutcome.WouldTransfer, e.Size, e.StorageKey));
            }

            return PushOperation.Finish(items, warnings.ToList());
        }

        var boundary = Storage.RepositoryBoundary.For(repository);
        DataRemote? remote = null;
        var remoteGate = new object();
        DataRemote Remote()
        {
            lock (remoteGate)
            {
                return remote ??= openRemote();
            }
        }

        try
        {
            var byKey = wanted.GroupBy(e => e.StorageKey!, StringComparer.Ordinal).ToList();
            options.OnPlan?.Invoke(byKey.Count, byKey.Sum(g => g.First().Size));

            // Read pools come after the machine cache and before the remote: their hits enter the cache (verified), so
            // the remote is opened only for what neither holds. With SkipCacheWrite a hit goes straight to the tree below.
            if (!options.SkipCacheWrite)
            {
                await cache.Pools.FillAsync(cache, byKey.Select(g => (g.Key, g.First().Size)).ToList(), options.Jobs, options.OnBytes, warnings.Add, cancellationToken).ConfigureAwait(false);
            }

            // The remote caps concurrency (a folder on one disk wants fewer streams than a bucket); it is opened only
            // when some object is not in the machine cache, so a warm pull never touches the network.
            var jobs = Math.Max(1, options.Jobs);
            if (byKey.Any(g => !cache.Contains(g.Key, g.First().Size, message => warnings.Add(new DataTasksException(ErrorCodes.ObjectCorrupt, message)))))
            {
                try
                {
                    jobs = Math.Max(1, Math.Min(jobs, Remote().MaxConcurrency));
                }
                catch (DataTasksException)
                {
                    // Reported per object below, like any other failure to fetch.
                }
            }

            await Parallel.ForEachAsync(byKey, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancellationToken }, async (group, ct) =>
            {
                var key = group.Key;
                var size = group.First().Size;
                TransferOutcome fetched;
                string? downloadedTo = null;
                try
                {
                    if (options.SkipCacheWrite && !cache.Contains(key, size))
                    {
                        // Straight into the tree: one write instead of two, and no second copy on disk.
                        var first = group.First();
                        boundary.EnsureWritable(first.Path);
                        downloadedTo = repository.FullPathOf(first.Path);
                        if (await cache.Pools.TryCopyAsync(key, (fetch, token) => DownloadIntoTreeAsync(first, downloadedTo, key, fetch, options.OnBytes, token), warnings.Add, ct).ConfigureAwait(false))
                        {
                            fetched = TransferOutcome.FromCache;
                        }
                        else
                        {
                            await DownloadIntoTreeAsync(first, downloadedTo, key, (stream, token) => Remote().DownloadAsync(key, stream, token), options.OnBytes, ct).ConfigureAwait(false);
                            fetched = TransferOutcome.Downloaded;
                        }
                    }
                    else
                    {
                        fetched = await EnsureCachedAsync(ct).ConfigureAwait(false) ? TransferOutcome.Downloaded : TransferOutcome.FromCache;
                    }
                }
                catch (DataTasksException ex)
                {
                    foreach (var e in group)
                    {
                        Report(new TransferItem(e.Path, TransferOutcome.Failed, e.Size, key, ex));
                    }

                    return;
                }

                // Fetched just now: its bytes were hashed on the way into the cache, so copying it on needs no second hash.
                var verifiedNow = fetched == TransferOutcome.Downloaded;
                foreach (var e in group)
                {
                    try
                    {
                        var target = repository.FullPathOf(e.Path);
                        if (downloadedTo is null)
                        {
                            boundary.EnsureWritable(e.Path);
                            if (CachedLength(key) is { } length && length != e.Size)
                            {
                                throw SizeMismatch(e, length, "nothing was written; restore artifacts.json from git, or 'dotnet data add' the file in a clone that has it");
                            }

                            if (!cache.TryMaterialize(key, target, links, verifiedNow, Corrupt, out _, ct))
                            {
                                // The cached copy rotted (now quarantined) or went away: fetch it once more, then copy again.
                                try
                                {
                                    verifiedNow = await EnsureCachedAsync(ct).ConfigureAwait(false);
                                    fetched = TransferOutcome.Downloaded;
                                }
                                catch (DataTasksException ex) when (ex.Code != ErrorCodes.Cancelled)
                                {
                                    throw new DataTasksException(ErrorCodes.ObjectCorrupt,
                                        $"{e.Path}: the machine cache's copy of object {key[..8]}… was corrupt or gone and fetching it again failed ({ex.Message}); nothing was written", ex);
                                }

                                if (!cache.TryMaterialize(key, target, links, verifiedNow, Corrupt, out _, ct))
                                {
                                    throw new DataTasksException(ErrorCodes.ObjectCorrupt,
                                        $"{e.Path}: object {key[..8]}… was corrupt again right after it was fetched into the machine cache at {cache.Directory}; nothing was written; check the disk");
                                }
                            }
                        }
                        else if (target != downloadedTo)
                        {
                            boundary.EnsureWritable(e.Path);
                            if (FileStat.TryGet(downloadedTo) is { } copied && copied.Size != e.Size)
                            {
                                throw SizeMismatch(e, copied.Size, "nothing was written; restore artifacts.json from git, or 'dotnet data add' the file in a clone that has it");
                            }

                            CopyWithinTree(downloadedTo, target);
                        }

                        if (FileStat.TryGet(target) is { } stat)
                        {
                            tree.StatCache.Set(e.Path, stat, key);
                        }

                        Report(new TransferItem(e.Path, fetched, e.Size, key));
                        fetched = TransferOutcome.FromCache;
                    }
                    catch (DataTasksException ex)
                    {
                        Report(new TransferItem(e.Path, TransferOutcome.Failed, e.Size, key, ex));
                    }
                }

                Task<bool> EnsureCachedAsync(CancellationToken token) => cache.EnsureAsync(
                    key,
                    size,
                    (stream, t) => Remote().DownloadAsync(key, stream, t),
                    options.OnBytes,
                    Corrupt,
                    token);
            }).ConfigureAwait(false);
        }
        finally
        {
            tree.Save();
            if (remote is not null)
            {
                await remote.DisposeAsync().ConfigureAwait(false);
            }
        }

        return PushOperation.Finish(items, warnings.ToList());

        void Report(TransferItem item)
        {
            items.Add(item);
            options.OnItem?.Invoke(item);
        }

        void Corrupt(string message) => warnings.Add(new DataTasksException(ErrorCodes.ObjectCorrupt, message));

        long? CachedLength(string key) => FileStat.TryGet(cache.ObjectPath(key))?.Size;
    }

    /// <summary>
    /// A file that differs from its entry and whose content the cache lacks is replaced only when it is stale (a
    /// version some manifest in git history holds) and the remote has that version, so replacing it loses nothing; an
    /// edit, or a version nobody could fetch again, stays and is reported as skipped.
    /// </summary>
    private static async Task AddRecoverableStaleAsync(DataRepository repository, Func<DataRemote> openRemote, List<(Manifest.ManifestEntry Entry, HashedFile Disk)> unsure, List<Manifest.ManifestEntry> wanted, ConcurrentBag<TransferItem> items, CancellationToken cancellationToken)
    {
        var recoverable = new HashSet<string>(StringComparer.Ordinal);
        if (unsure.Count > 0)
        {
            var known = await KnownVersions.FindAsync(repository, cache: null, unsure.Select(u => (u.Disk.Key, u.Disk.Size)).ToList(), cancellationToken).ConfigureAwait(false);
            var stale = unsure.Where(u => known.Contains(u.Disk.Key)).Select(u => u.Disk.Key).ToHashSet(StringComparer.Ordinal);
            if (stale.Count > 0)
            {
                try
                {
                    await using var remote = openRemote();
                    recoverable.UnionWith(await remote.FindExistingAsync(stale, cancellationToken).ConfigureAwait(false));
                }
                catch (DataTasksException)
                {
                    // No remote to ask: nothing can be proven recoverable, so every such file stays.
                }
            }
        }

        foreach (var (entry, disk) in unsure)
        {
            if (recoverable.Contains(disk.Key))
            {
                wanted.Add(entry);
            }
            else
            {
                items.Add(new TransferItem(entry.Path, TransferOutcome.SkippedModified, disk.Size, entry.StorageKey));
            }
        }
    }


    /// <summary>
    /// The manifest's size for an entry disagrees with its content, although the content has the entry's key: the key
    /// names the content, so the size field is what is wrong.
    /// </summary>
    private static DataTasksException SizeMismatch(Manifest.ManifestEntry entry, long actual, string remedy) =>
        new(ErrorCodes.SizeMismatch,
            $"{entry.Path}: {Manifest.DataManifest.FileName} records {entry.Size} bytes, but its content (key {entry.StorageKey![..8]}…) is {actual} bytes; {remedy}");

    private static async Task DownloadIntoTreeAsync(Manifest.ManifestEntry entry, string target, string key, Func<Stream, CancellationToken, Task> fetch, Action<long>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        AtomicFile.CleanStaleTemps(target, StaleTempAge);
        var temp = AtomicFile.TempPathFor(target);
        try
        {
            var written = await VerifiedDownload.WriteAsync(temp, key, entry.Size, fetch, progress, cancellationToken).ConfigureAwait(false);
            if (written != entry.Size)
            {
                throw SizeMismatch(entry, written, "nothing was written; restore artifacts.json from git, or 'dotnet data add' the file in a clone that has it");
            }

            File.Move(temp, target, overwrite: true);
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

    /// <summary>A second path with the same content as one just downloaded: a copy through a temp file and a rename.</summary>
    private static void CopyWithinTree(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        AtomicFile.CleanStaleTemps(target, StaleTempAge);
        var temp = AtomicFile.TempPathFor(target);
        try
        {
            File.Copy(source, temp, overwrite: false);
            File.Move(temp, target, overwrite: true);
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
}
