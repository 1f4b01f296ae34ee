using System.Text.Json;
using System.Text.Json.Nodes;
using DataTasks.Core.Manifest;

namespace DataTasks.Cli.Commands;

/// <summary>One entry with its metadata fields as annotate, describe and find write it in --json (docs/cli-json.md).</summary>
internal static class EntryJson
{
    // Text output is for people: "it's" stays "it's", not "it\u0027s" (control characters are still escaped).
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteFields(Utf8JsonWriter w, ManifestEntry entry, IEnumerable<KeyValuePair<string, JsonNode?>>? metadata = null)
    {
        w.WriteString("path", entry.Path);
        if (entry.Description is null)
        {
            w.WriteNull("description");
        }
        else
        {
            w.WriteString("description", entry.Description);
        }

        w.WriteNumber("size", entry.Size);
        w.WriteString("created_at", DataManifest.FormatTimestamp(entry.CreatedAt));
        if (entry.StorageKey is null)
        {
            w.WriteNull("storage_key");
        }
        else
        {
            w.WriteString("storage_key", entry.StorageKey);
        }

        JsonOutput.WriteStrings(w, "tags", entry.Tags);
        JsonOutput.WriteStrings(w, "inputs", entry.Inputs);
        w.WriteStartObject("metadata");
        foreach (var (key, value) in metadata ?? entry.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WritePropertyName(key);
            if (value is null)
            {
                w.WriteNullValue();
            }
            else
            {
                value.WriteTo(w);
            }
        }

        w.WriteEndObject();
    }

    /// <summary>A metadata value on one line for text output.</summary>
    public static string Compact(JsonNode? value, int max = 60)
    {
        var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString(Readable) ?? "null";
        text = text.ReplaceLineEndings(" ");
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }
}
