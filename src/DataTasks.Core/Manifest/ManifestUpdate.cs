using DataTasks.Core.Storage;

namespace DataTasks.Core.Manifest;

/// <summary>
/// Read-modify-write of artifacts.json under the repository's manifest lock, so two commands updating different
/// entries at once (an add while a push finishes) never lose each other's change.
/// </summary>
public static class ManifestUpdate
{
    /// <summary>Reloads the manifest under the lock, applies <paramref name="change"/>, and saves it atomically if it changed.</summary>
    public static async Task<DataManifest> ApplyAsync(DataRepository repository, Action<DataManifest> change, CancellationToken cancellationToken)
    {
        repository.EnsureStateDirectory();
        using var held = await FileLock.AcquireAsync(Path.Join(repository.StateDirectory, "manifest.lock"), cancellationToken).ConfigureAwait(false);
        var manifest = repository.LoadManifest();
        var before = manifest.Serialize();
        change(manifest);
        if (manifest.FindPathConflict() is var (file, child))
        {
            // Checked once for the whole change, not per Set: a large add stays linear.
            throw new DataTasksException(ErrorCodes.ManifestPathConflict, DataManifest.PathConflictMessage(DataManifest.FileName, file, child));
        }

        if (manifest.Serialize() != before)
        {
            manifest.Save(repository.ManifestFile);
        }

        return manifest;
    }
}
