using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataTasks.Core.Manifest;

/// <summary>
/// Reading and writing of the four metadata fields, DataTasks' extension of the v2 format: <c>description</c> (string),
/// <c>tags</c> (array of strings), <c>inputs</c> (array of input references) and <c>metadata</c> (object). They are
/// written after created_at in that fixed order and omitted when empty, so an entry without them reads and writes
/// exactly as before. The reader parses them as unknown fields first and <see cref="Lift"/> moves them to the typed
/// properties, which keeps the fast entry parser unaware of them.
/// </summary>
public static class EntryMetadataFields
{
    /// <summary>The field names, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Names = ["description", "tags", "inputs", "metadata"];

    /// <summary>True for one of <see cref="Names"/>.</summary>
    public static bool IsName(string name) => name is "description" or "tags" or "inputs" or "metadata";

    /// <summary>
    /// Moves the metadata fields of a freshly read entry from <see cref="ManifestEntry.ExtraFields"/> to its typed
    /// properties, validating them; a wrong type or value is DT0140 naming the entry.
    /// </summary>
    public static ManifestEntry Lift(ManifestEntry entry, string source)
    {
        var extras = entry.ExtraFields;
        if (extras.Count == 0 || !(extras.ContainsKey("description") || extras.ContainsKey("tags") || extras.ContainsKey("inputs") || extras.ContainsKey("metadata")))
        {
            return entry;
        }

        var rest = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        string? description = null;
        IReadOnlyList<string> tags = [];
        IReadOnlyList<string> inputs = [];
        IReadOnlyDictionary<string, JsonNode?> metadata = ManifestEntry.EmptyExtras;
        foreach (var (name, node) in extras)
        {
            switch (name)
            {
                case "description":
                    description = node is JsonValue v && v.GetValueKind() == JsonValueKind.String
                        ? v.GetValue<string>()
                        : throw Invalid(source, entry.Path, "description must be a string");
                    break;
                case "tags":
                    tags = ReadTags(StringArray(node, source, entry.Path, name), source, entry.Path);
                    break;
                case "inputs":
                    inputs = ReadInputs(StringArray(node, source, entry.Path, name), source, entry.Path);
                    break;
                case "metadata":
                    metadata = ReadMetadata(node, source, entry.Path);
                    break;
                default:
                    rest[name] = node;
                    break;
            }
        }

        return entry with
        {
            Description = description,
            Tags = tags,
            Inputs = inputs,
            Metadata = metadata,
            ExtraFields = rest.Count == 0 ? ManifestEntry.EmptyExtras : rest,
        };
    }

    /// <summary>Writes the metadata fields of <paramref name="entry"/> that are set, in the fixed order.</summary>
    public static void Write(Utf8JsonWriter w, ManifestEntry entry)
    {
        if (!entry.HasMetadataFields)
        {
            return;
        }

        if (entry.Description is not null)
        {
            w.WriteString("description", entry.Description);
        }

        WriteStrings(w, "tags", entry.Tags);
        WriteStrings(w, "inputs", entry.Inputs);
        if (entry.Metadata.Count > 0)
        {
            w.WriteStartObject("metadata");
            foreach (var key in entry.Metadata.Keys.Order(StringComparer.Ordinal))
            {
                w.WritePropertyName(key);
                var node = entry.Metadata[key];
                if (node is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    node.WriteTo(w);
                }
            }

            w.WriteEndObject();
        }
    }

    /// <summary>The field as a JSON node, as the merge driver compares it; null when it is not set.</summary>
    public static JsonNode? ToNode(ManifestEntry entry, string name) => name switch
    {
        "description" => entry.Description is null ? null : JsonValue.Create(entry.Description),
        "tags" => entry.Tags.Count == 0 ? null : new JsonArray([.. entry.Tags.Select(t => (JsonNode)JsonValue.Create(t))]),
        "inputs" => entry.Inputs.Count == 0 ? null : new JsonArray([.. entry.Inputs.Select(t => (JsonNode)JsonValue.Create(t))]),
        "metadata" => entry.Metadata.Count == 0 ? null : new JsonObject(entry.Metadata.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone()))),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a metadata field"),
    };

    /// <summary>True when the four fields of <paramref name="a"/> and <paramref name="b"/> are equal.</summary>
    public static bool SameFields(ManifestEntry a, ManifestEntry b) =>
        a.Description == b.Description && a.Tags.SequenceEqual(b.Tags, StringComparer.Ordinal) && a.Inputs.SequenceEqual(b.Inputs, StringComparer.Ordinal) &&
        a.Metadata.Count == b.Metadata.Count && a.Metadata.All(p => b.Metadata.TryGetValue(p.Key, out var o) && JsonNode.DeepEquals(p.Value, o));

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static List<string> StringArray(JsonNode? node, string source, string path, string name)
    {
        if (node is not JsonArray array)
        {
            throw Invalid(source, path, $"{name} must be an array of strings");
        }

        var list = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                throw Invalid(source, path, $"{name} must be an array of strings");
            }

            list.Add(v.GetValue<string>());
        }

        return list;
    }

    private static IReadOnlyList<string> ReadTags(List<string> tags, string source, string path)
    {
        foreach (var tag in tags)
        {
            if (EntryTag.Validate(tag) is { } reason)
            {
                throw Invalid(source, path, $"tag '{EntryPath.Printable(tag)}': {reason}");
            }
        }

        // Kept as written (a hand edit may leave them unsorted); the writers of DataTasks sort them.
        return tags;
    }

    private static IReadOnlyList<string> ReadInputs(List<string> inputs, string source, string path)
    {
        foreach (var input in inputs)
        {
            if (EntryInputReference.TryParse(input, out var reason) is null)
            {
                throw Invalid(source, path, $"input '{EntryPath.Printable(input)}': {reason}");
            }
        }

        return inputs;
    }

    private static IReadOnlyDictionary<string, JsonNode?> ReadMetadata(JsonNode? node, string source, string path)
    {
        if (node is not JsonObject obj)
        {
            throw Invalid(source, path, "metadata must be a JSON object");
        }

        var result = new Dictionary<string, JsonNode?>(obj.Count, StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (EntryMetaArgument.ValidateKey(key) is { } reason)
            {
                throw Invalid(source, path, $"metadata key '{EntryPath.Printable(key)}': {reason}");
            }

            result[key] = value?.DeepClone();
        }

        return result;
    }

    private static DataTasksException Invalid(string source, string path, string what) =>
        new(ErrorCodes.ManifestMetadataInvalid, $"{source}: entry '{EntryPath.Printable(path)}': {what}");
}
