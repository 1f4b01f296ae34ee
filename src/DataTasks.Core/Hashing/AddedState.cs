using System.Text.Json;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Hashing;

/// <summary>
/// The hash each added-but-not-pushed entry had when it was added. The manifest records storage_key null for such
/// entries, so without this a later edit of the file before push would go unnoticed by status.
/// </summary>
public sealed class AddedState
{
    private readonly string file;
    private readonly SortedDictionary<string, AddedRecord> records;
    private bool dirty;

    private AddedState(string file, SortedDictionary<string, AddedRecord> records)
    {
        this.file = file;
        this.records = records;
    }

    /// <summary>Loads the state; a missing or unreadable file gives an empty state.</summary>
    public static AddedState Load(string file)
    {
        var records = new SortedDictionary<string, AddedRecord>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(file))
            {
                var parsed = JsonSerializer.Deserialize(File.ReadAllBytes(file), StateJsonContext.Default.DictionaryStringAddedRecord);
                if (parsed is not null)
                {
                    foreach (var (k, v) in parsed)
                    {
                        if (v is not null)
                        {
                            records[k] = v;
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            records.Clear();
        }

        return new AddedState(file, records);
    }

    /// <summary>The key recorded when <paramref name="path"/> was added, if any.</summary>
    public bool TryGet(string path, out AddedRecord record) => records.TryGetValue(path, out record!);

    /// <summary>Records the key of an added entry.</summary>
    public void Set(string path, string key, long size)
    {
        records[path] = new AddedRecord(key, size);
        dirty = true;
    }

    /// <summary>Forgets a path (pushed or removed).</summary>
    public void Remove(string path) => dirty |= records.Remove(path);

    /// <summary>Writes the state if it changed.</summary>
    public void Save()
    {
        if (!dirty)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        AtomicFile.WriteAllBytes(file, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, AddedRecord>(records), StateJsonContext.Default.DictionaryStringAddedRecord));
        dirty = false;
    }
}

/// <summary>The key and size an entry had when it was added.</summary>
public sealed record AddedRecord(string Key, long Size);
