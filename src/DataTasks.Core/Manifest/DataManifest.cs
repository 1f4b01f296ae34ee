using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Manifest;

/// <summary>
/// The artifacts.json manifest (version 2): repository paths mapped to content keys. Reading validates every entry
/// before anything else happens; writing is deterministic (ordinal path order, 2-space indent, LF, final newline,
/// no BOM) and atomic, so a git diff shows one line per change and a crash never leaves a half-written manifest.
/// </summary>
public sealed class DataManifest
{
    /// <summary>The file name of the manifest at a repository root.</summary>
    public const string FileName = "artifacts.json";

    /// <summary>The only manifest version this tool reads and writes.</summary>
    public const int SupportedVersion = 2;

    private readonly SortedDictionary<string, ManifestEntry> entries = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, JsonNode?>> extraTopLevel = [];

    /// <summary>The entries in ordinal path order.</summary>
    public IReadOnlyCollection<ManifestEntry> Entries => entries.Values;

    /// <summary>The number of entries.</summary>
    public int Count => entries.Count;

    /// <summary>Finds an entry by its exact path.</summary>
    public bool TryGet(string path, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ManifestEntry entry) => entries.TryGetValue(path, out entry);

    /// <summary>Adds or replaces an entry after validating its path and key.</summary>
    public void Set(ManifestEntry entry)
    {
        EntryPath.EnsureValid(entry.Path);
        if (entry.StorageKey is not null)
        {
            ContentKey.EnsureValid(entry.StorageKey, entry.Path);
        }

        if (entry.Size < 0)
        {
            throw new DataTasksException(ErrorCodes.ManifestInvalidShape, $"entry '{entry.Path}' has a negative size");
        }

        entries[entry.Path] = entry;
    }

    /// <summary>Removes an entry; returns false when there was none.</summary>
    public bool Remove(string path) => entries.Remove(path);

