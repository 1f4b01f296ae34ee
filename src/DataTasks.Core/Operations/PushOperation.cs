using System.Collections.Concurrent;
using DataTasks.Core.Hashing;
using DataTasks.Core.Manifest;
using DataTasks.Core.Remotes;

namespace DataTasks.Core.Operations;

/// <summary>
/// push: uploads the content of added and modified entries, skipping objects the remote already has, then writes
/// their keys into the manifest. Keys of objects that did upload are recorded even when others fail. A pushed object
/// enters the machine cache the way the link modes share files (a hard link when hardlink comes first: no second write).
/// </summary>
public static class PushOperation
{
    /// <summary>Runs push for the entries in <paramref name="scope"/>.</summary>
    public static async Task<TransferReport> RunAsync(DataRepository repository, DataRemote remote, PathScope scope, TransferOptions options, CancellationToken cancellationToken)
    {
        var manifest = repository.LoadManifest();
        var tree = new WorkingTree(repository);
        var links = Storage.LinkModes.For(repository);
        if (links.SharesObjects && options.FillCache is { } linkedCache)
        {
            Storage.LinkedTrees.Register(linkedCache, repository); // gc --cache then finds this tree's symbolic links, and the SDK its links
        }
        var status = await StatusOperation.RunAsync(repository, manifest, tree, scope, options.FillCache, cancellationToken).ConfigureAwait(false);
        var items = new ConcurrentBag<TransferItem>();
        var toPush = new List<StatusItem>();
        var staleWarnings = new List<DataTasksException>();
        foreach (var s in status.Items)
        {
            switch (s.State)
            {
                case EntryState.Stale:
                    // Pushing it would write an earlier version's key into this branch's manifest: a silent revert.
                    staleWarnings.Add(StaleVersion.NotRecorded(s.Path, "pushed"));
                    break;
                case EntryState.Added or EntryState.Modified:
                    toPush.Add(s);
                    break;
                case EntryState.Deleted when s.StorageKey is null:
                    items.Add(new TransferItem(s.Path, TransferOutcome.Failed, s.Size, null,
                        new DataTasksException(ErrorCodes.PathNotFound, $"'{s.Path}' was added but is no longer on disk, so it cannot be pushed; restore it or run 'dotnet data rm {s.Path}'")));
                    break;
            }
        }

        if (toPush.Count == 0)
        {
            return Finish(items, staleWarnings);
        }

        var keys = toPush.Select(s => s.DiskKey!).Distinct(StringComparer.Ordinal).ToList();
        var existing = await remote.FindExistingAsync(keys, cancellationToken).ConfigureAwait(false);
        if (options.DryRun)
        {
            foreach (var s in toPush)
            {
                items.Add(new TransferItem(s.Path, existing.Contains(s.DiskKey!) ? TransferOutcome.WouldSkip : TransferOutcome.WouldTransfer, s.Size, s.DiskKey));
            }

            return Finish(items, staleWarnings);
        }

        // One upload per distinct object, however many paths share it.
        var byKey = toPush.GroupBy(s => s.DiskKey!, StringComparer.Ordinal).ToList();
        var uploads = byKey.Where(g => !existing.Contains(g.Key)).ToList();
        options.OnPlan?.Invoke(uploads.Count, uploads.Sum(g => g.First().Size));
        var jobs = Math.Max(1, Math.Min(options.Jobs, remote.MaxConcurrency));
        var pushed = new ConcurrentDictionary<string, HashedFile>(StringComparer.Ordinal);
        var warnings = new ConcurrentBag<DataTasksException>(staleWarnings);
        await Parallel.ForEachAsync(byKey, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            var first = group.First();
            TransferOutcome outcome;
            DataTasksException? error = null;
            if (existing.Contains(group.Key))
            {
                // The object may be an old orphan that gc is about to collect: renew its date so the grace period
                // covers it until this manifest is committed. A store that cannot renew it still has the object, so
                // the push stands, with a warning that names the risk.
                outcome = TransferOutcome.AlreadyOnRemote;
                try
                {
                    await remote.RefreshAsync(group.Key, ct).ConfigureAwait(false);
                }
                catch (DataTasksException ex)
                {
                    warnings.Add(new DataTasksException(ErrorCodes.RefreshFailed,
                        $"{first.Path}: the remote already has object {group.Key[..8]}… but its date could not be renewed ({ex.Message}); commit the manifest before a gc with a short grace period runs", ex));
                }
            }
            else
            {
                try
                {
                    await remote.UploadAsync(group.Key, repository.FullPathOf(first.Path), options.OnBytes, ct).ConfigureAwait(false);
                    outcome = TransferOutcome.Uploaded;
                }
                catch (DataTasksException ex)
                {
                    outcome = TransferOutcome.Failed;
                    error = ex;
                }
            }

            if (outcome != TransferOutcome.Failed && options.FillCache is { } cache)
            {
                await StoreInCacheAsync(cache, group.Key, first.Size, repository.FullPathOf(first.Path), links, warnings, ct).ConfigureAwait(false);
            }

            foreach (var s in group)
            {
                var item = new TransferItem(s.Path, outcome, s.Size, group.Key, error);
                items.Add(item);
                options.OnItem?.Invoke(item);
                if (outcome != TransferOutcome.Failed)
                {
                    pushed[s.Path] = new HashedFile(group.Key, s.Size);
                }
            }
        }).ConfigureAwait(false);

        if (!pushed.IsEmpty)
        {
            await ManifestUpdate.ApplyAsync(repository, m =>
            {
                foreach (var (path, file) in pushed)
                {
                    if (m.TryGet(path, out var entry))
                    {
                        m.Set(entry with { StorageKey = file.Key, Size = file.Size });
                    }
                }
            }, (_, added) =>
            {
                foreach (var path in pushed.Keys)
                {
                    added.Remove(path);
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        return Finish(items, [.. warnings]);
    }

    /// <summary>
    /// Keeps the pushed file in the machine cache: linked where the link modes share files with the cache (then the tree
    /// file is read-only, as pull would have left it), else copied. Best effort: the push stands when the cache cannot take it.
    /// </summary>
    private static async Task StoreInCacheAsync(Storage.MachineCache cache, string key, long size, string source, Storage.LinkModes links, ConcurrentBag<DataTasksException> warnings, CancellationToken cancellationToken)
    {
        try
        {
            await cache.AdoptFileAsync(key, size, source, links, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DataTasksException or IOException or UnauthorizedAccessException)
        {
            warnings.Add(new DataTasksException(ErrorCodes.CacheFillFailed,
                $"pushed {key[..8]}… but could not keep a copy in the machine cache ({ex.Message}); a branch switch back to it will download it", ex));
        }
    }

    internal static TransferReport Finish(IEnumerable<TransferItem> items, IReadOnlyList<DataTasksException> warnings) =>
        new(items.OrderBy(i => i.Path, StringComparer.Ordinal).ToList(), warnings);
}
