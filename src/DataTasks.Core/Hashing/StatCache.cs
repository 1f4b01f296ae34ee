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
                using var reader = new BinaryReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16), Encoding.UTF8);
                if (reader.ReadUInt32() == Magic && reader.ReadInt32() == FormatVersion)
                {
                    var count = reader.ReadInt32();
                    if (count < 0)
                    {
                        throw new FormatException("negative record count");
                    }

                    records.EnsureCapacity(Math.Min(count, 1 << 16)); // the count is untrusted until the records are read
                    for (var i = 0; i < count; i++)
                    {
                        var path = reader.ReadString();
                        var stat2 = new FileStat(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadUInt64());
                        var keyBytes = reader.ReadBytes(32);
                        if (keyBytes.Length != 32)
                        {
                            throw new EndOfStreamException();
                        }

                        var key = Convert.ToHexString(keyBytes).ToLowerInvariant();
                        records[path] = new Record(stat2, key);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or FormatException or UnauthorizedAccessException)
        {
            records.Clear();
        }

        return new StatCache(file, records, threshold);
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
            key = r.Key;
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
                key = r.Key;
                return true;
            }
        }

        key = string.Empty;
        return false;
    }

    /// <summary>Remembers that <paramref name="path"/>, with this stat, has content <paramref name="key"/>.</summary>
    public void Set(string path, FileStat stat, string key)
    {
        lock (records)
        {
            // A racily clean record is written again, so the cache file's newer mtime lets the next run trust it.
            if (!records.TryGetValue(path, out var r) || r.Stat != stat || r.Key != key ||
                stat.MTimeNs >= racyThresholdNs || stat.CTimeNs >= racyThresholdNs)
            {
                records[path] = new Record(stat, key);
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
            var buffer = new MemoryStream(records.Count * 96);
            using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(Magic);
                w.Write(FormatVersion);
                w.Write(records.Count);
                foreach (var (path, r) in records)
                {
                    w.Write(path);
                    w.Write(r.Stat.Size);
                    w.Write(r.Stat.MTimeNs);
                    w.Write(r.Stat.CTimeNs);
                    w.Write(r.Stat.FileId);
                    w.Write(Convert.FromHexString(r.Key));
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

    private readonly record struct Record(FileStat Stat, string Key);
}
