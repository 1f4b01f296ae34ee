using DataTasks.Core.Manifest;

namespace DataTasks.Core.History;

/// <summary>
/// Which entries a commit touched that carry log's --tag/--meta values, judged on each entry's version before the
/// commit and after it: a removal matches by what the entry was, an addition by what it became, and a change matches
/// when either side does. A commit that only re-annotated such an entry (same content, other tags, inputs, metadata or
/// description) touched it too, though log lists no content change for it.
/// </summary>
internal static class ManifestLabelChanges
{
    /// <summary>The content changes of <paramref name="changes"/> whose entry matches <paramref name="labels"/> before (at its old path) or after.</summary>
    public static List<EntryChange> Touching(IReadOnlyList<EntryChange> changes, DataManifest? before, DataManifest? after, EntryLabelFilter labels)
    {
        var result = new List<EntryChange>();
        foreach (var change in changes)
        {
            var old = change.Kind == EntryChangeKind.Added ? null : change.OldPath ?? change.Path;
            var now = change.Kind == EntryChangeKind.Removed ? null : change.Path;
            if (Matches(before, old, labels) || Matches(after, now, labels))
            {
                result.Add(change);
            }
        }

        return result;
    }

    /// <summary>
    /// True when an entry <paramref name="inScope"/> kept its content from <paramref name="before"/> to
    /// <paramref name="after"/> but changed its annotation, and matches <paramref name="labels"/> on either side.
    /// </summary>
    public static bool Reannotated(DataManifest? before, DataManifest? after, EntryLabelFilter labels, Func<string, bool> inScope)
    {
        if (before is null || after is null)
        {
            return false;
        }

        foreach (var now in after.Entries)
        {
            if (before.TryGet(now.Path, out var old) && (labels.Matches(now) || labels.Matches(old)) &&
                now.StorageKey == old.StorageKey && now.Size == old.Size && !EntryMetadataFields.SameFields(now, old) && inScope(now.Path))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(DataManifest? manifest, string? path, EntryLabelFilter labels) =>
        path is not null && manifest is not null && manifest.TryGet(path, out var entry) && labels.Matches(entry);
}
