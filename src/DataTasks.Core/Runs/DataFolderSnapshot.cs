using DataTasks.Core.Operations;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Runs;

/// <summary>What a run changed in the data folders: the files to add, and the entries whose files it deleted.</summary>
/// <param name="Changed">Files created, or changed (by stat), that count as data, sorted.</param>
/// <param name="DeletedEntries">Entries whose file was on disk before and is gone after, sorted.</param>
public sealed record DataFolderChanges(IReadOnlyList<string> Changed, IReadOnlyList<string> DeletedEntries);

/// <summary>
/// The stat (size, mtime, ctime, inode) of every file in the repository's tree that counts as data, taken before a
/// run and compared after it: a file counts when it is an entry of the manifest, or when .datapattern selects it
/// (with no .datapattern, only entries count). The tree is listed as add and status list it (no .git, no .datatasks,
/// .dataignore honoured, links not followed). No file is read or hashed: a rewrite with the same bytes still counts
/// as changed, and add then records it as unchanged content.
/// </summary>
public sealed class DataFolderSnapshot
{
    private readonly DataRepository repository;
    private readonly HashSet<string> entries;
    private readonly Dictionary<string, FileStat> files;

    private DataFolderSnapshot(DataRepository repository, HashSet<string> entries, Dictionary<string, FileStat> files)
    {
        this.repository = repository;
        this.entries = entries;
        this.files = files;
    }

    /// <summary>How many files the snapshot holds.</summary>
    public int Count => files.Count;

    /// <summary>Takes the snapshot (the manifest's entries as they are now decide what counts).</summary>
    public static DataFolderSnapshot Take(DataRepository repository, CancellationToken cancellationToken)
    {
        var entries = repository.LoadManifest().Entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        return new DataFolderSnapshot(repository, entries, List(repository, entries, cancellationToken));
    }

    /// <summary>What changed since this snapshot was taken.</summary>
    public DataFolderChanges Compare(CancellationToken cancellationToken)
    {
        var now = List(repository, entries, cancellationToken);
        var changed = now.Where(f => !files.TryGetValue(f.Key, out var before) || before != f.Value).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        var deleted = files.Keys.Where(p => entries.Contains(p) && !now.ContainsKey(p)).Order(StringComparer.Ordinal).ToList();
        return new DataFolderChanges(changed, deleted);
    }

    private static Dictionary<string, FileStat> List(DataRepository repository, HashSet<string> entries, CancellationToken cancellationToken)
    {
        var patterns = repository.HasPatternFile ? repository.Patterns : null;
        var result = new Dictionary<string, FileStat>(StringComparer.Ordinal);
        foreach (var path in new WorkingTree(repository).EnumerateFiles(PathScope.All))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((entries.Contains(path) || patterns?.IsMatch(path) == true) && FileStat.TryGet(repository.FullPathOf(path)) is { } stat)
            {
                result[path] = stat;
            }
        }

        return result;
    }
}
