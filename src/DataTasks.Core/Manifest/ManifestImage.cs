using System.Text;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Manifest;

/// <summary>
/// The bytes of a manifest that is exactly what <see cref="DataManifest"/> writes, for the common shape: printable ASCII
/// paths in ordinal order and entries with only storage_key, size and created_at. One scan over the bytes validates it
/// as the full reader would (paths, keys, sizes, timestamps, order, no file that is also a folder) without making a
/// string or an entry, and remembers where each entry lies; a one-file change then reads just that entry and writes the
/// file by copying the untouched entries' bytes around it. Anything else (another shape, an escape, a problem to
/// report) is left to <see cref="ManifestReader"/>, which gives the same manifest or the error.
/// </summary>
internal sealed class ManifestImage
{
    private const int PathOffset = 5; // after the 4-space indent and the opening quote

    private readonly byte[] bytes;
    private readonly int[] starts;
    private readonly int[] pathLengths;
    private readonly int[] ends;
    private List<ManifestEntry>? all;

    private ManifestImage(byte[] bytes, int[] starts, int[] pathLengths, int[] ends, int count)
    {
        this.bytes = bytes;
        this.starts = starts;
        this.pathLengths = pathLengths;
        this.ends = ends;
        Count = count;
    }

    /// <summary>The text before the first entry.</summary>
    internal static ReadOnlySpan<byte> Head => "{\n  \"version\": 2,\n  \"entries\": {\n"u8;

    /// <summary>The text after the last entry.</summary>
    internal static ReadOnlySpan<byte> Tail => "\n  }\n}\n"u8;

    /// <summary>The number of entries.</summary>
    public int Count { get; }

    /// <summary>The file's bytes (not to be changed).</summary>
    public byte[] Bytes => bytes;

    /// <summary>
    /// The image of <paramref name="utf8"/> when it has the canonical form and is valid, else null (never throws): the
    /// caller then parses it fully, which reports any problem.
    /// </summary>
    public static ManifestImage? TryScan(byte[] utf8)
    {
        if (Platform.IsFileSystemCaseInsensitive || !utf8.AsSpan().StartsWith(Head))
        {
            // Case collisions need every path as a string; an empty "entries" is written as {} and is small anyway.
            return null;
        }

        var capacity = Math.Max(16, utf8.Length / 150);
        var starts = new int[capacity];
        var pathLengths = new int[capacity];
        var ends = new int[capacity];
        var folders = new List<(int Start, int Length)>();
        Span<char> chars = stackalloc char[512];
        var span = utf8.AsSpan();
        var at = Head.Length;
        var count = 0;
        while (true)
        {
            var start = at;
            if (!Expect(span, ref at, "    \""u8))
            {
                return null;
            }

            var pathStart = at;
            var pathEnd = span[at..].IndexOf((byte)'"');
            if (pathEnd <= 0 || pathEnd > chars.Length)
            {
                return null;
            }

            var path = span.Slice(pathStart, pathEnd);
            at += pathEnd;
            if (path.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0 || path.Contains((byte)'\\'))
            {
                // Escapes and non-ASCII text may be written differently; the full reader knows.
                return null;
            }

            var pathChars = chars[..path.Length];
            for (var i = 0; i < path.Length; i++)
            {
                pathChars[i] = (char)path[i];
            }

            if (EntryPath.Validate(pathChars) is not null)
            {
                return null;
            }

            if (count > 0 && !(span.Slice(starts[count - 1] + PathOffset, pathLengths[count - 1]).SequenceCompareTo(path) < 0))
            {
                return null; // not in order (or a duplicate): the writer would reorder it
            }

            if (IsUnderAnEntry(span, folders, path))
            {
                return null;
            }

            if (!Expect(span, ref at, "\": {\n      \"storage_key\": "u8))
            {
                return null;
            }

            if (!Expect(span, ref at, "null"u8))
            {
                if (at + 66 > span.Length || span[at] != (byte)'"' || span[at + 65] != (byte)'"' ||
                    span.Slice(at + 1, 64).IndexOfAnyExcept("0123456789abcdef"u8) >= 0)
                {
                    return null;
                }

                at += 66;
            }

            if (!Expect(span, ref at, ",\n      \"size\": "u8) || !TryReadSize(span, ref at, out _) ||
                !Expect(span, ref at, ",\n      \"created_at\": \""u8) || at + 20 > span.Length ||
                !TryParseTimestamp(span.Slice(at, 20), out _))
            {
                return null;
            }

            at += 20;
            if (!Expect(span, ref at, "\"\n    }"u8))
            {
                return null;
            }

            if (count == starts.Length)
            {
                Array.Resize(ref starts, count * 2);
                Array.Resize(ref pathLengths, count * 2);
                Array.Resize(ref ends, count * 2);
            }

            starts[count] = start;
            pathLengths[count] = path.Length;
            ends[count] = at;
            count++;
            folders.Add((pathStart, path.Length));
            if (Expect(span, ref at, ",\n"u8))
            {
                continue;
            }

            return span[at..].SequenceEqual(Tail) ? new ManifestImage(utf8, starts, pathLengths, ends, count) : null;
        }
    }

