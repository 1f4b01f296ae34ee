using DataTasks.Core.Manifest;
using DataTasks.Core.Remotes;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Operations;

/// <summary>What checkout did: the transfer report, and each edited file whose content --force kept in the cache first.</summary>
/// <param name="Transfers">The files materialised, skipped or failed, as pull reports them.</param>
/// <param name="Saved">Files --force replaced, with the key their content is kept under in the machine cache.</param>
public sealed record CheckoutReport(TransferReport Transfers, IReadOnlyList<(string Path, string Key)> Saved);

/// <summary>
/// checkout: materialises the data of any revision's manifest (an older model, a snapshot) without moving HEAD or
/// changing artifacts.json. Like pull it never overwrites an edit; with force it first stores the edited file's content
/// in the machine cache (verified), so replacing it loses nothing and its key can bring it back.
/// </summary>
public static class CheckoutOperation
{
    /// <summary>Runs checkout of <paramref name="manifest"/>'s entries in <paramref name="scope"/>.</summary>
    public static async Task<CheckoutReport> RunAsync(DataRepository repository, DataManifest manifest, Func<DataRemote> openRemote, MachineCache cache, PathScope scope, bool force, TransferOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(cache);
        var saved = new List<(string Path, string Key)>();
        if (force && !options.DryRun)
        {
            var tree = new WorkingTree(repository) { LinkedCache = cache };
            var entries = manifest.Entries.Where(e => e.StorageKey is not null && scope.Contains(e.Path)).ToList();
            var disk = tree.GetKeys(entries.Select(e => e.Path).ToList(), trustCache: true, cancellationToken);
            foreach (var entry in entries)
            {
                if (disk[entry.Path] is { } file && file.Key != entry.StorageKey && !cache.Contains(file.Key, file.Size))
                {
                    await cache.StoreFileAsync(file.Key, file.Size, repository.FullPathOf(entry.Path), cancellationToken).ConfigureAwait(false);
                    saved.Add((entry.Path, file.Key));
                }
            }

            tree.Save();
        }

        var transfers = await PullOperation.RunAsync(repository, manifest, openRemote, cache, scope, options, cancellationToken).ConfigureAwait(false);
        return new CheckoutReport(transfers, saved);
    }
}
