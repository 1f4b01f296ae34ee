using System.Buffers.Binary;
using System.Text;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Hashing;

/// <summary>
/// Remembers the content key of each tracked file together with the stat it had when hashed (size, mtime and ctime in
/// ns, inode), so status on unchanged files reads no file content. Follows git's racy-timestamp rule: an entry whose
/// mtime or ctime is not older than the cache file's own mtime may have changed within the same clock tick and is
/// re-hashed. The file is local state (.datatasks/state), replaced atomically; losing it only costs a re-hash.
/// </summary>
public sealed class StatCache
{
    private const uint Magic = 0x43535444; // "DTSC"
    private const int FormatVersion = 1;
    private const int RecordFixedBytes = 32 + 32; // size, mtime, ctime, file id; then the SHA-256

    // Lookups and changes answered from the file's bytes before every record is read into the dictionary: a one-file
    // add asks about one path, status about all of them.
    private const int ImageQueries = 32;

    private readonly string? file;
    private readonly Dictionary<string, Record> records;
    private readonly long racyThresholdNs;
    private bool dirty;

    // While image is set, records holds only what changed since the load and removed what was removed; the rest is
    // still in the file's bytes, read on demand (Lookup) or all at once (Materialize).
    private byte[]? image;
    private HashSet<string>? removed;
    private int imageQueries;

    private StatCache(string? file, Dictionary<string, Record> records, long racyThresholdNs)
    {
        this.file = file;
        this.records = records;
        this.racyThresholdNs = racyThresholdNs;
    }

    /// <summary>The number of remembered files.</summary>
    public int Count
    {
        get
        {
            lock (records)
            {
                Materialize();
                return records.Count;
            }
        }
    }

    /// <summary>A cache that is never saved.</summary>
    public static StatCache InMemory() => new(null, new Dictionary<string, Record>(StringComparer.Ordinal), long.MinValue);

    /// <summary>Loads the cache from <paramref name="file"/>; a missing or unreadable file gives an empty cache.</summary>
    public static StatCache Load(string file)
    {
        var records = new Dictionary<string, Record>(StringComparer.Ordinal);
        var threshold = long.MinValue;
        byte[]? image = null;
        try
        {
            var stat = FileStat.TryGet(file);
            if (stat is { } s)
            {
                threshold = s.MTimeNs;

                // One read and a check of the record layout (the BinaryWriter layout Save uses); records are read from
                // the bytes when asked for, so a one-file add on a 100,000-file cache makes no string per path.
                var bytes = File.ReadAllBytes(file);
                image = IsWellFormed(bytes) ? bytes : null;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            image = null;
        }

        return new StatCache(file, records, threshold) { image = image };
    }

    // The header and every record's length fit the bytes (a truncated or foreign file is an empty cache).
    private static bool IsWellFormed(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var at = 12;
            for (var i = RecordCount(bytes); i > 0; i--)
            {
                Skip(bytes, ref at);
            }

            return bytes.Length >= 12;
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException)
        {
            return false;
        }
    }

