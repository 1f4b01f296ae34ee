using System.Text;
using System.Text.Json;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.History;

/// <summary>
/// A manifest version as <c>log</c> compares it: each entry's path, key and size as slices of the blob's own UTF-8
/// bytes, sorted by path. Walking 1,000 versions of a large manifest is dominated by building objects, so none are
/// built here; <see cref="ManifestDiff.Compare(ManifestSnapshot, ManifestSnapshot)"/> makes strings only for the
/// entries that changed. Anything the fast reader does not accept is handed to <see cref="DataManifest.Parse(ReadOnlySpan{byte}, string)"/>,
/// whose DT01xx error then explains what is wrong.
/// </summary>
public sealed class ManifestSnapshot
{
    private ManifestSnapshot(SnapshotEntry[] entries)
    {
        Entries = entries;
    }

    /// <summary>No entries: the state before the manifest existed.</summary>
    public static ManifestSnapshot Empty { get; } = new([]);

    /// <summary>The entries in UTF-8 byte order of their paths.</summary>
    internal SnapshotEntry[] Entries { get; }

    /// <summary>Reads a manifest blob; a DT01xx error when it is not a valid version-2 manifest.</summary>
    public static ManifestSnapshot Read(byte[] utf8, string source)
    {
        var entries = TryRead(utf8);
        if (entries is null)
        {
            // The full parser names the problem; should it accept what the fast reader did not, its result is used.
            return FromManifest(DataManifest.Parse(utf8, source));
        }

        var sorted = true;
        for (var i = 1; i < entries.Count && sorted; i++)
        {
            sorted = entries[i - 1].Path.Span.SequenceCompareTo(entries[i].Path.Span) < 0;
        }

        var array = entries.ToArray();
        if (!sorted)
        {
            Array.Sort(array, (a, b) => a.Path.Span.SequenceCompareTo(b.Path.Span));
            for (var i = 1; i < array.Length; i++)
            {
                if (array[i - 1].Path.Span.SequenceEqual(array[i].Path.Span))
                {
                    return FromManifest(DataManifest.Parse(utf8, source));
                }
            }
        }

        return new ManifestSnapshot(array);
    }

    /// <summary>The snapshot of an already parsed manifest.</summary>
    public static ManifestSnapshot FromManifest(DataManifest manifest)
    {
        var array = manifest.Entries
            .Select(e => new SnapshotEntry(Encoding.UTF8.GetBytes(e.Path), e.StorageKey is null ? (ReadOnlyMemory<byte>?)null : Encoding.ASCII.GetBytes(e.StorageKey), e.Size))
            .ToArray();
        Array.Sort(array, (a, b) => a.Path.Span.SequenceCompareTo(b.Path.Span));
        return new ManifestSnapshot(array);
    }

    private static List<SnapshotEntry>? TryRead(byte[] utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            List<SnapshotEntry>? entries = null;
            var version = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("version"u8))
                {
                    reader.Read();
                    version = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v) && v == DataManifest.SupportedVersion;
                }
                else if (reader.ValueTextEquals("entries"u8) && entries is null)
                {
                    reader.Read();
                    entries = ReadEntries(ref reader, utf8);
                    if (entries is null)
                    {
                        return null;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return version && reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? entries : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not text (a lone surrogate escape); the full parser says so.
            return null;
        }
    }

    private static List<SnapshotEntry>? ReadEntries(ref Utf8JsonReader reader, byte[] utf8)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var entries = new List<SnapshotEntry>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var path = Slice(ref reader, utf8);
            if (path.Length == 0 || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            ReadOnlyMemory<byte>? key = null;
            var hasKey = false;
            long size = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("storage_key"u8))
                {
                    reader.Read();
                    hasKey = reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        key = Slice(ref reader, utf8);
                        if (!IsKey(key.Value.Span))
                        {
                            return null;
                        }
                    }
                }
                else if (reader.ValueTextEquals("size"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out size) || size < 0)
                    {
                        return null;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (!hasKey || size < 0)
            {
                return null;
            }

            entries.Add(new SnapshotEntry(path, key, size));
        }

        return entries;
    }

    // The raw bytes when the string has no JSON escapes (the usual case), else its decoded UTF-8.
    private static ReadOnlyMemory<byte> Slice(ref Utf8JsonReader reader, byte[] utf8) =>
        reader.ValueIsEscaped || reader.HasValueSequence
            ? Encoding.UTF8.GetBytes(reader.GetString()!)
            : utf8.AsMemory((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);

    private static bool IsKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != ContentKey.Length)
        {
            return false;
        }

        foreach (var b in key)
        {
            if (!((b >= (byte)'0' && b <= (byte)'9') || (b >= (byte)'a' && b <= (byte)'f')))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One entry of a <see cref="ManifestSnapshot"/>: UTF-8 path and key (null when not pushed) and the size.</summary>
internal readonly record struct SnapshotEntry(ReadOnlyMemory<byte> Path, ReadOnlyMemory<byte>? Key, long Size)
{
    public bool SameContent(SnapshotEntry other) =>
        Size == other.Size && Key.HasValue == other.Key.HasValue && (!Key.HasValue || Key.Value.Span.SequenceEqual(other.Key!.Value.Span));

    public ManifestEntry ToEntry() => new()
    {
        Path = Encoding.UTF8.GetString(Path.Span),
        StorageKey = Key is { } k ? Encoding.ASCII.GetString(k.Span) : null,
        Size = Size,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };
}