    /// <summary>
    /// True when an earlier entry is a folder of <paramref name="path"/>. Entries come in order, so such an entry is a
    /// prefix of every entry up to this one: <paramref name="chain"/> keeps the earlier entries that are prefixes of
    /// the latest, popped as soon as one is not, which is a few comparisons a path.
    /// </summary>
    private static bool IsUnderAnEntry(ReadOnlySpan<byte> span, List<(int Start, int Length)> chain, ReadOnlySpan<byte> path)
    {
        while (chain.Count > 0 && !path.StartsWith(span.Slice(chain[^1].Start, chain[^1].Length)))
        {
            chain.RemoveAt(chain.Count - 1);
        }

        foreach (var (_, length) in chain)
        {
            if (path.Length > length && path[length] == (byte)'/')
            {
                return true;
            }
        }

        return false;
    }

    private static bool Expect(ReadOnlySpan<byte> span, ref int at, ReadOnlySpan<byte> text)
    {
        if (!span[at..].StartsWith(text))
        {
            return false;
        }

        at += text.Length;
        return true;
    }

    // A size as the writer writes it: no sign, no leading zero, at most 18 digits (so no overflow check is needed).
    private static bool TryReadSize(ReadOnlySpan<byte> span, ref int at, out long value)
    {
        value = 0;
        var start = at;
        while (at < span.Length && span[at] is >= (byte)'0' and <= (byte)'9' && at - start < 18)
        {
            value = (value * 10) + (span[at++] - '0');
        }

        var digits = at - start;
        return digits > 0 && !(digits > 1 && span[start] == (byte)'0') && !(at < span.Length && char.IsAsciiDigit((char)span[at]));
    }

    /// <summary>
    /// The form the writer uses, <c>yyyy-MM-ddTHH:mm:ssZ</c>, read digit by digit (what TryParseExact accepts for that
    /// format, several times faster; every entry of a large manifest has one).
    /// </summary>
    internal static bool TryParseTimestamp(ReadOnlySpan<byte> t, out DateTimeOffset value)
    {
        value = default;
        if (t.Length != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z')
        {
            return false;
        }

        if (!Digits(t, 0, 4, out var year) || !Digits(t, 5, 2, out var month) || !Digits(t, 8, 2, out var day) ||
            !Digits(t, 11, 2, out var hour) || !Digits(t, 14, 2, out var minute) || !Digits(t, 17, 2, out var second) ||
            year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit((char)text[i]))
            {
                return false;
            }

            value = (value * 10) + (text[i] - '0');
        }

        return true;
    }

    /// <summary>Every entry, in order (read once and kept: the entries are immutable).</summary>
    public IReadOnlyList<ManifestEntry> All
    {
        get
        {
            if (all is null)
            {
                var list = new List<ManifestEntry>(Count);
                for (var i = 0; i < Count; i++)
                {
                    list.Add(Read(i));
                }

                all = list;
            }

            return all;
        }
    }

    /// <summary>The entry at <paramref name="path"/>, or null.</summary>
    public ManifestEntry? Find(string path)
    {
        var i = LowerBound(path);
        return i < Count && Compare(i, path) == 0 ? (all is null ? Read(i) : all[i]) : null;
    }

    /// <summary>True when an entry has exactly <paramref name="path"/>.</summary>
    public bool Contains(string path)
    {
        var i = LowerBound(path);
        return i < Count && Compare(i, path) == 0;
    }

