using System.Security.Cryptography;
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

    /// <summary>Records <paramref name="root"/> as a tree that links into <paramref name="cache"/>. Best effort.</summary>
    public static void Register(MachineCache cache, string root)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(root);
        var full = Path.GetFullPath(root);
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
                roots.Add(root);
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

    // A stable name per tree path: the first 16 bytes of its SHA-256, so two trees never share a record.
    private static string Name(string root) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(root)).AsSpan(0, 16)).ToLowerInvariant();
}
