using DataTasks.Core.Hashing;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Operations;

/// <summary>Computes the status of the manifest entries and the untracked files in a scope.</summary>
public static class StatusOperation
{
    /// <summary>
    /// Runs status. Untracked files are looked for only where a .datapattern exists; without one, status covers manifest
    /// entries only.
    /// </summary>
    public static StatusReport Run(DataRepository repository, DataManifest manifest, WorkingTree tree, PathScope scope, CancellationToken cancellationToken)
    {
        var added = AddedState.Load(Path.Join(repository.StateDirectory, "added.json"));
        var patterns = repository.Patterns;
        var hasPatterns = repository.HasPatternFile;

        var entries = manifest.Entries.Where(e => scope.Contains(e.Path)).ToList();
        var untrackedPaths = new List<string>();
        if (hasPatterns)
        {
            foreach (var path in tree.EnumerateFiles(scope))
            {
                if (!manifest.TryGet(path, out _) && patterns.IsMatch(path))
                {
                    untrackedPaths.Add(path);
                }
            }
        }

        var hashedBefore = tree.HashedCount;
        var keys = tree.GetKeys(entries.Select(e => e.Path).ToList(), trustCache: true, cancellationToken);
        var items = new List<StatusItem>(entries.Count + untrackedPaths.Count);
        foreach (var entry in entries)
        {
            var disk = keys[entry.Path];
            items.Add(Classify(entry, disk, added, hasPatterns ? patterns : null));
        }

        foreach (var path in untrackedPaths)
        {
            var stat = Storage.FileStat.TryGet(repository.FullPathOf(path));
            items.Add(new StatusItem(path, EntryState.Untracked, stat?.Size ?? 0, null, null));
        }

        items.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        tree.Save();
        return new StatusReport(items, tree.HashedCount - hashedBefore);
    }

    /// <summary>The category of one manifest entry given what is on disk.</summary>
    public static StatusItem Classify(ManifestEntry entry, HashedFile? disk, AddedState added, Patterns.PatternList? patterns)
    {
        if (disk is null)
        {
            var pullable = entry.StorageKey is not null && (patterns is null || patterns.IsMatch(entry.Path));
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