    /// <summary>The paths of the entries that start with <paramref name="prefix"/>, in order.</summary>
    public IEnumerable<string> PathsStartingWith(string prefix)
    {
        for (var i = LowerBound(prefix); i < Count && StartsWith(i, prefix); i++)
        {
            yield return PathAt(i);
        }
    }

    /// <summary>
    /// The manifest text with <paramref name="changes"/> (in ordinal path order; a null entry removes the path) in place of
    /// and among the entries, the rest copied as they are: what the writer gives for the changed manifest, as long as it
    /// still has an entry. <paramref name="entryText"/> writes one entry as the writer does.
    /// </summary>
    public byte[] Splice(IReadOnlyList<KeyValuePair<string, ManifestEntry?>> changes, Func<ManifestEntry, byte[]> entryText)
    {
        var output = new MemoryStream(bytes.Length + (changes.Count * 256));
        SpliceTo(output, changes, entryText);
        return output.GetBuffer().Length == output.Length ? output.GetBuffer() : output.ToArray();
    }

    /// <summary><see cref="Splice"/> written to <paramref name="output"/> as it is made.</summary>
    public void SpliceTo(Stream output, IReadOnlyList<KeyValuePair<string, ManifestEntry?>> changes, Func<ManifestEntry, byte[]> entryText)
    {
        var texts = new byte[changes.Count][];
        for (var c = 0; c < changes.Count; c++)
        {
            texts[c] = changes[c].Value is { } e ? entryText(e) : [];
        }

        var first = true;
        Append(Head);
        var next = 0;
        for (var c = 0; c < changes.Count; c++)
        {
            var j = LowerBound(changes[c].Key);
            CopyRun(next, j);
            next = j < Count && Compare(j, changes[c].Key) == 0 ? j + 1 : j;
            if (texts[c].Length > 0)
            {
                Append(first ? [] : ",\n"u8);
                Append(texts[c]);
                first = false;
            }
        }

        CopyRun(next, Count);
        Append(Tail);

        void CopyRun(int from, int to)
        {
            if (from >= to)
            {
                return;
            }

            Append(first ? [] : ",\n"u8);
            Append(bytes.AsSpan(starts[from], ends[to - 1] - starts[from]));
            first = false;
        }

        void Append(ReadOnlySpan<byte> text) => output.Write(text);
    }

    private string PathAt(int i) => Encoding.ASCII.GetString(bytes, starts[i] + PathOffset, pathLengths[i]);

    private ManifestEntry Read(int i)
    {
        var span = bytes.AsSpan();
        var at = starts[i] + PathOffset + pathLengths[i] + "\": {\n      \"storage_key\": "u8.Length;
        string? key = null;
        if (span[at] == (byte)'"')
        {
            key = Encoding.ASCII.GetString(bytes, at + 1, 64);
            at += 66;
        }
        else
        {
            at += 4;
        }

        at += ",\n      \"size\": "u8.Length;
        TryReadSize(span, ref at, out var size);
        at += ",\n      \"created_at\": \""u8.Length;
        TryParseTimestamp(span.Slice(at, 20), out var created);
        return new ManifestEntry
        {
            Path = PathAt(i),
            StorageKey = key,
            Size = size,
            CreatedAt = created,
            ExtraFields = ManifestEntry.EmptyExtras,
        };
    }

    private int LowerBound(string path)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (Compare(mid, path) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    // Ordinal comparison of entry i's path (ASCII, so each byte is its UTF-16 code unit) with a string.
    private int Compare(int i, string path)
    {
        var mine = bytes.AsSpan(starts[i] + PathOffset, pathLengths[i]);
        var n = Math.Min(mine.Length, path.Length);
        for (var k = 0; k < n; k++)
        {
            if (mine[k] != path[k])
            {
                return mine[k] - path[k];
            }
        }

        return mine.Length - path.Length;
    }

    private bool StartsWith(int i, string prefix)
    {
        var mine = bytes.AsSpan(starts[i] + PathOffset, pathLengths[i]);
        if (mine.Length < prefix.Length)
        {
            return false;
        }

        for (var k = 0; k < prefix.Length; k++)
        {
            if (mine[k] != prefix[k])
            {
                return false;
            }
        }

        return true;
    }
}
