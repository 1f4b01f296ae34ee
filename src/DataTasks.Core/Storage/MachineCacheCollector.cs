using DataTasks.Core.Manifest;

namespace DataTasks.Core.Storage;

/// <summary>
/// gc --cache: frees machine-cache space. An object goes when it has not been used (materialised into a tree) for
/// longer than the maximum age, and then the least recently used go until the cache fits the size budget. Objects used
/// within <see cref="CacheGcOptions.MinimumIdle"/> always stay, so a pull running meanwhile never loses the object it
/// is about to copy. The cache is only a copy of the remote: anything removed is fetched again when needed.
/// </summary>
public static class MachineCacheCollector
{
    /// <summary>Finds (and with <see cref="CacheGcOptions.Prune"/> deletes) the objects to free.</summary>
    public static CacheGcReport Run(MachineCache cache, CacheGcOptions options, CancellationToken cancellationToken)
    {
        var objects = new List<CachedObject>();
        var objectsDir = Path.Join(cache.Directory, "objects");
        if (Directory.Exists(objectsDir))
        {
            foreach (var file in Directory.EnumerateFiles(objectsDir, "*", SearchOption.AllDirectories))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var key = Path.GetFileName(file);
                if (ContentKey.IsValid(key) && FileStat.TryGet(file) is { } stat)
                {
                    objects.Add(new CachedObject(key, stat.Size, LastUse(cache, key, file, stat)));
                }
            }
        }

        // Least recently used first: the order both rules remove in.
        objects.Sort((a, b) => a.LastUse != b.LastUse ? a.LastUse.CompareTo(b.LastUse) : string.CompareOrdinal(a.Key, b.Key));
        var total = objects.Sum(o => o.Size);
        var remaining = total;
        var evict = new List<CachedObject>();
        var protectedAfter = options.Now - options.MinimumIdle;
        foreach (var o in objects)
        {
            if (o.LastUse > protectedAfter)
            {
                break;
            }

            var tooOld = options.MaxAge is { } age && o.LastUse < options.Now - age;
            var overBudget = options.MaxBytes is { } budget && remaining > budget;
            if (!tooOld && !overBudget)
            {
                break;
            }

            evict.Add(o);
            remaining -= o.Size;
        }

        if (options.Prune)
        {
            foreach (var o in evict)
            {
                Delete(cache.ObjectPath(o.Key));
                AtomicFile.TryDelete(cache.UsagePath(o.Key));
            }
        }

        return new CacheGcReport(cache.Directory, objects.Count, total, evict, options.Prune);
    }

    private static DateTimeOffset LastUse(MachineCache cache, string key, string file, FileStat stat)
    {
        var usage = new FileInfo(cache.UsagePath(key));
        if (usage.Exists)
        {
            return new DateTimeOffset(usage.LastWriteTimeUtc, TimeSpan.Zero);
        }

        // Never recorded (cached before use was recorded): when it entered the cache. Sealing it changed its ctime; its
        // mtime is the fixed verification stamp and says nothing.
        var entered = OperatingSystem.IsLinux()
            ? DateTimeOffset.FromUnixTimeMilliseconds(stat.CTimeNs / 1_000_000)
            : new DateTimeOffset(File.GetCreationTimeUtc(file), TimeSpan.Zero);
        return entered;
    }

    private static void Delete(string path)
    {
        try
        {
            // Cached objects are read-only; Windows refuses to delete those.
            if (OperatingSystem.IsWindows())
            {
                File.SetAttributes(path, FileAttributes.Normal);
            }

            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DataTasksException(ErrorCodes.IoError, $"cannot delete {path} from the machine cache: {ex.Message}", ex);
        }
    }
}

/// <summary>How gc --cache runs.</summary>
public sealed record CacheGcOptions
{
    /// <summary>Remove objects not used for longer than this (null: no age limit).</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Then remove the least recently used until the cache holds at most this many bytes (null: no budget).</summary>
    public long? MaxBytes { get; init; }

    /// <summary>Objects used more recently than this are never removed.</summary>
    public TimeSpan MinimumIdle { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Delete; without it only list.</summary>
    public bool Prune { get; init; }

    /// <summary>The time ages count back from.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>One object in the machine cache.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="LastUse">When it was last materialised (or entered the cache, when no use was recorded).</param>
public sealed record CachedObject(string Key, long Size, DateTimeOffset LastUse);

/// <summary>What gc --cache found and removed.</summary>
/// <param name="Directory">The cache folder.</param>
/// <param name="Objects">Objects in the cache before.</param>
/// <param name="Bytes">Their bytes.</param>
/// <param name="Evicted">The objects to remove, least recently used first.</param>
/// <param name="Deleted">True when they were deleted.</param>
public sealed record CacheGcReport(string Directory, int Objects, long Bytes, IReadOnlyList<CachedObject> Evicted, bool Deleted)
{
    /// <summary>Bytes of <see cref="Evicted"/>.</summary>
    public long EvictedBytes => Evicted.Sum(o => o.Size);
}
