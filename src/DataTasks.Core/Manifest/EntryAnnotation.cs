using System.Text.Json.Nodes;

namespace DataTasks.Core.Manifest;

/// <summary>
/// A change to the metadata fields of entries, as add and annotate take it from the command line: fields to clear
/// first, then a description to set, tags and inputs to add or remove, metadata keys to set or remove. Built by
/// <see cref="Create"/>, which validates every part, so applying it never fails.
/// </summary>
public sealed record EntryAnnotation
{
    /// <summary>The names --clear accepts besides the four field names: all of them at once.</summary>
    public const string ClearAll = "all";

    /// <summary>Fields emptied before anything else is applied.</summary>
    public IReadOnlySet<string> Clear { get; init; } = new HashSet<string>();

    /// <summary>The description to set, or null to keep it.</summary>
    public string? Description { get; init; }

    /// <summary>Tags to add.</summary>
    public IReadOnlyList<string> AddTags { get; init; } = [];

    /// <summary>Tags to remove.</summary>
    public IReadOnlyList<string> RemoveTags { get; init; } = [];

    /// <summary>Inputs to add, in canonical form.</summary>
    public IReadOnlyList<string> AddInputs { get; init; } = [];

    /// <summary>Metadata keys to set.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> SetMetadata { get; init; } = [];

    /// <summary>Metadata keys to remove.</summary>
    public IReadOnlyList<string> RemoveMetadata { get; init; } = [];

    /// <summary>True when applying it changes nothing.</summary>
    public bool IsEmpty => Clear.Count == 0 && Description is null && AddTags.Count == 0 && RemoveTags.Count == 0 &&
                           AddInputs.Count == 0 && SetMetadata.Count == 0 && RemoveMetadata.Count == 0;

    /// <summary>
    /// Validates command-line values: tags (DT0141), inputs (DT0142), <c>key=value</c> metadata (DT1101, DT0144),
    /// metadata keys to remove (DT0144) and field names to clear (DT1102).
    /// </summary>
    public static EntryAnnotation Create(string? description, IEnumerable<string> tags, IEnumerable<string> inputs, IEnumerable<string> meta,
        IEnumerable<string>? untag = null, IEnumerable<string>? unmeta = null, IEnumerable<string>? clear = null)
    {
        var clearSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in clear ?? [])
        {
            if (name == ClearAll)
            {
                clearSet.UnionWith(EntryMetadataFields.Names);
            }
            else if (EntryMetadataFields.IsName(name))
            {
                clearSet.Add(name);
            }
            else
            {
                throw new DataTasksException(ErrorCodes.UnknownClearField,
                    $"--clear '{EntryPath.Printable(name)}' is not a field; use {string.Join(", ", EntryMetadataFields.Names)} or {ClearAll}");
            }
        }

        var removeMeta = (unmeta ?? []).ToList();
        removeMeta.ForEach(EntryMetaArgument.EnsureValidKey);
        return new EntryAnnotation
        {
            Clear = clearSet,
            Description = description,
            AddTags = EntryTag.Normalize(tags),
            RemoveTags = EntryTag.Normalize(untag ?? []),
            AddInputs = EntryInputReference.Normalize(inputs),
            SetMetadata = [.. meta.Select(EntryMetaArgument.Parse)],
            RemoveMetadata = removeMeta,
        };
    }

    /// <summary>The entry with this change applied; tags come out sorted, inputs in order without duplicates.</summary>
    public ManifestEntry ApplyTo(ManifestEntry entry)
    {
        var tags = new SortedSet<string>(Clear.Contains("tags") ? [] : entry.Tags, StringComparer.Ordinal);
        tags.UnionWith(AddTags);
        tags.ExceptWith(RemoveTags);
        var inputs = Clear.Contains("inputs") ? [] : entry.Inputs.ToList();
        inputs.AddRange(AddInputs.Where(i => !inputs.Contains(i, StringComparer.Ordinal)));
        var metadata = Clear.Contains("metadata")
            ? new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
            : entry.Metadata.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal);
        foreach (var (key, value) in SetMetadata)
        {
            metadata[key] = value?.DeepClone();
        }

        foreach (var key in RemoveMetadata)
        {
            metadata.Remove(key);
        }

        var description = Description ?? (Clear.Contains("description") ? null : entry.Description);
        return entry with
        {
            Description = string.IsNullOrEmpty(description) ? null : description,
            Tags = [.. tags],
            Inputs = inputs,
            Metadata = metadata,
        };
    }
}