    private static int RecordCount(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 12 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic || BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]) != FormatVersion)
        {
            return 0;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        return count >= 0 ? count : throw new FormatException("negative record count");
    }

    // Moves past one record and returns its path's bytes' offset and length.
    private static (int Start, int Length) Skip(ReadOnlySpan<byte> bytes, ref int at)
    {
        var length = Read7BitLength(bytes, ref at);
        if (length > bytes.Length - at - RecordFixedBytes)
        {
            throw new EndOfStreamException();
        }

        var start = at;
        at += length + RecordFixedBytes;
        return (start, length);
    }

    private static Record RecordAt(ReadOnlySpan<byte> bytes, int fieldsStart)
    {
        var fields = bytes.Slice(fieldsStart, RecordFixedBytes);
        var stat = new FileStat(
            BinaryPrimitives.ReadInt64LittleEndian(fields),
            BinaryPrimitives.ReadInt64LittleEndian(fields[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(fields[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(fields[24..]));
        return new Record(stat, Sha256Bytes.From(fields[32..]));
    }

    /// <summary>Reads every record of the image into the dictionary (changes made since win). Call under the lock.</summary>
    private void Materialize()
    {
        if (image is null)
        {
            return;
        }

        var bytes = image.AsSpan();
        var count = RecordCount(bytes);
        records.EnsureCapacity(Math.Min(count, bytes.Length / RecordFixedBytes) + records.Count); // the count is untrusted
        var at = 12;
        for (var i = 0; i < count; i++)
        {
            var (start, length) = Skip(bytes, ref at);
            var path = Encoding.UTF8.GetString(bytes.Slice(start, length));
            if (removed?.Contains(path) != true)
            {
                records.TryAdd(path, RecordAt(bytes, start + length));
            }
        }

        image = null;
        removed = null;
    }

    /// <summary>The record of <paramref name="path"/>, from the changes or the image. Call under the lock.</summary>
    private bool Lookup(string path, out Record record)
    {
        if (image is not null && ++imageQueries > ImageQueries)
        {
            Materialize();
        }

        if (records.TryGetValue(path, out record))
        {
            return true;
        }

        if (image is null || removed?.Contains(path) == true)
        {
            return false;
        }

        // A walk over the records comparing bytes (the last record of a path wins, as when all are read).
        var bytes = image.AsSpan();
        var wanted = Encoding.UTF8.GetBytes(path);
        var found = false;
        var at = 12;
        for (var i = RecordCount(bytes); i > 0; i--)
        {
            var (start, length) = Skip(bytes, ref at);
            if (length == wanted.Length && bytes.Slice(start, length).SequenceEqual(wanted))
            {
                record = RecordAt(bytes, start + length);
                found = true;
            }
        }

        return found;
    }

    // The length prefix BinaryWriter.Write(string) writes: 7 bits a byte, low bits first.
    private static int Read7BitLength(ReadOnlySpan<byte> bytes, ref int at)
    {
        var value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (at >= bytes.Length)
            {
                throw new EndOfStreamException();
            }

            var b = bytes[at++];
            value |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value >= 0 ? value : throw new FormatException("bad string length");
            }
        }

        throw new FormatException("bad string length");
    }

    /// <summary>
    /// Says that about <paramref name="count"/> lookups follow: past a few, every record is read now rather than after
    /// a few walks over the file's bytes.
    /// </summary>
    public void ExpectLookups(int count)
    {
        if (count > ImageQueries)
        {
            lock (records)
            {
                Materialize();
            }
        }
    }

    /// <summary>
    /// Returns the remembered key of <paramref name="path"/> when its current stat equals the remembered one and the
    /// entry is not racily clean; otherwise false, and the caller must hash the file.
    /// </summary>
    public bool TryGetKey(string path, FileStat current, out string key) => TryGetKey(path, current, expected: null, out key);

    /// <summary>
    /// Like <see cref="TryGetKey(string, FileStat, out string)"/>; when the remembered key is <paramref name="expected"/>
    /// (the manifest's key, as it is for nearly every file status looks at) that string is returned rather than a new one.
    /// </summary>
    public bool TryGetKey(string path, FileStat current, string? expected, out string key)
    {
        Record r;
        bool known;
        lock (records)
        {
            known = Lookup(path, out r);
        }

        if (known && r.Stat == current && current.MTimeNs < racyThresholdNs && current.CTimeNs < racyThresholdNs)
        {
            key = expected is not null && r.Key.IsHex(expected) ? expected : r.Key.ToHex();
            return true;
        }

        key = string.Empty;
        return false;
    }

    /// <summary>
    /// The key last remembered for <paramref name="path"/>, whatever its stat: a candidate only, which the caller must
    /// prove some other way (a link into the machine cache whose object has that key).
    /// </summary>
    public bool TryGetRememberedKey(string path, out string key)
    {
        lock (records)
        {
            if (Lookup(path, out var r))
            {
                key = r.Key.ToHex();
                return true;
            }
        }

        key = string.Empty;
        return false;
    }

    /// <summary>Remembers that <paramref name="path"/>, with this stat, has content <paramref name="key"/>.</summary>
    public void Set(string path, FileStat stat, string key)
    {
        var bytes = Sha256Bytes.FromHex(key);
        lock (records)
        {
            // A racily clean record is written again, so the cache file's newer mtime lets the next run trust it.
            if (!Lookup(path, out var r) || r.Stat != stat || r.Key != bytes ||
                stat.MTimeNs >= racyThresholdNs || stat.CTimeNs >= racyThresholdNs)
            {
                records[path] = new Record(stat, bytes);
                removed?.Remove(path);
                dirty = true;
            }
        }
    }

    /// <summary>Forgets a path.</summary>
    public void Remove(string path)
    {
        lock (records)
        {
            if (image is not null && Lookup(path, out _))
            {
                records.Remove(path);
                (removed ??= new HashSet<string>(StringComparer.Ordinal)).Add(path);
                dirty = true;
                return;
            }

            dirty |= records.Remove(path);
        }
    }

    /// <summary>Writes the cache if anything changed. Failures are ignored: the cache is an optimisation.</summary>
    public void Save()
    {
        if (file is null || !dirty)
        {
            return;
        }

        try
        {
            // Written through to the file (a 100,000-record cache is not built in memory first).
            var count = records.Count + CopyUnchanged(null);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            AtomicFile.Write(file, stream =>
            {
                var buffered = new BufferedStream(stream, 1 << 16); // not disposed: that would close the temp file before its flush
                using (var w = new BinaryWriter(buffered, Encoding.UTF8, leaveOpen: true))
                {
                    w.Write(Magic);
                    w.Write(FormatVersion);
                    w.Write(count);
                    CopyUnchanged(w);
                    Span<byte> key = stackalloc byte[32];
                    foreach (var (path, r) in records)
                    {
                        w.Write(path);
                        w.Write(r.Stat.Size);
                        w.Write(r.Stat.MTimeNs);
                        w.Write(r.Stat.CTimeNs);
                        w.Write(r.Stat.FileId);
                        r.Key.CopyTo(key);
                        w.Write(key);
                    }
                }

                buffered.Flush();
            });
            dirty = false;
        }
        catch (Exception ex) when (ex is DataTasksException or IOException or UnauthorizedAccessException)
        {
            // Read-only checkouts still work; they just hash again next time.
        }
    }

    /// <summary>Writes the image's records that were neither changed nor removed as they are (only counts them when <paramref name="w"/> is null); returns how many.</summary>
    private int CopyUnchanged(BinaryWriter? w)
    {
        if (image is null)
        {
            return 0;
        }

        var bytes = image.AsSpan();
        var changed = records.Keys.Concat(removed ?? []).Select(p => Encoding.UTF8.GetBytes(p)).ToList();
        var copied = 0;
        var at = 12;
        for (var i = RecordCount(bytes); i > 0; i--)
        {
            var recordStart = at;
            var (start, length) = Skip(bytes, ref at);
            var path = bytes.Slice(start, length);
            var isChanged = false;
            foreach (var c in changed)
            {
                isChanged |= path.SequenceEqual(c);
            }

            if (!isChanged)
            {
                w?.Write(bytes[recordStart..at]);
                copied++;
            }
        }

        return copied;
    }

    private readonly record struct Record(FileStat Stat, Sha256Bytes Key);
}
