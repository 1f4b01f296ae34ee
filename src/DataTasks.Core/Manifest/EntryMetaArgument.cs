using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataTasks.Core.Manifest;

/// <summary>
/// A <c>--meta key=value</c> argument: the key is the text before the first '=', the value is parsed as JSON when it
/// is JSON (<c>lr=0.01</c> is a number, <c>ok=true</c> a boolean, <c>x=[1,2]</c> an array) and kept as a string
/// otherwise (<c>owner=ana</c>), so the common case needs no shell quoting of JSON quotes.
/// </summary>
public static class EntryMetaArgument
{
    /// <summary>Parses one argument; throws DT1101 without '=' and DT0144 for an invalid key.</summary>
    public static KeyValuePair<string, JsonNode?> Parse(string argument)
    {
        var equals = argument.IndexOf('=');
        if (equals < 0)
        {
            throw new DataTasksException(ErrorCodes.MetaArgumentWithoutEquals,
                $"--meta '{EntryPath.Printable(argument)}' has no '='; write --meta key=value (the value is JSON when it parses as JSON, text otherwise)");
        }

        var key = argument[..equals];
        EnsureValidKey(key);
        return new(key, ParseValue(argument[(equals + 1)..]));
    }

    /// <summary>A value as JSON when it parses as one complete JSON value, otherwise as a JSON string.</summary>
    public static JsonNode? ParseValue(string text)
    {
        try
        {
            var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            if (node is JsonObject obj && DataManifest.FindDuplicateName(obj) is not null)
            {
                return JsonValue.Create(text);
            }

            return node;
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    /// <summary>Null when <paramref name="key"/> is a valid metadata key (1-200 characters, no control characters).</summary>
    public static string? ValidateKey(string key) =>
        key.Length == 0 ? "a metadata key must not be empty"
        : key.Length > 200 ? "a metadata key must be at most 200 characters"
        : key.Any(char.IsControl) ? "a metadata key must not contain control characters"
        : null;

    /// <summary>Throws DT0144 unless <paramref name="key"/> is valid.</summary>
    public static void EnsureValidKey(string key)
    {
        if (ValidateKey(key) is { } reason)
        {
            throw new DataTasksException(ErrorCodes.InvalidMetadataKey, $"invalid metadata key '{EntryPath.Printable(key)}': {reason}");
        }
    }
}
