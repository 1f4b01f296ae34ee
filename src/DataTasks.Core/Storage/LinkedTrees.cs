using System.Text;

namespace DataTasks.Core.Storage;

/// <summary>
/// The working trees that may hold links into a machine cache, so gc --cache can tell which objects a tree still uses.
/// A hard link shows on the object itself (its link count); a symbolic link does not, so every tree that pulled with a
/// sharing link mode is recorded under trees/ in the cache (one small file per tree, named after its path), and gc
/// looks for symbolic links into the cache in each of them. A tree that no longer exists is forgotten.
/// </summary>
public static class LinkedTrees
{
    private const string Folder = "trees";

    /// <summary>
    /// Records <paramref name="repository"/>'s tree as one that links into <paramref name="cache"/>: in the cache, for gc,
    /// and in the tree's own state folder (<see cref="DataRepository.LinkedMarkerPath"/>), which DataTasks.Sdk checks
    /// before it looks at each data file to put links into bin/. Best effort.
    /// </summary>
    public static void Register(MachineCache cache, DataRepository repository)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(repository);
        MarkTree(repository);
        var full = Path.GetFullPath(repository.Root);
        var path = Path.Join(cache.Directory, Folder, Name(full));
        try
        {
            if (File.Exists(path))
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(full + "\n"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without the record gc still keeps hard-linked objects; only symbolic links could be missed.
        }
    }

    /// <summary>
    /// The tree's side of the record, written before any link is made. Without it the SDK treats every data file as a
    /// private copy, so a tree whose pulls never shared objects pays nothing per file in a no-op build.
    /// </summary>
    private static void MarkTree(DataRepository repository)
    {
        var marker = repository.LinkedMarkerPath;
        try
        {
            if (!File.Exists(marker))
            {
                repository.EnsureStateDirectory();
                AtomicFile.WriteAllBytes(marker, "this tree may hold links into a machine cache (link mode hardlink or symlink)\n"u8);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A tree that cannot record this cannot be written either: the pull that follows reports the real error.
        }
    }

    /// <summary>The recorded trees that still exist (those that do not are forgotten).</summary>
    public static IReadOnlyList<string> Roots(MachineCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var folder = Path.Join(cache.Directory, Folder);
        var roots = new List<string>();
        if (!Directory.Exists(folder))
        {
            return roots;
        }

        foreach (var record in Directory.EnumerateFiles(folder))
        {
            if (AtomicFile.IsTempName(Path.GetFileName(record)))
            {
                continue;
            }

            string root;
            try
            {
                root = File.ReadAllText(record).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (root.Length > 0 && Directory.Exists(root))
            {
                if (!roots.Contains(root, StringComparer.Ordinal))
                {
                    roots.Add(root); // one tree may have two records (an older name scheme)
                }
            }
            else
            {
                AtomicFile.TryDelete(record);
            }
        }

        return roots;
    }

    /// <summary>
    /// The keys of cache objects that a symbolic link in one of <paramref name="roots"/> points at, with the first such
    /// link found for each. Walks each tree without following links to folders and skips .git.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SymlinkedObjects(MachineCache cache, IEnumerable<string> roots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(roots);
        var objects = Path.Join(cache.Directory, "objects") + Path.DirectorySeparatorChar;
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots.Distinct(StringComparer.Ordinal));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dir = pending.Pop();
            IEnumerable<FileSystemInfo> children;
            try
            {
                children = new DirectoryInfo(dir).EnumerateFileSystemInfos().ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var child in children)
            {
                if (child.LinkTarget is not null)
                {
                    if (CacheLink.LinkTarget(child.FullName) is { } target && target.StartsWith(objects, StringComparison.Ordinal))
                    {
                        found.TryAdd(Path.GetFileName(target), child.FullName);
                    }
                }
                else if (child is DirectoryInfo && child.Name != ".git")
                {
                    pending.Push(child.FullName);
                }
            }
        }

        return found;
    }

    // A stable 128-bit name per tree path (two FNV-1a passes, forwards and backwards), so two trees never share a record
    // in practice. Not SHA-256: that loads OpenSSL, a few milliseconds that a warm linked pull (which hashes nothing
    // else) would spend on this name alone. A tree recorded under its earlier SHA-256 name keeps that record as well;
    // records are read by their content and the roots deduplicated, so two records of one tree are harmless.
    private static string Name(string root)
    {
        var bytes = Encoding.UTF8.GetBytes(root);
        const ulong Prime = 0x100000001b3;
        var forwards = 0xcbf29ce484222325UL;
        var backwards = 0x84222325cbf29ce4UL;
        for (var i = 0; i < bytes.Length; i++)
        {
            forwards = (forwards ^ bytes[i]) * Prime;
            backwards = (backwards ^ bytes[bytes.Length - 1 - i]) * Prime;
        }

        return forwards.ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + backwards.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
