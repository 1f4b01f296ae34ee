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

    private readonly Dictionary<string, ManifestEntry> entries;
    private readonly List<KeyValuePair<string, JsonNode?>> extraTopLevel;
    private List<ManifestEntry>? sorted;
    private int changes;

    /// <summary>An empty manifest.</summary>
    public DataManifest()
        : this(new Dictionary<string, ManifestEntry>(StringComparer.Ordinal), [])
    {
    }

    /// <summary>
    /// A manifest over entries (keyed by ordinal path) and top-level fields <see cref="ManifestReader"/> has already
    /// validated: they are taken as they are, not copied or checked again.
    /// </summary>
    internal DataManifest(Dictionary<string, ManifestEntry> entries, List<KeyValuePair<string, JsonNode?>> extraTopLevel)
    {
        this.entries = entries;
        this.extraTopLevel = extraTopLevel;
    }

    /// <summary>The entries in ordinal path order.</summary>
    public IReadOnlyCollection<ManifestEntry> Entries => sorted ??= SortEntries();

    /// <summary>The number of entries.</summary>
    public int Count => entries.Count;

    /// <summary>Top-level fields other than version and entries, in file order (kept verbatim, merged by the merge driver).</summary>
    internal IReadOnlyList<KeyValuePair<string, JsonNode?>> ExtraTopLevel => extraTopLevel;

    /// <summary>
    /// Counts the changes made since this object was created (an <see cref="Set"/> of an equal entry is none), so a
    /// read-modify-write can tell a no-op from a change without serializing the manifest twice.
    /// </summary>
    internal int Changes => changes;

    internal void ReplaceExtraTopLevel(IEnumerable<KeyValuePair<string, JsonNode?>> fields)
    {
        extraTopLevel.Clear();
        extraTopLevel.AddRange(fields);
        changes++;
    }

    /// <summary>
    /// True when <paramref name="other"/> has the same entries (equal records) and the same top-level fields (the same
    /// nodes), so its text would be the same: a change that was undone needs no write.
    /// </summary>
    internal bool HasSameContent(DataManifest other)
    {
        if (entries.Count != other.entries.Count || extraTopLevel.Count != other.extraTopLevel.Count)
        {
            return false;
        }

        for (var i = 0; i < extraTopLevel.Count; i++)
        {
            if (extraTopLevel[i].Key != other.extraTopLevel[i].Key || !ReferenceEquals(extraTopLevel[i].Value, other.extraTopLevel[i].Value))
            {
                return false;
            }
        }

        foreach (var (path, entry) in entries)
        {
            if (!other.entries.TryGetValue(path, out var theirs) || theirs != entry)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A copy to change independently of this one (entries are immutable records, so they are shared).</summary>
    internal DataManifest Clone() =>
        new(new Dictionary<string, ManifestEntry>(entries, StringComparer.Ordinal), [.. extraTopLevel]) { sorted = sorted };

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

        if (entries.TryGetValue(entry.Path, out var old) && old == entry)
        {
            return;
        }

        entries[entry.Path] = entry;
        sorted = null;
        changes++;
    }

    /// <summary>Removes an entry; returns false when there was none.</summary>
    public bool Remove(string path)
    {
        if (!entries.Remove(path))
        {
            return false;
        }

        sorted = null;
        changes++;
        return true;
    }

    private List<ManifestEntry> SortEntries()
    {
        var list = new List<ManifestEntry>(entries.Values);
        list.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return list;
    }

    /// <summary>Reads and validates a manifest file.</summary>
    public static DataManifest Load(string file) => ManifestReader.Load(file);

    /// <summary>Parses and validates manifest text; <paramref name="source"/> names it in error messages.</summary>
    public static DataManifest Parse(string text, string source = FileName) => Parse(Encoding.UTF8.GetBytes(text), source);

    /// <summary>
    /// Parses and validates UTF-8 manifest bytes in one forward pass (a large manifest is read on every command, so no
    /// DOM is built; unknown fields alone become JSON nodes). <paramref name="source"/> names it in error messages.
    /// </summary>
    public static DataManifest Parse(ReadOnlySpan<byte> utf8, string source = FileName) => ManifestReader.Parse(utf8, source);

    /// <summary>
    /// An entry that is also the parent folder of another (<c>data/x</c> and <c>data/x/y</c>), or null. One lookup per
    /// folder of each path, so a large manifest costs what reading it did; the folders of a path whose parent folder
    /// is the previous path's were just looked up (entries usually come in file order, folder by folder), so they are
    /// skipped rather than cut out as new strings again.
    /// </summary>
    internal (string File, string Child)? FindPathConflict()
    {
        var checkedFolder = string.Empty;
        foreach (var path in entries.Keys)
        {
            var parent = path.LastIndexOf('/');
            if (parent <= 0 || path.AsSpan(0, parent).SequenceEqual(checkedFolder))
            {
                continue;
            }

            for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                var folder = path[..slash];
                if (entries.ContainsKey(folder))
                {
                    return (folder, path);
                }

                checkedFolder = folder;
            }
        }

        return null;
    }

    internal static string PathConflictMessage(string source, string file, string child) =>
        $"{source}: entry '{EntryPath.Printable(file)}' is a file, and entry '{EntryPath.Printable(child)}' needs it to be a folder; remove one ('dotnet data rm {EntryPath.Printable(file)}' if the folder is what you have now)";

    /// <summary>The deterministic text of this manifest.</summary>
    public string Serialize()
    {
        var utf8 = SerializeUtf8();
        return Encoding.UTF8.GetString(utf8.Span);
    }

    /// <summary>
    /// The deterministic text of this manifest as UTF-8 bytes (no BOM), written straight from the entries: no text
    /// copy, so a 100,000-entry manifest costs one buffer of its own size.
    /// </summary>
    internal ReadOnlyMemory<byte> SerializeUtf8()
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, entries.Count * 160));
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", SupportedVersion);
            w.WriteStartObject("entries");
            foreach (var entry in Entries)
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
                EntryMetadataFields.Write(w, entry);
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

        buffer.Write("\n"u8);
        return Environment.NewLine == "\n" ? buffer.WrittenMemory : WithoutCarriageReturns(buffer.WrittenSpan);
    }

    // The writer ends lines with Environment.NewLine; the file always uses LF. Its strings never hold a raw CR (the
    // writer escapes control characters), so every CR byte is part of a line end.
    private static byte[] WithoutCarriageReturns(ReadOnlySpan<byte> utf8)
    {
        var result = new byte[utf8.Length - utf8.Count((byte)'\r')];
        var at = 0;
        foreach (var b in utf8)
        {
            if (b != (byte)'\r')
            {
                result[at++] = b;
            }
        }

        return result;
    }

    /// <summary>Writes the manifest atomically (temp file in the same folder, then rename).</summary>
    public void Save(string file) => AtomicFile.WriteAllBytes(file, SerializeUtf8().Span);

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
}
