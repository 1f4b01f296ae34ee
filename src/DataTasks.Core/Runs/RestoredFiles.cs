using DataTasks.Core.Hashing;
using DataTasks.Core.Operations;

namespace DataTasks.Core.Runs;

/// <summary>
/// Which of a run's changed files it only restored: an entry whose file now holds exactly the content its entry
/// records (the storage_key, or for an entry never pushed the key add recorded) was put back by a resolve that hydrated
/// it, or by a pull inside the command, and is the run's input at most, never its output; recording it would clear the
/// lineage it has. A file whose content moved on is an output.
/// </summary>
internal static class RestoredFiles
{
    /// <summary><paramref name="changed"/> without the files that hold their entry's recorded content.</summary>
    public static IReadOnlyList<string> LeaveOut(DataRepository repository, IReadOnlyList<string> changed, CancellationToken cancellationToken)
    {
        var manifest = repository.LoadManifest();
        var entries = changed.Where(p => manifest.TryGet(p, out _)).ToList();
        if (entries.Count == 0)
        {
            return changed;
        }

        var added = AddedState.Load(Path.Join(repository.StateDirectory, "added.json"));
        var keys = new WorkingTree(repository).GetKeys(entries, trustCache: true, cancellationToken);
        var restored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in entries)
        {
            manifest.TryGet(path, out var entry);
            var recorded = entry!.StorageKey ?? (added.TryGet(path, out var record) ? record.Key : null);
            if (keys[path] is { } now && recorded is not null && now.Key == recorded)
            {
                restored.Add(path);
            }
        }

        return restored.Count == 0 ? changed : [.. changed.Where(p => !restored.Contains(p))];
    }
}
