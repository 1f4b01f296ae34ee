using System.Collections.Concurrent;
using System.IO.Enumeration;
using DataTasks.Core.Hashing;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Operations;

/// <summary>
/// The files of a repository on disk: finding candidate files and learning their content keys, through the stat
/// cache when the stat is unchanged and by hashing (in parallel) when not.
/// </summary>
public sealed class WorkingTree
{
    private readonly DataRepository repository;

    /// <summary>Opens the working tree of <paramref name="repository"/> and loads its stat cache.</summary>
    public WorkingTree(DataRepository repository)
    {
        this.repository = repository;
        StatCache = StatCache.Load(Path.Join(repository.StateDirectory, "stat-cache.bin"));
    }

    /// <summary>The stat cache; callers that learn a key some other way (a verified download) record it here.</summary>
    public StatCache StatCache { get; }

    /// <summary>
    /// The machine cache that files in this tree may be links into (link modes): a file that is a hard link to, or a
    /// symbolic link at, the cached object of the key last recorded for it counts as that key without hashing, even
    /// when its stat moved (another clone linking the same object changes the shared inode's ctime). Null: no such check.
    /// </summary>
    public MachineCache? LinkedCache { get; init; }

    /// <summary>How many files were hashed (not answered from the stat cache) since this object was created.</summary>
    public int HashedCount => hashed;

    private int hashed;

    /// <summary>
    /// Every regular file under the root (or under the scope's folders) that is not inside .git or .datatasks, not
    /// artifacts.json, .datapattern or .dataignore, not a DataTasks temp file and not excluded by .dataignore, as
    /// repository paths. Symbolic links are not followed.
    /// </summary>
    public IEnumerable<string> EnumerateFiles(PathScope scope) => EnumerateFiles(scope, skipped: null);

    /// <summary>
    /// Like <see cref="EnumerateFiles(PathScope)"/>; the files in scope and not ignored that cannot be entries (a name
    /// that is not a valid entry path, a symbolic link to a file) are added to <paramref name="skipped"/> with the
    /// reason instead of vanishing. Whether a listed path is a regular file is for the caller to check: it stats its
    /// candidates anyway (see <see cref="SkippedFile"/>).
    /// </summary>
    public IEnumerable<string> EnumerateFiles(PathScope scope, ICollection<SkippedFile>? skipped)
    {
        var ignores = repository.Ignores;
        var root = repository.Root;
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = skipped is null ? FileAttributes.ReparsePoint : FileAttributes.None,
            ReturnSpecialDirectories = false,
        };

        bool Descend(string rel) =>
            rel is not (".git" or DataRepository.DataTasksFolder) && scope.MayContainUnder(rel) && !ignores.IsDirectoryMatch(rel);

        var listing = LinuxDirectoryWalk.Available ? LinuxDirectoryWalk.Enumerate(root, Descend) : null;
        if (listing is null)
        {
            var rootLength = root.Length + (Path.EndsInDirectorySeparator(root) ? 0 : 1);
            listing = new FileSystemEnumerable<(string Path, bool IsLink)>(root, (ref FileSystemEntry e) => (Relative(ref e, rootLength), (e.Attributes & FileAttributes.ReparsePoint) != 0), options)
            {
                ShouldRecursePredicate = (ref FileSystemEntry e) =>
                {
                    var rel = Relative(ref e, rootLength);
                    return rel.Length == 0 || ((e.Attributes & FileAttributes.ReparsePoint) == 0 && Descend(rel));
                },
                ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory,
            };
        }

