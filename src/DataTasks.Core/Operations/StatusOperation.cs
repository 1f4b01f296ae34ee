using DataTasks.Core.Hashing;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Operations;

/// <summary>Computes the status of the manifest entries and the untracked files in a scope.</summary>
public static class StatusOperation
{
    /// <summary>
    /// Runs status. Untracked files are looked for only where a .datapattern exists; without one, status covers manifest
    /// entries only. Selected files that cannot be tracked are listed in <see cref="StatusReport.Skipped"/>.
    /// </summary>
    public static StatusReport Run(DataRepository repository, DataManifest manifest, WorkingTree tree, PathScope scope, CancellationToken cancellationToken)
    {
        var added = AddedState.Load(Path.Join(repository.StateDirectory, "added.json"));
        var patterns = repository.Patterns;
        var hasPatterns = repository.HasPatternFile;

        var entries = manifest.Entries.Where(e => scope.Contains(e.Path)).ToList();
        var untracked = new List<(string Path, long Size)>();
        var skipped = new List<SkippedFile>();
        if (hasPatterns)
        {
            var listed = new List<SkippedFile>();
            foreach (var path in tree.EnumerateFiles(scope, listed))
            {
                if (!manifest.TryGet(path, out _) && patterns.IsMatch(path))
                {
                    var full = repository.FullPathOf(path);
                    if (Storage.FileStat.TryGet(full) is { } stat)
                    {
                        untracked.Add((path, stat.Size));
                    }
                    else if (SkippedFile.WhyNotARegularFile(full, path) is { } why)
                    {
                        skipped.Add(new SkippedFile(path, why));
                    }
                }
            }

            skipped.AddRange(listed.Where(f => !manifest.TryGet(f.Path, out _) && patterns.IsMatch(f.Path)));
            skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        }

        var hashedBefore = tree.HashedCount;
        var keys = tree.GetKeys(entries.Select(e => e.Path).ToList(), entries.Select(e => e.StorageKey).ToList(), trustCache: true, cancellationToken);
        var items = new List<StatusItem>(entries.Count + untracked.Count);
        foreach (var entry in entries)
        {
            var disk = keys[entry.Path];
            items.Add(Classify(entry, disk, added));
        }

        foreach (var (path, size) in untracked)
        {
            items.Add(new StatusItem(path, EntryState.Untracked, size, null, null));
        }

        items.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        tree.Save();
        return new StatusReport(items, tree.HashedCount - hashedBefore) { Skipped = skipped };
    }

    /// <summary>
    /// Runs status and tells stale files from modified ones (<see cref="KnownVersions"/>): a file whose content is a
    /// version the repository knows is <see cref="EntryState.Stale"/>, not <see cref="EntryState.Modified"/>.
    /// </summary>
    public static async Task<StatusReport> RunAsync(DataRepository repository, DataManifest manifest, WorkingTree tree, PathScope scope, Storage.MachineCache? cache, CancellationToken cancellationToken)
    {
        var report = Run(repository, manifest, tree, scope, cancellationToken);
        return await FindStaleAsync(repository, report, cache, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same report with each modified file whose content is a known version marked stale.</summary>
    public static async Task<StatusReport> FindStaleAsync(DataRepository repository, StatusReport report, Storage.MachineCache? cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var candidates = report.Items.Where(IsStaleCandidate).Select(i => (i.DiskKey!, i.Size)).ToList();
        if (candidates.Count == 0)
        {
            return report;
        }

        var known = await KnownVersions.FindAsync(repository, cache, candidates, cancellationToken).ConfigureAwait(false);
        var items = report.Items.Select(i => IsStaleCandidate(i) && known.Contains(i.DiskKey!) ? i with { State = EntryState.Stale } : i).ToList();
        return new StatusReport(items, report.HashedFiles) { Skipped = report.Skipped };
    }

    // An added-not-pushed entry that changed is always an edit: no earlier version of it was ever committed.
    private static bool IsStaleCandidate(StatusItem item) =>
        item.State == EntryState.Modified && item.StorageKey is not null && item.DiskKey is not null && item.DiskKey != item.StorageKey;

    /// <summary>The category of one manifest entry given what is on disk.</summary>
    public static StatusItem Classify(ManifestEntry entry, HashedFile? disk, AddedState added)
    {
        if (disk is null)
        {
            // pull restores every pushed entry, matched by .datapattern or not (an entry added by name, or excluded by
            // a later '!' line), so only an entry that was never pushed is deleted rather than missing.
            var pullable = entry.StorageKey is not null;
            return new StatusItem(entry.Path, pullable ? EntryState.Missing : EntryState.Deleted, entry.Size, entry.StorageKey, null);
        }

        // A size field that disagrees with the content is as wrong as a key that does: the entry is not what is on disk.
        EntryState state;
        if (entry.StorageKey is null)
        {
            state = (added.TryGet(entry.Path, out var rec) && rec.Key != disk.Key) || entry.Size != disk.Size ? EntryState.Modified : EntryState.Added;
        }
        else
        {
            state = entry.StorageKey == disk.Key && entry.Size == disk.Size ? EntryState.Synced : EntryState.Modified;
        }

        return new StatusItem(entry.Path, state, disk.Size, entry.StorageKey, disk.Key);
    }
}
