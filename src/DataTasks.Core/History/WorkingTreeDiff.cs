using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;

namespace DataTasks.Core.History;

/// <summary>
/// <c>diff</c> with no revision: the files on disk against the working manifest. Modified files show their manifest key
/// and their disk key; files gone from disk are removals; untracked files (what .datapattern selects) are additions,
/// hashed so that a file moved on disk shows as a rename.
/// </summary>
public static class WorkingTreeDiff
{
    /// <summary>The changes from the manifest to the working tree, in path order.</summary>
    public static IReadOnlyList<EntryChange> Compare(DataRepository repository, DataManifest manifest, PathScope scope, CancellationToken cancellationToken)
    {
        var tree = new WorkingTree(repository);
        var report = StatusOperation.Run(repository, manifest, tree, scope, cancellationToken);
        var untracked = report.Items.Where(i => i.State == EntryState.Untracked).Select(i => i.Path).ToList();
        var untrackedKeys = tree.GetKeys(untracked, trustCache: true, cancellationToken);
        tree.Save();

        var removed = new List<ManifestEntry>();
        var added = new List<ManifestEntry>();
        var changes = new List<EntryChange>();
        foreach (var item in report.Items)
        {
            switch (item.State)
            {
                case EntryState.Modified when manifest.TryGet(item.Path, out var entry):
                    changes.Add(new EntryChange(EntryChangeKind.Modified, item.Path, null, entry.StorageKey, item.DiskKey, entry.Size, item.Size));
                    break;
                case EntryState.Missing or EntryState.Deleted when manifest.TryGet(item.Path, out var entry):
                    removed.Add(entry);
                    break;
                case EntryState.Untracked when untrackedKeys.GetValueOrDefault(item.Path) is { } disk:
                    added.Add(new ManifestEntry { Path = item.Path, StorageKey = disk.Key, Size = disk.Size, CreatedAt = DateTimeOffset.UnixEpoch });
                    break;
            }
        }

        ManifestDiff.PairRenames(removed, added, changes);
        changes.Sort((x, y) => string.CompareOrdinal(x.Path, y.Path));
        return changes;
    }
}
