using DataTasks.Core.Manifest;

namespace DataTasks.Core.Storage;

/// <summary>
/// gc --cache: frees machine-cache space. An object goes when it has not been used (materialised into a tree) for
/// longer than the maximum age, and then the least recently used go until the cache fits the size budget. Objects used
/// within <see cref="CacheGcOptions.MinimumIdle"/> always stay, so a pull running meanwhile never loses the object it
/// is about to copy. The cache is only a copy of the remote: anything removed is fetched again when needed. An object
/// a working tree still links to (a hard link: more than one name; a symbolic link in a known tree, see
/// <see cref="LinkedTrees"/>) is never removed, whatever its age: deleting it would break that tree's file (a dangling
/// symbolic link) or free nothing (a hard link keeps the bytes). Such objects are reported as kept.
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
        var kept = new List<LinkedObject>();
        IReadOnlyDictionary<string, string>? symlinked = null;
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

            // Only candidates are checked: the trees are walked once, and only when something would go.
            symlinked ??= LinkedTrees.SymlinkedObjects(cache, LinkedTrees.Roots(cache).Concat(options.Trees), cancellationToken);
            if (LinkedFrom(cache, o.Key, symlinked) is { } linkedFrom)
            {
                kept.Add(new LinkedObject(o, linkedFrom));
                continue;
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

        return new CacheGcReport(cache.Directory, objects.Count, total, evict, options.Prune) { Kept = kept };
    }

    /// <summary>What still links to the object: "a hard link" (its link count) or the symbolic link's path; null when nothing does.</summary>
    private static string? LinkedFrom(MachineCache cache, string key, IReadOnlyDictionary<string, string> symlinked)
    {
        if (symlinked.TryGetValue(key, out var link))
        {
            return link;
        }

        return FileIdentity.TryGet(cache.ObjectPath(key)) is { LinkCount: > 1 } id
            ? $"{id.LinkCount - 1} hard link{(id.LinkCount == 2 ? "" : "s")}"
            : null;
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

    /// <summary>Trees to look for symbolic links into the cache in, besides those the cache recorded (the current repository).</summary>
    public IReadOnlyList<string> Trees { get; init; } = [];
}

/// <summary>An object gc --cache would have removed but kept, because a tree still links to it.</summary>
/// <param name="Object">The object.</param>
/// <param name="LinkedFrom">What links to it: "1 hard link", or the path of a symbolic link pointing at it.</param>
public sealed record LinkedObject(CachedObject Object, string LinkedFrom);

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

    /// <summary>Objects the rules picked but that stay because a tree still links to them, least recently used first.</summary>
    public IReadOnlyList<LinkedObject> Kept { get; init; } = [];
}
