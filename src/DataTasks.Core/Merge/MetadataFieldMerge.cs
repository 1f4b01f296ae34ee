using System.Text.Json.Nodes;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Merge;

/// <summary>
/// The three-way merge of an entry's metadata fields. Tags and inputs are sets: what either side added is kept and
/// what either side removed is gone, so both sides tagging one entry never conflict. Metadata merges key by key. The
/// description is one value: changed differently on both sides it is a conflict.
/// </summary>
internal static class MetadataFieldMerge
{
    /// <summary>
    /// The merged fields applied to <paramref name="into"/>; the names of conflicting fields (<c>description</c>,
    /// <c>metadata.&lt;key&gt;</c>) go to <paramref name="conflicts"/>, with our side's value kept.
    /// </summary>
    public static ManifestEntry Merge(ManifestEntry? b, ManifestEntry o, ManifestEntry t, ManifestEntry into, List<string> conflicts)
    {
        var description = o.Description;
        if (o.Description != t.Description)
        {
            var bd = b?.Description;
            if (bd == o.Description)
            {
                description = t.Description;
            }
            else if (bd != t.Description)
            {
                conflicts.Add("description");
            }
        }

        return into with
        {
            Description = description,
            Tags = [.. MergeSet(b?.Tags ?? [], o.Tags, t.Tags).Order(StringComparer.Ordinal)],
            Inputs = MergeSet(b?.Inputs ?? [], o.Inputs, t.Inputs),
            Metadata = MergeMetadata(b?.Metadata ?? ManifestEntry.EmptyExtras, o.Metadata, t.Metadata, conflicts),
        };
    }

    /// <summary>Ours in our order, then theirs' additions in their order; minus what either side removed from the base.</summary>
    private static List<string> MergeSet(IReadOnlyList<string> b, IReadOnlyList<string> o, IReadOnlyList<string> t)
    {
        var baseSet = b.ToHashSet(StringComparer.Ordinal);
        var ourSet = o.ToHashSet(StringComparer.Ordinal);
        var theirSet = t.ToHashSet(StringComparer.Ordinal);
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in o.Concat(t))
        {
            var removed = baseSet.Contains(item) && (!ourSet.Contains(item) || !theirSet.Contains(item));
            if (!removed && seen.Add(item))
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static Dictionary<string, JsonNode?> MergeMetadata(IReadOnlyDictionary<string, JsonNode?> b, IReadOnlyDictionary<string, JsonNode?> o, IReadOnlyDictionary<string, JsonNode?> t, List<string> conflicts)
    {
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var key in o.Keys.Concat(t.Keys).Concat(b.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var bv = Value(b, key);
            var ov = Value(o, key);
            var tv = Value(t, key);
            var value = ov;
            if (!Same(ov, tv) && !Same(bv, tv))
            {
                if (Same(bv, ov))
                {
                    value = tv;
                }
                else
                {
                    conflicts.Add("metadata." + key);
                }
            }

            if (value.Present)
            {
                result[key] = value.Node?.DeepClone();
            }
        }

        return result;
    }

    private readonly record struct Field(bool Present, JsonNode? Node);

    private static Field Value(IReadOnlyDictionary<string, JsonNode?> d, string key) => d.TryGetValue(key, out var n) ? new(true, n) : default;

    private static bool Same(Field a, Field b) => a.Present == b.Present && (!a.Present || JsonNode.DeepEquals(a.Node, b.Node));
}