        foreach (var (rel, isLink) in listing)
        {
            if (rel.Length == 0 || AtomicFile.IsTempName(rel.AsSpan(rel.LastIndexOf('/') + 1)) || rel == Manifest.DataManifest.FileName || !scope.Contains(rel) || ignores.IsMatch(rel))
            {
                continue;
            }

            // DataTasks' own files are never data, whatever .datapattern says (artifacts.json and .datatasks/ are
            // skipped above).
            if (rel is DataRepository.PatternFileName or DataRepository.IgnoreFileName)
            {
                continue;
            }

            var reason = isLink ? "a symbolic link; links to files are not followed, add the file it points to" : Manifest.EntryPath.Validate(rel);
            if (reason is null)
            {
                yield return rel;
            }
            else
            {
                skipped?.Add(new SkippedFile(rel, reason));
            }
        }
    }

    private static string Relative(ref FileSystemEntry e, int rootLength)
    {
        var full = Path.Join(e.Directory, e.FileName);
        if (full.Length <= rootLength)
        {
            return string.Empty;
        }

        var rel = full[rootLength..];
        return Path.DirectorySeparatorChar == '/' ? rel : rel.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// The content keys of the given repository paths: from the stat cache where the stat matches, else by hashing,
    /// in parallel. Missing files map to null. With <paramref name="trustCache"/> false every file is hashed (verify).
    /// </summary>
    public IReadOnlyDictionary<string, HashedFile?> GetKeys(IReadOnlyCollection<string> paths, bool trustCache, CancellationToken cancellationToken) =>
        GetKeys(paths, expectedKeys: null, trustCache, cancellationToken);

    /// <summary>
    /// Like <see cref="GetKeys(IReadOnlyCollection{string}, bool, CancellationToken)"/>; <paramref name="expectedKeys"/>
    /// (by position, null where there is none) are the keys the caller expects, whose strings are reused when the stat
    /// cache has them: status at 100,000 files would otherwise make a 64-character string a file to compare it.
    /// </summary>
    public IReadOnlyDictionary<string, HashedFile?> GetKeys(IReadOnlyCollection<string> paths, IReadOnlyList<string?>? expectedKeys, bool trustCache, CancellationToken cancellationToken)
    {
        // Stat every path first (in parallel for large sets: on a warm tree this is all the work status does, as git's
        // preloadIndex does), then hash only what the stat cache cannot answer.
        var list = paths as IReadOnlyList<string> ?? paths.ToList();
        var stats = new FileStat?[list.Count];
        if (list.Count >= 2048)
        {
            Parallel.For(0, list.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => stats[i] = FileStat.TryGetUnder(repository.Root, list[i]));
        }
        else
        {
            for (var i = 0; i < list.Count; i++)
            {
                stats[i] = FileStat.TryGetUnder(repository.Root, list[i]);
            }
        }

        if (trustCache)
        {
            StatCache.ExpectLookups(list.Count);
        }

        var result = new Dictionary<string, HashedFile?>(list.Count, StringComparer.Ordinal);
        var toHash = new List<(string Path, string Full, long Size)>();
        for (var i = 0; i < list.Count; i++)
        {
            var path = list[i];
            var stat = stats[i];
            if (stat is null)
            {
                result[path] = null;
                continue;
            }

            if (trustCache && StatCache.TryGetKey(path, stat.Value, expectedKeys?[i], out var key))
            {
                result[path] = new HashedFile(key, stat.Value.Size);
                continue;
            }

            if (trustCache && LinkedCache is not null && StatCache.TryGetRememberedKey(path, out var linkedKey) &&
                CacheLink.IsLinkTo(LinkedCache, repository.FullPathOf(path), linkedKey, stat.Value.Size))
            {
                StatCache.Set(path, stat.Value, linkedKey);
                result[path] = new HashedFile(linkedKey, stat.Value.Size);
                continue;
            }

            toHash.Add((path, repository.FullPathOf(path), stat.Value.Size));
        }

        // Big files first, so one large file does not start last and leave a core idle.
        toHash.Sort((a, b) => b.Size.CompareTo(a.Size));
        var hashedResults = new ConcurrentDictionary<string, HashedFile?>(StringComparer.Ordinal);
        try
        {
            Parallel.ForEach(toHash, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, item =>
            {
                try
                {
                    var (key, stat) = ContentHasher.HashStable(item.Full, cancellationToken);
                    StatCache.Set(item.Path, stat, key);
                    Interlocked.Increment(ref hashed);
                    hashedResults[item.Path] = new HashedFile(key, stat.Size);
                }
                catch (FileNotFoundException)
                {
                    hashedResults[item.Path] = null;
                }
                catch (DirectoryNotFoundException)
                {
                    hashedResults[item.Path] = null;
                }
                catch (UnauthorizedAccessException ex)
                {
                    throw new DataTasksException(ErrorCodes.IoError, $"cannot read {item.Full}: {ex.Message}", ex);
                }
                catch (IOException ex)
                {
                    throw new DataTasksException(ErrorCodes.IoError, $"cannot read {item.Full}: {ex.Message}", ex);
                }
            });
        }
        catch (AggregateException ex) when (ex.Flatten().InnerExceptions.OfType<DataTasksException>().FirstOrDefault() is { } first)
        {
            // Parallel.ForEach wraps what the body throws; callers (and the CLI's one-line error report) expect the
            // DataTasksException itself, for instance DT0304 for a file that kept changing while it was hashed.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }

        foreach (var (path, file) in hashedResults)
        {
            result[path] = file;
        }

        return result;
    }

    /// <summary>Writes the stat cache if it changed (creating the state folder).</summary>
    public void Save()
    {
        try
        {
            repository.EnsureStateDirectory();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DataTasksException)
        {
            return;
        }

        StatCache.Save();
    }
}

/// <summary>A file's content key and size.</summary>
/// <param name="Key">The lowercase hex SHA-256.</param>
/// <param name="Size">The size in bytes.</param>
public sealed record HashedFile(string Key, long Size);
