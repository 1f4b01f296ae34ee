using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Manifest;

/// <summary>
/// Reads artifacts.json: validates every entry in one forward pass over the UTF-8 bytes and reports the first problem
/// with its code and position. <see cref="DataManifest"/> exposes it as <see cref="DataManifest.Load"/> and
/// <see cref="DataManifest.Parse(ReadOnlySpan{byte}, string)"/>.
/// </summary>
internal static class ManifestReader
{
    /// <summary>Reads and validates a manifest file; a missing file, an unreadable one and merge conflict markers each have their own code.</summary>
    public static DataManifest Load(string file) => Parse(ReadBytes(file), file);

    /// <summary>
    /// Like <see cref="Parse(ReadOnlySpan{byte}, string)"/> for bytes the manifest may keep: a file in the writer's
    /// canonical form is validated by a scan and its entries read only when asked for (<see cref="ManifestImage"/>).
    /// </summary>
    public static DataManifest Parse(byte[] utf8, string source) =>
        ManifestImage.TryScan(utf8) is { } image ? new DataManifest(image) : Parse(utf8.AsSpan(), source);

    /// <summary>The bytes of a manifest file, checked for merge conflict markers; parse them with <see cref="Parse(byte[], string)"/>.</summary>
    public static byte[] ReadBytes(string file)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (FileNotFoundException)
        {
            throw new DataTasksException(ErrorCodes.NoRepository, $"{file} does not exist; run 'dotnet data init' or create it");
        }
        catch (IOException ex)
        {
            throw new DataTasksException(ErrorCodes.IoError, $"cannot read {file}: {ex.Message}", ex);
        }

        if (Merge.ConflictMarkers.Contains(bytes))
        {
            throw Merge.ConflictMarkers.Error(file);
        }

