using System.Text.Json.Nodes;

namespace DataTasks.Core.Manifest;

/// <summary>
/// The --tag and --meta criteria find and log share: an entry matches when it carries every tag and has every metadata
/// value (JSON-equal, so <c>--meta lr=0.01</c> matches the number 0.01, not the text).
/// </summary>
/// <param name="Tags">Tags an entry must all carry.</param>
/// <param name="Metadata">Metadata values an entry must all have.</param>
public sealed record EntryLabelFilter(IReadOnlyList<string> Tags, IReadOnlyList<KeyValuePair<string, JsonNode?>> Metadata)
{
    /// <summary>No criterion: every entry matches.</summary>
    public static EntryLabelFilter None { get; } = new([], []);

    /// <summary>True when there is no criterion.</summary>
    public bool IsEmpty => Tags.Count == 0 && Metadata.Count == 0;

    /// <summary>
    /// The filter of <c>--tag</c> and <c>--meta key=value</c> arguments: DT0141 for an invalid tag, DT1101 for a
    /// --meta without '=', DT0144 for an invalid key.
    /// </summary>
    public static EntryLabelFilter Parse(IEnumerable<string> tags, IEnumerable<string> metadata) =>
        new(EntryTag.Normalize(tags), [.. metadata.Select(EntryMetaArgument.Parse)]);

    /// <summary>True when <paramref name="entry"/> carries every tag of <paramref name="tags"/>.</summary>
    public static bool HasTags(ManifestEntry entry, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var tag in tags)
        {
            if (!entry.Tags.Contains(tag, StringComparer.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="entry"/> meets every criterion.</summary>
    public bool Matches(ManifestEntry entry) =>
        HasTags(entry, Tags) && Metadata.All(p => TryFind(entry, p.Key, out var v) && JsonNode.DeepEquals(v, p.Value));

    /// <summary>
    /// The metadata value <paramref name="key"/> names: a top-level key as written, otherwise a dotted path into nested
    /// objects (<c>run.name</c> is the name <c>dotnet data run</c> recorded), so keys that contain dots still match
    /// themselves first.
    /// </summary>
    /// <param name="entry">The entry whose metadata is searched.</param>
    /// <param name="key">A metadata key, or a dotted path into nested objects.</param>
    /// <param name="value">The value found, or null.</param>
    public static bool TryFind(ManifestEntry entry, string key, out JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(key);
        return TryPath(entry.Metadata.TryGetValue, key, out value);
    }

    private delegate bool Lookup(string key, out JsonNode? value);

    // The whole key first, then each split at a dot: the part before it names an object, the rest is looked up in it
    // the same way.
    private static bool TryPath(Lookup lookup, string key, out JsonNode? value)
    {
        if (lookup(key, out value))
        {
            return true;
        }

        for (var dot = key.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = key.IndexOf('.', dot + 1))
        {
            if (lookup(key[..dot], out var node) && node is JsonObject inner && TryPath(inner.TryGetPropertyValue, key[(dot + 1)..], out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }
}
