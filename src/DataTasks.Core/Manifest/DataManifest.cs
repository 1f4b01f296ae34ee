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

    private readonly List<KeyValuePair<string, JsonNode?>> extraTopLevel;
    private readonly ManifestImage? image;
    private Dictionary<string, ManifestEntry>? entries;
    private List<ManifestEntry>? sorted;
    private int changes;

    // While entries is null the manifest is its image plus these changes (a null entry is a removal): a read that
    // needs every entry builds them (Materialize), a lookup or a few changes never do.
    private Dictionary<string, ManifestEntry?>? overlay;

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

    /// <summary>A manifest over a validated canonical file (<see cref="ManifestImage"/>): entries are read when asked for.</summary>
    internal DataManifest(ManifestImage image)
    {
        this.image = image;
        extraTopLevel = [];
        overlay = new Dictionary<string, ManifestEntry?>(StringComparer.Ordinal);
    }

    private DataManifest(ManifestImage image, Dictionary<string, ManifestEntry?> overlay)
    {
        this.image = image;
        extraTopLevel = [];
        this.overlay = overlay;
    }

    /// <summary>True while the manifest is still its image (no entry built); for tests.</summary>
    internal bool IsImage => entries is null;

    /// <summary>Every entry by path, built from the image (and the changes made since) the first time it is needed.</summary>
    private Dictionary<string, ManifestEntry> All => entries ?? Materialize();

    /// <summary>The entries in ordinal path order.</summary>
    public IReadOnlyCollection<ManifestEntry> Entries => sorted ??= IsImage && overlay!.Count == 0 ? [.. image!.All] : SortEntries();

    /// <summary>The number of entries.</summary>
    public int Count => IsImage ? image!.Count + overlay!.Sum(c => (image.Contains(c.Key), c.Value is null) switch
    {
        (true, true) => -1,
        (false, false) => 1,
        _ => 0,
    }) : entries!.Count;

    /// <summary>Top-level fields other than version and entries, in file order (kept verbatim, merged by the merge driver).</summary>
    internal IReadOnlyList<KeyValuePair<string, JsonNode?>> ExtraTopLevel => extraTopLevel;

    /// <summary>
    /// Counts the changes made since this object was created (an <see cref="Set"/> of an equal entry is none), so a
    /// read-modify-write can tell a no-op from a change without serializing the manifest twice.
    /// </summary>
    internal int Changes => changes;

    internal void ReplaceExtraTopLevel(IEnumerable<KeyValuePair<string, JsonNode?>> fields)
    {
        _ = All; // the image has no top-level fields of its own to write
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
        if (IsImage && other.IsImage && ReferenceEquals(image, other.image))
        {
            // Both are the same file plus their changes: only the changed paths can differ.
            return overlay!.Keys.Concat(other.overlay!.Keys).All(p => Equals(Find(p), other.Find(p)));
        }

        var entries = All;
        if (entries.Count != other.All.Count || extraTopLevel.Count != other.extraTopLevel.Count)
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
            if (!other.All.TryGetValue(path, out var theirs) || theirs != entry)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A copy to change independently of this one (entries are immutable records, so they are shared).</summary>
    internal DataManifest Clone() => IsImage
        ? new(image!, new Dictionary<string, ManifestEntry?>(overlay!, StringComparer.Ordinal)) { sorted = sorted }
        : new(new Dictionary<string, ManifestEntry>(entries!, StringComparer.Ordinal), [.. extraTopLevel]) { sorted = sorted };

    /// <summary>Finds an entry by its exact path.</summary>
    public bool TryGet(string path, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ManifestEntry entry)
    {
        if (!IsImage)
        {
            return entries!.TryGetValue(path, out entry);
        }

        entry = Find(path);
        return entry is not null;
    }

    private ManifestEntry? Find(string path) =>
        entries is not null ? entries.GetValueOrDefault(path)
        : overlay!.TryGetValue(path, out var changed) ? changed
        : image!.Find(path);

    private Dictionary<string, ManifestEntry> Materialize()
    {
        var all = image!.All;
        var built = new Dictionary<string, ManifestEntry>(all.Count + overlay!.Count, StringComparer.Ordinal);
        foreach (var e in all)
        {
            built.Add(e.Path, e);
        }

        foreach (var (path, entry) in overlay)
        {
            if (entry is null)
            {
                built.Remove(path);
            }
            else
            {
                built[path] = entry;
            }
        }

        if (overlay.Count == 0)
        {
            sorted ??= [.. all]; // the image is in order
        }

        overlay = null;
        entries = built;
        return built;
    }

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

        if (TryGet(entry.Path, out var old) && old == entry)
        {
            return;
        }

        if (IsImage)
        {
            overlay![entry.Path] = entry;
        }
        else
        {
            entries![entry.Path] = entry;
        }

        sorted = null;
        changes++;
    }

    /// <summary>Removes an entry; returns false when there was none.</summary>
    public bool Remove(string path)
    {
        if (IsImage)
        {
            if (!TryGet(path, out _))
            {
                return false;
            }

            overlay![path] = null;
        }
        else if (!entries!.Remove(path))
        {
            return false;
        }

        sorted = null;
        changes++;
        return true;
    }

    private List<ManifestEntry> SortEntries()
    {
        var list = new List<ManifestEntry>(All.Values);
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
        if (IsImage)
        {
            return FindNewPathConflict();
        }

        var checkedFolder = string.Empty;
        foreach (var path in entries!.Keys)
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

    // The image has no conflict (its scan checked), so only a path it does not have can make one.
    private (string File, string Child)? FindNewPathConflict()
    {
        foreach (var (path, entry) in overlay!)
        {
            if (entry is null || image!.Contains(path))
            {
                continue;
            }

            for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (Find(path[..slash]) is not null)
                {
                    return (path[..slash], path);
                }
            }

            var folder = path + "/";
            var child = image.PathsStartingWith(folder).FirstOrDefault(p => !overlay.TryGetValue(p, out var c) || c is not null)
                ?? overlay.Where(c => c.Value is not null && c.Key.StartsWith(folder, StringComparison.Ordinal)).Select(c => c.Key).Order(StringComparer.Ordinal).FirstOrDefault();
            if (child is not null)
            {
                return (path, child);
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
        if (IsImage && overlay!.Count == 0)
        {
            return image!.Bytes;
        }

        if (IsImage && Count > 0)
        {
            // A few changes to a large file: copy the untouched entries' bytes, write only the changed ones.
            return image!.Splice(OrderedChanges(), EntryText);
        }

        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, All.Count * 160));
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("version", SupportedVersion);
            w.WriteStartObject("entries");
            foreach (var entry in Entries)
            {
                WriteEntry(w, entry);
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

    /// <summary>
    /// Writes the manifest to <paramref name="file"/> atomically when it differs from <paramref name="original"/> (the
    /// bytes it was read from); false when the text is the same. An image with a few changes is spliced straight into
    /// the file, so a large manifest is never held twice.
    /// </summary>
    internal bool SaveIfChanged(string file, ReadOnlySpan<byte> original)
    {
        if (IsImage && overlay!.Count > 0 && Count > 0 && !HasSameContent(new DataManifest(image!)))
        {
            // Another entry set than the image's: canonical text of other entries is other text.
            AtomicFile.Write(file, s => image!.SpliceTo(s, OrderedChanges(), EntryText));
            return true;
        }

        var text = SerializeUtf8();
        if (text.Span.SequenceEqual(original))
        {
            return false;
        }

        AtomicFile.WriteAllBytes(file, text.Span);
        return true;
    }

    private List<KeyValuePair<string, ManifestEntry?>> OrderedChanges() => [.. overlay!.OrderBy(c => c.Key, StringComparer.Ordinal)];

    private static JsonWriterOptions WriterOptions => new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void WriteEntry(Utf8JsonWriter w, ManifestEntry entry)
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

    /// <summary>
    /// One entry's text exactly as <see cref="SerializeUtf8"/> writes it inside the file (its indent, no separator):
    /// written at the same depth, inside a wrapper object, and cut out of it.
    /// </summary>
    private static byte[] EntryText(ManifestEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartObject("e");
            WriteEntry(w, entry);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        ReadOnlySpan<byte> text = Environment.NewLine == "\n" ? buffer.WrittenSpan : WithoutCarriageReturns(buffer.WrittenSpan);
        var head = "{\n  \"e\": {\n"u8.Length;
        var tail = "\n  }\n}"u8.Length;
        return text[head..^tail].ToArray();
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