    /// <summary>Reads and validates a manifest file.</summary>
    public static DataManifest Load(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file, Encoding.UTF8);
        }
        catch (FileNotFoundException)
        {
            throw new DataTasksException(ErrorCodes.NoRepository, $"{file} does not exist; run 'dotnet data init' or create it");
        }
        catch (IOException ex)
        {
            throw new DataTasksException(ErrorCodes.IoError, $"cannot read {file}: {ex.Message}", ex);
        }

        return Parse(text, file);
    }

    /// <summary>Parses and validates manifest text; <paramref name="source"/> names it in error messages.</summary>
    public static DataManifest Parse(string text, string source = FileName)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = CharacterColumn(text, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            throw new DataTasksException(ErrorCodes.ManifestInvalidJson,
                $"{source}:{line}:{column}: invalid JSON ({FirstSentence(ex.Message)}); fix the file or restore it with 'git checkout -- {FileName}'", ex);
        }

        if (root is not JsonObject obj)
        {
            throw Shape(source, "the top level must be a JSON object");
        }

        // JsonObject throws ArgumentException on a repeated name (a merge can leave a path twice): report it as a shape error.
        // Each object is checked before it is first enumerated.
        var duplicate = FindDuplicateName(obj);
        if (duplicate is null && obj.TryGetPropertyValue("entries", out var e) && e is JsonObject eo)
        {
            duplicate = FindDuplicateName(eo) ??
                        eo.Select(p => p.Value as JsonObject).OfType<JsonObject>().Select(FindDuplicateName).FirstOrDefault(d => d is not null);
        }

        if (duplicate is not null)
        {
            throw Shape(source, $"the name '{EntryPath.Printable(duplicate)}' appears more than once in the same object; keep one");
        }

        var manifest = new DataManifest();
        if (!obj.TryGetPropertyValue("version", out var versionNode) || versionNode is not JsonValue versionValue ||
            !versionValue.TryGetValue<int>(out var version))
        {
            throw new DataTasksException(ErrorCodes.ManifestUnsupportedVersion, $"{source}: missing or non-integer \"version\"; this tool reads version {SupportedVersion}");
        }

        if (version != SupportedVersion)
        {
            throw new DataTasksException(ErrorCodes.ManifestUnsupportedVersion, $"{source}: manifest version {version} is not supported; this tool reads version {SupportedVersion}");
        }

        if (!obj.TryGetPropertyValue("entries", out var entriesNode) || entriesNode is not JsonObject entriesObj)
        {
            throw Shape(source, "\"entries\" must be a JSON object");
        }

        foreach (var (name, value) in obj)
        {
            if (name is not ("version" or "entries"))
            {
                manifest.extraTopLevel.Add(new(name, value?.DeepClone()));
            }
        }

        foreach (var (path, value) in entriesObj)
        {
            var reason = EntryPath.Validate(path);
            if (reason is not null)
            {
                throw new DataTasksException(ErrorCodes.ManifestInvalidPath, $"{source}: invalid entry path '{EntryPath.Printable(path)}': {reason}");
            }

            manifest.entries[path] = ReadEntry(source, path, value);
        }

        if (Platform.IsFileSystemCaseInsensitive)
        {
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var path in manifest.entries.Keys)
            {
                if (!seen.TryAdd(path, path))
                {
                    throw new DataTasksException(ErrorCodes.ManifestCaseCollision,
                        $"{source}: entries '{seen[path]}' and '{path}' differ only in case and cannot both exist on this file system; rename one");
                }
            }
        }

        return manifest;
    }

    private static ManifestEntry ReadEntry(string source, string path, JsonNode? value)
    {
        if (value is not JsonObject e)
        {
            throw Shape(source, $"entry '{path}' must be a JSON object");
        }

        string? key = null;
        if (e.TryGetPropertyValue("storage_key", out var keyNode) && keyNode is not null)
        {
            if (keyNode is not JsonValue kv || !kv.TryGetValue<string>(out var k))
            {
                throw new DataTasksException(ErrorCodes.ManifestInvalidKey, $"{source}: entry '{path}': storage_key must be a string or null");
            }

            key = k;
            ContentKey.EnsureValid(key, path, source);
        }
        else if (!e.ContainsKey("storage_key"))
        {
            throw Shape(source, $"entry '{path}' has no storage_key (use null for an entry not pushed yet)");
        }

        if (!e.TryGetPropertyValue("size", out var sizeNode) || sizeNode is not JsonValue sv || !sv.TryGetValue<long>(out var size) || size < 0)
        {
            throw Shape(source, $"entry '{path}': size must be a non-negative integer");
        }

        if (!e.TryGetPropertyValue("created_at", out var createdNode) || createdNode is not JsonValue cv || !cv.TryGetValue<string>(out var createdText) ||
            !DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var created))
        {
            throw Shape(source, $"entry '{path}': created_at must be an ISO-8601 timestamp");
        }

        Dictionary<string, JsonNode?>? extras = null;
        foreach (var (name, node) in e)
        {
            if (name is not ("storage_key" or "size" or "created_at"))
            {
                extras ??= new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                extras[name] = node?.DeepClone();
            }
        }

        return new ManifestEntry
        {
            Path = path,
            StorageKey = key,
            Size = size,
            CreatedAt = created,
            ExtraFields = extras ?? ManifestEntry.EmptyExtras,
        };
    }

    /// <summary>The deterministic text of this manifest.</summary>
    public string Serialize()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", SupportedVersion);
            w.WriteStartObject("entries");
            foreach (var entry in entries.Values)
            {
                w.WriteStartObject(entry.Path);
                if (entry.StorageKey is null)
                {
                    w.WriteNull("storage_key");
                }
                else
                {
                    w.WriteString("storage_key", entry.StorageKey);
                }

                w.WriteNumber("size", entry.Size);
                w.WriteString("created_at", FormatTimestamp(entry.CreatedAt));
                foreach (var (name, node) in entry.ExtraFields)
                {
                    w.WritePropertyName(name);
                    WriteNode(w, node);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            foreach (var (name, node) in extraTopLevel)
            {
                w.WritePropertyName(name);
                WriteNode(w, node);
            }

            w.WriteEndObject();
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return text.ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Writes the manifest atomically (temp file in the same folder, then rename).</summary>
    public void Save(string file)
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Serialize());
        AtomicFile.WriteAllBytes(file, bytes);
    }

    /// <summary>Formats a timestamp as the manifest stores it: ISO-8601 UTC with seconds precision.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteNode(Utf8JsonWriter w, JsonNode? node)
    {
        if (node is null)
        {
            w.WriteNullValue();
        }
        else
        {
            node.WriteTo(w);
        }
    }

    /// <summary>The first property name that occurs twice directly in <paramref name="obj"/>, or null; never materializes it.</summary>
    internal static string? FindDuplicateName(JsonObject obj)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            obj.WriteTo(w);
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        reader.Read();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!names.Add(name))
            {
                return name;
            }

            reader.Read();
            reader.Skip();
        }

        return null;
    }

    /// <summary>The 1-based column in characters of a UTF-8 byte offset within a 0-based line of <paramref name="text"/>.</summary>
    private static long CharacterColumn(string text, long line, long bytePosition)
    {
        var start = 0;
        for (var l = 0L; l < line; l++)
        {
            var newline = text.IndexOf('\n', start);
            if (newline < 0)
            {
                return bytePosition + 1;
            }

            start = newline + 1;
        }

        var i = start;
        long bytes = 0;
        while (i < text.Length && text[i] != '\n' && bytes < bytePosition)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            bytes += Encoding.UTF8.GetByteCount(text.AsSpan(i, width));
            i += width;
        }

        return i - start + 1;
    }

    private static DataTasksException Shape(string source, string what) =>
        new(ErrorCodes.ManifestInvalidShape, $"{source}: {what}");

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var s = cut > 0 ? message[..cut] : message;
        cut = s.IndexOf(" LineNumber:", StringComparison.Ordinal);
        s = cut > 0 ? s[..cut] : s;
        return s.Trim().TrimEnd('.');
    }
}
