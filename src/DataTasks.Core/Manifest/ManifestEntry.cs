using System.Text.Json.Nodes;

namespace DataTasks.Core.Manifest;

/// <summary>One tracked file: its repository path, content key (SHA-256, null until pushed), size and creation time.</summary>
public sealed record ManifestEntry
{
    /// <summary>The repository-relative '/' path.</summary>
    public required string Path { get; init; }

    /// <summary>The lowercase hex SHA-256 of the content, which is also the object's name on the remote; null when added but not pushed.</summary>
    public string? StorageKey { get; init; }

    /// <summary>The file size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>When the entry was first added, UTC.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>A one-line human description (DataTasks' extension of v2), or null.</summary>
    public string? Description { get; init; }

    /// <summary>Tags in ordinal order without duplicates (<see cref="EntryTag"/>); empty when there are none.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The entries this one was made from: entry paths, or <c>namespace:path</c> for another repository's (<see cref="EntryInputReference"/>).</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Free-form JSON values by key, written in ordinal key order; empty when there are none.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Metadata { get; init; } = EmptyExtras;

    /// <summary>True when any of <see cref="Description"/>, <see cref="Tags"/>, <see cref="Inputs"/> or <see cref="Metadata"/> is set.</summary>
    public bool HasMetadataFields => Description is not null || Tags.Count > 0 || Inputs.Count > 0 || Metadata.Count > 0;

    /// <summary>Fields DataTasks does not know, kept verbatim so a newer tool's data survives a round trip.</summary>
    public IReadOnlyDictionary<string, JsonNode?> ExtraFields { get; init; } = EmptyExtras;

    internal static readonly IReadOnlyDictionary<string, JsonNode?> EmptyExtras = new Dictionary<string, JsonNode?>();

    /// <summary>The first characters of the key for display, or null.</summary>
    public string? ShortKey => StorageKey is null ? null : StorageKey[..4];
}
