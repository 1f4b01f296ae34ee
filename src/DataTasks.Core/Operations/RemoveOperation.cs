using DataTasks.Core.Hashing;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Operations;

/// <summary>
/// rm: removes entries from the manifest. Never deletes remote objects (they are immutable and other commits may
/// reference them) and never deletes the file on disk unless <c>deleteFiles</c> is asked for.
/// </summary>
public static class RemoveOperation
{
    /// <summary>Removes the entries at or under <paramref name="paths"/>; DT0004 when a path names no entry.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(DataRepository repository, IReadOnlyList<string> paths, bool deleteFiles, CancellationToken cancellationToken) =>
        (await RunAsync(repository, paths, deleteFiles, safety: null, cancellationToken).ConfigureAwait(false)).Removed;

    /// <summary>
    /// Removes the entries at or under <paramref name="paths"/>. With <paramref name="deleteFiles"/> and a
    /// <paramref name="safety"/> check, refuses (DT0403, nothing changed) when any file to delete holds content that is
    /// neither on the remote nor in the machine cache, as git rm refuses to drop unsaved changes.
    /// </summary>
    public static async Task<RemoveResult> RunAsync(DataRepository repository, IReadOnlyList<string> paths, bool deleteFiles, RemoveSafety? safety, CancellationToken cancellationToken)
    {
        var scope = PathScope.Of(paths);
        var current = repository.LoadManifest();
        foreach (var p in paths)
        {
            var one = PathScope.Of([p]);
            if (!current.Entries.Any(e => one.Contains(e.Path)))
            {
                throw new DataTasksException(ErrorCodes.PathNotFound, $"'{p}' is not in {DataManifest.FileName}");
            }
        }

        // Refuse before anything changes, so a refused rm leaves the manifest as it was.
        var boundary = deleteFiles ? Storage.RepositoryBoundary.For(repository) : null;
        if (boundary is not null)
        {
            foreach (var e in current.Entries.Where(e => scope.Contains(e.Path)))
            {
                boundary.EnsureWritable(e.Path);
            }
        }

        if (deleteFiles && safety is not null)
        {
            var refused = await safety.FindUnsavedAsync(repository, current.Entries.Where(e => scope.Contains(e.Path)).Select(e => e.Path).ToList(), cancellationToken).ConfigureAwait(false);
            if (refused.Count > 0)
            {
                return new RemoveResult([], refused);
            }
        }

        var removed = new List<string>();
        await ManifestUpdate.ApplyAsync(repository, m =>
        {
            foreach (var e in m.Entries.Where(e => scope.Contains(e.Path)).ToList())
            {
                m.Remove(e.Path);
                removed.Add(e.Path);
            }
        }, (_, added) =>
        {
            foreach (var path in removed)
            {
                added.Remove(path);
            }
        }, cancellationToken).ConfigureAwait(false);

        if (deleteFiles)
        {
            foreach (var path in removed)
            {
                Storage.AtomicFile.TryDelete(repository.FullPathOf(path));
            }
        }

        return new RemoveResult(removed, []);
    }
}
