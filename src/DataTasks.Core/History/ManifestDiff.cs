using DataTasks.Core.Manifest;

namespace DataTasks.Core.History;

/// <summary>
/// Compares two manifests entry by entry. A path that disappears while a new path appears with the same pushed key is
/// a rename, not a removal plus an addition: content-addressed keys make that exact.
/// </summary>
public static class ManifestDiff
{
    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/>, in path order.</summary>
    public static IReadOnlyList<EntryChange> Compare(DataManifest before, DataManifest after) =>
        Compare(ManifestSnapshot.FromManifest(before), ManifestSnapshot.FromManifest(after));

    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/>, in path order, building strings only for changed entries.</summary>
    public static IReadOnlyList<EntryChange> Compare(ManifestSnapshot before, ManifestSnapshot after)
    {
        var removed = new List<ManifestEntry>();
        var added = new List<ManifestEntry>();
        var changes = new List<EntryChange>();
        var a = before.Entries;
        var b = after.Entries;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var order = i == a.Length ? 1 : j == b.Length ? -1 : a[i].Path.Span.SequenceCompareTo(b[j].Path.Span);
            if (order < 0)
            {
                removed.Add(a[i++].ToEntry());
            }
            else if (order > 0)
            {
                added.Add(b[j++].ToEntry());
            }
            else
            {
                if (!a[i].SameContent(b[j]))
                {
                    var (x, y) = (a[i].ToEntry(), b[j].ToEntry());
                    changes.Add(new EntryChange(EntryChangeKind.Modified, y.Path, null, x.StorageKey, y.StorageKey, x.Size, y.Size));
                }

                i++;
                j++;
            }
        }

        PairRenames(removed, added, changes);
        changes.Sort((x, y) => string.CompareOrdinal(x.Path, y.Path));
        return changes;
    }

    /// <summary>
    /// Turns removed/added pairs that share a pushed key into renames (paired in path order when a key moved to several
    /// paths), and the rest into plain removals and additions.
    /// </summary>
    public static void PairRenames(List<ManifestEntry> removed, List<ManifestEntry> added, List<EntryChange> into)
    {
        var removedByKey = new Dictionary<string, Queue<ManifestEntry>>(StringComparer.Ordinal);
        foreach (var r in removed.Where(r => r.StorageKey is not null))
        {
            if (!removedByKey.TryGetValue(r.StorageKey!, out var queue))
            {
                removedByKey[r.StorageKey!] = queue = new Queue<ManifestEntry>();
            }

            queue.Enqueue(r);
        }

        var renamedFrom = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in added)
        {
            if (n.StorageKey is not null && removedByKey.TryGetValue(n.StorageKey, out var queue) && queue.TryDequeue(out var old))
            {
                renamedFrom.Add(old.Path);
                into.Add(new EntryChange(EntryChangeKind.Renamed, n.Path, old.Path, old.StorageKey, n.StorageKey, old.Size, n.Size));
            }
            else
            {
                into.Add(new EntryChange(EntryChangeKind.Added, n.Path, null, null, n.StorageKey, null, n.Size));
            }
        }

        foreach (var r in removed.Where(r => !renamedFrom.Contains(r.Path)))
        {
            into.Add(new EntryChange(EntryChangeKind.Removed, r.Path, null, r.StorageKey, null, r.Size, null));
        }
    }
}
