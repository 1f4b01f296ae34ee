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

    private readonly string? file;
    private readonly Dictionary<string, Record> records;
    private readonly long racyThresholdNs;
    private bool dirty;

    private StatCache(string? file, Dictionary<string, Record> records, long racyThresholdNs)
    {
        this.file = file;
        this.records = records;
        this.racyThresholdNs = racyThresholdNs;
    }

    /// <summary>The number of remembered files.</summary>
    public int Count => records.Count;

    /// <summary>A cache that is never saved.</summary>
    public static StatCache InMemory() => new(null, new Dictionary<string, Record>(StringComparer.Ordinal), long.MinValue);

    /// <summary>Loads the cache from <paramref name="file"/>; a missing or unreadable file gives an empty cache.</summary>
    public static StatCache Load(string file)
    {
        var records = new Dictionary<string, Record>(StringComparer.Ordinal);
        var threshold = long.MinValue;
        try
        {
            var stat = FileStat.TryGet(file);
            if (stat is { } s)
            {
                threshold = s.MTimeNs;

                // One read and a walk over the bytes (the BinaryWriter layout Save uses): a 100,000-file cache is read on
                // every command, and keys stay 32 raw bytes until someone asks for one.
                var bytes = File.ReadAllBytes(file);
                Read(bytes, records);
            }
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or FormatException or UnauthorizedAccessException)
        {
            records.Clear();
        }

        return new StatCache(file, records, threshold);
    }

    private static void Read(ReadOnlySpan<byte> bytes, Dictionary<string, Record> records)
    {
        if (bytes.Length < 12 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic || BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]) != FormatVersion)
        {
            return;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        if (count < 0)
        {
            throw new FormatException("negative record count");
        }

        records.EnsureCapacity(Math.Min(count, bytes.Length / RecordFixedBytes)); // the count is untrusted
        var at = 12;
        for (var i = 0; i < count; i++)
        {
            var length = Read7BitLength(bytes, ref at);
            if (length > bytes.Length - at - RecordFixedBytes)
            {
                throw new EndOfStreamException();
            }

            var path = Encoding.UTF8.GetString(bytes.Slice(at, length));
            at += length;
            var fields = bytes.Slice(at, RecordFixedBytes);
            var stat = new FileStat(
                BinaryPrimitives.ReadInt64LittleEndian(fields),
                BinaryPrimitives.ReadInt64LittleEndian(fields[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(fields[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(fields[24..]));
            records[path] = new Record(stat, Sha256Bytes.From(fields[32..]));
            at += RecordFixedBytes;
        }
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
    /// Returns the remembered key of <paramref name="path"/> when its current stat equals the remembered one and the
    /// entry is not racily clean; otherwise false, and the caller must hash the file.
    /// </summary>
    public bool TryGetKey(string path, FileStat current, out string key)
    {
        if (records.TryGetValue(path, out var r) && r.Stat == current &&
            current.MTimeNs < racyThresholdNs && current.CTimeNs < racyThresholdNs)
        {
            key = r.Key.ToHex();
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
            if (records.TryGetValue(path, out var r))
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
            if (!records.TryGetValue(path, out var r) || r.Stat != stat || r.Key != bytes ||
                stat.MTimeNs >= racyThresholdNs || stat.CTimeNs >= racyThresholdNs)
            {
                records[path] = new Record(stat, bytes);
                dirty = true;
            }
        }
    }

    /// <summary>Forgets a path.</summary>
    public void Remove(string path)
    {
        lock (records)
        {
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
            var buffer = new MemoryStream(16 + (records.Count * (RecordFixedBytes + 48)));
            using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(Magic);
                w.Write(FormatVersion);
                w.Write(records.Count);
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

            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            AtomicFile.WriteAllBytes(file, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            dirty = false;
        }
        catch (Exception ex) when (ex is DataTasksException or IOException or UnauthorizedAccessException)
        {
            // Read-only checkouts still work; they just hash again next time.
        }
    }

    private readonly record struct Record(FileStat Stat, Sha256Bytes Key);
}