        return bytes;
    }

    /// <summary>
    /// Parses and validates UTF-8 manifest bytes in one forward pass (a large manifest is read on every command, so no
    /// DOM is built; unknown fields alone become JSON nodes). <paramref name="source"/> names it in error messages.
    /// </summary>
    public static DataManifest Parse(ReadOnlySpan<byte> utf8, string source)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        var options = new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };
        try
        {
            return ParseValid(utf8, options, source);
        }
        catch (JsonException ex)
        {
            throw SyntaxError(utf8, source, ex);
        }
        catch (DataTasksException)
        {
            // A broken file is always reported as DT0101 with its position, even when the shape error came first.
            try
            {
                var check = new Utf8JsonReader(utf8, options);
                while (check.Read())
                {
                }
            }
            catch (JsonException ex)
            {
                throw SyntaxError(utf8, source, ex);
            }

            throw;
        }
    }

    private static DataTasksException SyntaxError(ReadOnlySpan<byte> utf8, string source, JsonException ex)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var line = (ex.LineNumber ?? 0) + 1;
        var column = CharacterColumn(text, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
        return new DataTasksException(ErrorCodes.ManifestInvalidJson,
            $"{source}:{line}:{column}: invalid JSON ({FirstSentence(ex.Message)}); fix the file or restore it with 'git checkout -- {DataManifest.FileName}'", ex);
    }

    private static DataManifest ParseValid(ReadOnlySpan<byte> utf8, JsonReaderOptions options, string source)
    {
        var reader = new Utf8JsonReader(utf8, options);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Shape(source, "the top level must be a JSON object");
        }

        var entries = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        var extraTopLevel = new List<KeyValuePair<string, JsonNode?>>();
        var topNames = new HashSet<string>(StringComparer.Ordinal);
        int? version = null;
        var versionSeen = false;
        var entriesReader = default(Utf8JsonReader);
        var entriesSeen = false;
        var entriesRead = false;
        var entriesIsObject = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = JsonStrings.TryGet(ref reader) ?? throw NotText(ErrorCodes.ManifestInvalidShape, utf8, ref reader, source, "a top-level name");
            if (!topNames.Add(name))
            {
                throw Duplicate(source, name);
            }

            reader.Read();
            switch (name)
            {
                case "version":
                    versionSeen = true;
                    version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v) ? v : null;
                    reader.Skip();
                    break;
                case "entries":
                    entriesSeen = true;
                    entriesIsObject = reader.TokenType == JsonTokenType.StartObject;
                    if (entriesIsObject && version == DataManifest.SupportedVersion)
                    {
                        // The usual order (version first): read the entries in this same pass.
                        ReadEntries(ref reader, utf8, source, entries);
                        entriesRead = true;
                    }
                    else
                    {
                        // Version not known yet: its error must win, so come back to the entries afterwards.
                        entriesReader = reader;
                        reader.Skip();
                    }

                    break;
                default:
                    extraTopLevel.Add(new(name, JsonNode.Parse(ref reader)));
                    break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            // Trailing content after the top-level object: let the syntax check report it.
            throw Shape(source, "unexpected content after the top-level object");
        }

        if (!versionSeen || version is null)
        {
            throw new DataTasksException(ErrorCodes.ManifestUnsupportedVersion, $"{source}: missing or non-integer \"version\"; this tool reads version {DataManifest.SupportedVersion}");
        }

        if (version != DataManifest.SupportedVersion)
        {
            throw new DataTasksException(ErrorCodes.ManifestUnsupportedVersion, $"{source}: manifest version {version} is not supported; this tool reads version {DataManifest.SupportedVersion}");
        }

        if (!entriesSeen || !entriesIsObject)
        {
            throw Shape(source, "\"entries\" must be a JSON object");
        }

        if (!entriesRead)
        {
            ReadEntries(ref entriesReader, utf8, source, entries);
        }

        var manifest = new DataManifest(entries, extraTopLevel);
        if (manifest.FindPathConflict() is var (file, child))
        {
            throw new DataTasksException(ErrorCodes.ManifestPathConflict, DataManifest.PathConflictMessage(source, file, child));
        }

        if (Platform.IsFileSystemCaseInsensitive)
        {
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in manifest.Entries)
            {
                if (!seen.TryAdd(entry.Path, entry.Path))
                {
                    throw new DataTasksException(ErrorCodes.ManifestCaseCollision,
                        $"{source}: entries '{seen[entry.Path]}' and '{entry.Path}' differ only in case and cannot both exist on this file system; rename one");
                }
            }
        }

        return manifest;
    }

    private static void ReadEntries(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, string source, Dictionary<string, ManifestEntry> into)
    {
        // The reader is positioned on the StartObject of "entries".
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var path = JsonStrings.TryGet(ref reader) ?? throw NotText(ErrorCodes.ManifestInvalidPath, utf8, ref reader, source, "an entry path");
            var reason = EntryPath.Validate(path);
            if (reason is not null)
            {
                throw new DataTasksException(ErrorCodes.ManifestInvalidPath, $"{source}: invalid entry path '{EntryPath.Printable(path)}': {reason}");
            }

            if (into.ContainsKey(path))
            {
                throw Duplicate(source, path);
            }

            reader.Read();
            into[path] = ReadEntry(ref reader, utf8, source, path);
        }
    }

    private static ManifestEntry ReadEntry(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, string source, string path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Shape(source, $"entry '{path}' must be a JSON object");
        }

        var hasKey = false;
        string? key = null;
        var keyIsString = true;
        long? size = null;
        var sizeSeen = false;
        string? createdText = null;
        var created = default(DateTimeOffset);
        var createdValid = false;
        Dictionary<string, JsonNode?>? extras = null;
        var names = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // The three known names, unescaped, are matched on the bytes: no string a field for 100,000 entries. An
            // escaped name takes the checked path (an escape may decode to no text at all).
            var plain = !reader.ValueIsEscaped;
            var name = plain && reader.ValueSpan.SequenceEqual("storage_key"u8) ? "storage_key"
                : plain && reader.ValueSpan.SequenceEqual("size"u8) ? "size"
                : plain && reader.ValueSpan.SequenceEqual("created_at"u8) ? "created_at"
                : JsonStrings.TryGet(ref reader) ?? throw NotText(ErrorCodes.ManifestInvalidShape, utf8, ref reader, source, $"a field name of entry '{path}'");
            reader.Read();
            switch (name)
            {
                case "storage_key":
                    Seen(ref names, 1, source, name);
                    hasKey = true;
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        key = JsonStrings.TryGet(ref reader) ?? throw NotText(ErrorCodes.ManifestInvalidKey, utf8, ref reader, source, $"the storage_key of entry '{path}'");
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        keyIsString = false;
                        reader.Skip();
                    }

                    break;
                case "size":
                    Seen(ref names, 2, source, name);
                    sizeSeen = true;
                    size = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n) ? n : null;
                    reader.Skip();
                    break;
                case "created_at":
                    Seen(ref names, 4, source, name);
                    // The writer's form is read from the bytes, without a string.
                    createdValid = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && ManifestImage.TryParseTimestamp(reader.ValueSpan, out created);
                    createdText = reader.TokenType == JsonTokenType.String && !createdValid
                        ? JsonStrings.TryGet(ref reader) ?? throw NotText(ErrorCodes.ManifestInvalidShape, utf8, ref reader, source, $"created_at of entry '{path}'")
                        : null;
                    reader.Skip();
                    break;
                default:
                    extras ??= new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                    if (!extras.TryAdd(name, JsonNode.Parse(ref reader)))
                    {
                        throw Duplicate(source, name);
                    }

                    break;
            }
        }

        if (!keyIsString)
        {
            throw new DataTasksException(ErrorCodes.ManifestInvalidKey, $"{source}: entry '{path}': storage_key must be a string or null");
        }

        if (key is not null)
        {
            ContentKey.EnsureValid(key, path, source);
        }
        else if (!hasKey)
        {
            throw Shape(source, $"entry '{path}' has no storage_key (use null for an entry not pushed yet)");
        }

        if (!sizeSeen || size is not { } validSize || validSize < 0)
        {
            throw Shape(source, $"entry '{path}': size must be a non-negative integer");
        }

        if (!createdValid && (createdText is null || !TryParseTimestamp(createdText, out created)))
        {
            throw Shape(source, $"entry '{path}': created_at must be an ISO-8601 timestamp");
        }

        var entry = new ManifestEntry
        {
            Path = path,
            StorageKey = key,
            Size = validSize,
            CreatedAt = created,
            ExtraFields = extras ?? ManifestEntry.EmptyExtras,
        };

        // The metadata fields (description, tags, inputs, metadata) are parsed as unknown fields and typed here.
        return extras is null ? entry : EntryMetadataFields.Lift(entry, source);
    }

    private static void Seen(ref int names, int bit, string source, string name)
    {
        if ((names & bit) != 0)
        {
            throw Duplicate(source, name);
        }

        names |= bit;
    }

    private static bool TryParseTimestamp(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value) ||
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    private static DataTasksException Duplicate(string source, string name) =>
        Shape(source, $"the name '{EntryPath.Printable(name)}' appears more than once in the same object; keep one");

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

    private static DataTasksException NotText(string code, ReadOnlySpan<byte> utf8, ref Utf8JsonReader reader, string source, string what)
    {
        var (line, column) = JsonStrings.Position(utf8, reader.TokenStartIndex);
        return new DataTasksException(code,
            $"{source}:{line}:{column}: {what} is not valid text (a lone surrogate escape such as \\ud800, or bytes that are not UTF-8); fix the file or restore it with 'git checkout -- {DataManifest.FileName}'");
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
