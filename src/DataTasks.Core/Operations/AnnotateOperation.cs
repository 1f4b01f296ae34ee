using DataTasks.Core.Manifest;

namespace DataTasks.Core.Operations;

/// <summary>annotate: changes the description, tags, inputs and metadata of existing entries; touches no data file.</summary>
public static class AnnotateOperation
{
    /// <summary>
    /// Applies <paramref name="annotation"/> to every entry <paramref name="paths"/> name (an entry, or a folder of
    /// entries) in one manifest update. A path naming no entry is DT1104 and nothing is written; dangling inputs are
    /// warnings, or DT0143 with <paramref name="strict"/>.
    /// </summary>
    /// <returns>The entries as written, in path order.</returns>
    public static async Task<IReadOnlyList<ManifestEntry>> RunAsync(DataRepository repository, IReadOnlyList<string> paths, EntryAnnotation annotation, bool strict, ICollection<DataTasksException>? warnings, CancellationToken cancellationToken)
    {
        if (annotation.IsEmpty)
        {
            throw new DataTasksException(ErrorCodes.AnnotateNothing, "annotate needs a change: --description, --tag, --untag, --input, --meta, --unmeta or --clear");
        }

        var manifest = repository.LoadManifest();
        var targets = Resolve(manifest, paths);
        EntryInputCheck.Run(repository, manifest, [], annotation.AddInputs, strict, warnings);
        var result = new List<ManifestEntry>();
        await ManifestUpdate.ApplyAsync(repository, m =>
        {
            foreach (var path in targets)
            {
                // Reloaded under the lock: an entry removed meanwhile is not brought back.
                if (m.TryGet(path, out var entry))
                {
                    var changed = annotation.ApplyTo(entry);
                    m.Set(changed);
                    result.Add(changed);
                }
            }
        }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>The entries <paramref name="paths"/> name, in path order; DT1104 for a path that names none.</summary>
    public static SortedSet<string> Resolve(DataManifest manifest, IReadOnlyList<string> paths)
    {
        var targets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (path.Length > 0 && manifest.TryGet(path, out _))
            {
                targets.Add(path);
                continue;
            }

            var scope = PathScope.Of([path]);
            var before = targets.Count;
            targets.UnionWith(manifest.Entries.Where(e => scope.Contains(e.Path)).Select(e => e.Path));
            if (targets.Count == before && !manifest.Entries.Any(e => scope.Contains(e.Path)))
            {
                throw new DataTasksException(ErrorCodes.NoSuchEntry,
                    $"'{EntryPath.Printable(path)}' names no entry of {DataManifest.FileName}; 'dotnet data status' lists what is tracked, 'dotnet data add' records a file");
            }
        }

        return targets;
    }
}
