using System.Text.Json.Nodes;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Merge;

/// <summary>
/// The three-way merge of artifacts.json that git's text merge cannot do: entries are independent records, so two
/// branches that add neighbouring paths never conflict, and only the same path changed differently on both sides does.
/// An entry is merged field by field: its content (storage_key with size, which always change together), created_at,
/// and every other field on its own, so a description changed on one side and a retrained model on the other combine.
/// </summary>
public static class ManifestMerge
{
    private const string ContentField = "storage_key";

    /// <summary>Merges <paramref name="ours"/> and <paramref name="theirs"/>, two descendants of <paramref name="base"/>.</summary>
    /// <returns>The merged manifest (our side's value wherever there is a conflict) and the conflicts.</returns>
    public static ManifestMergeResult Merge(DataManifest @base, DataManifest ours, DataManifest theirs)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);

        var merged = new DataManifest();
        var conflicts = new List<MergeConflict>();
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var m in new[] { @base, ours, theirs })
        {
            foreach (var e in m.Entries)
            {
                paths.Add(e.Path);
            }
        }

        foreach (var path in paths)
        {
            var b = Find(@base, path);
            var o = Find(ours, path);
            var t = Find(theirs, path);
            var (result, conflictFields) = MergeEntry(b, o, t);
            if (conflictFields.Count > 0)
            {
                conflicts.Add(new MergeConflict(path, conflictFields, b, o, t));
            }

            if (result is not null)
            {
                merged.Set(result);
            }
        }

        var topConflicts = MergeTopLevel(@base, ours, theirs, merged);
        return new ManifestMergeResult(merged, conflicts, topConflicts);
    }

    private static ManifestEntry? Find(DataManifest manifest, string path) => manifest.TryGet(path, out var e) ? e : null;

    private static (ManifestEntry? Result, List<string> Conflicts) MergeEntry(ManifestEntry? b, ManifestEntry? o, ManifestEntry? t)
    {
        if (SameEntry(o, t) || SameEntry(b, t))
        {
            return (o, []);
        }

        if (SameEntry(b, o))
        {
            return (t, []);
        }

        if (o is null || t is null)
        {
            // Removed on one side, changed on the other: nobody can say which was meant.
            return (o, ["removed on one side, changed on the other"]);
        }

        var conflicts = new List<string>();
        var contentFromTheirs = false;
        if (!MergeValue(Content(b), Content(o), Content(t), SameContent, out var content))
        {
            conflicts.Add(ContentField);
        }
        else
        {
            contentFromTheirs = !SameContent(content, Content(o));
        }

        var createdAt = MergeCreatedAt(b, o, t, contentFromTheirs);
        var extras = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var names = o.ExtraFields.Keys.Concat(t.ExtraFields.Keys.Where(k => !o.ExtraFields.ContainsKey(k))).ToList();
        foreach (var name in names)
        {
            var bv = Extra(b, name);
            var ov = Extra(o, name);
            var tv = Extra(t, name);
            if (!MergeValue(bv, ov, tv, SameField, out var value))
            {
                conflicts.Add(name);
                value = ov;
            }

            if (value.Present)
            {
                extras[name] = value.Node?.DeepClone();
            }
        }

        var fields = MetadataFieldMerge.Merge(b, o, t, o, conflicts);
        if (conflicts.Count > 0)
        {
            return (o, conflicts);
        }

        return (fields with
        {
            StorageKey = content.Key,
            Size = content.Size,
            CreatedAt = createdAt,
            ExtraFields = extras,
        }, []);
    }

    private static DateTimeOffset MergeCreatedAt(ManifestEntry? b, ManifestEntry o, ManifestEntry t, bool contentFromTheirs)
    {
        var bv = b?.CreatedAt;
        if (o.CreatedAt == t.CreatedAt || t.CreatedAt == bv)
        {
            return o.CreatedAt;
        }

        if (o.CreatedAt == bv)
        {
            return t.CreatedAt;
        }

        // Both sides re-dated the entry: the side whose content won says when that content was added; equal content
        // keeps the earlier date, since the entry existed from then on.
        if (contentFromTheirs)
        {
            return t.CreatedAt;
        }

        return o.CreatedAt <= t.CreatedAt ? o.CreatedAt : t.CreatedAt;
    }

    private static void MergeTopLevelField(string name, DataManifest @base, DataManifest ours, DataManifest theirs, List<KeyValuePair<string, JsonNode?>> result, List<string> conflicts)
    {
        var bv = TopLevel(@base, name);
        var ov = TopLevel(ours, name);
        var tv = TopLevel(theirs, name);
        if (!MergeValue(bv, ov, tv, SameField, out var value))
        {
            conflicts.Add(name);
            value = ov;
        }

        if (value.Present)
        {
            result.Add(new(name, value.Node?.DeepClone()));
        }
    }

    private static List<string> MergeTopLevel(DataManifest @base, DataManifest ours, DataManifest theirs, DataManifest merged)
    {
        var names = ours.ExtraTopLevel.Select(p => p.Key)
            .Concat(theirs.ExtraTopLevel.Select(p => p.Key))
            .Concat(@base.ExtraTopLevel.Select(p => p.Key))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var result = new List<KeyValuePair<string, JsonNode?>>();
        var conflicts = new List<string>();
        foreach (var name in names)
        {
            MergeTopLevelField(name, @base, ours, theirs, result, conflicts);
        }

        merged.ReplaceExtraTopLevel(result);
        return conflicts;
    }

    /// <summary>The classic three-way rule for one value: equal sides agree; a side equal to the base yields to the other.</summary>
    private static bool MergeValue<T>(T b, T o, T t, Func<T, T, bool> same, out T result)
    {
        if (same(o, t) || same(b, t))
        {
            result = o;
            return true;
        }

        if (same(b, o))
        {
            result = t;
            return true;
        }

        result = o;
        return false;
    }

    private readonly record struct EntryContent(bool Present, string? Key, long Size);

    private readonly record struct FieldValue(bool Present, JsonNode? Node);

    private static EntryContent Content(ManifestEntry? e) => e is null ? default : new(true, e.StorageKey, e.Size);

    private static bool SameContent(EntryContent a, EntryContent b) => a == b;

    private static FieldValue Extra(ManifestEntry? e, string name) =>
        e is not null && e.ExtraFields.TryGetValue(name, out var node) ? new(true, node) : default;

    private static FieldValue TopLevel(DataManifest m, string name)
    {
        foreach (var (key, node) in m.ExtraTopLevel)
        {
            if (key == name)
            {
                return new(true, node);
            }
        }

        return default;
    }

    private static bool SameField(FieldValue a, FieldValue b) =>
        a.Present == b.Present && (!a.Present || JsonNode.DeepEquals(a.Node, b.Node));

    private static bool SameEntry(ManifestEntry? a, ManifestEntry? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a.StorageKey != b.StorageKey || a.Size != b.Size || a.CreatedAt != b.CreatedAt || a.ExtraFields.Count != b.ExtraFields.Count || !EntryMetadataFields.SameFields(a, b))
        {
            return false;
        }

        foreach (var (name, node) in a.ExtraFields)
        {
            if (!b.ExtraFields.TryGetValue(name, out var other) || !JsonNode.DeepEquals(node, other))
            {
                return false;
            }
        }

        return true;
    }
}
