using DataTasks.Core.Hashing;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Manifest;

/// <summary>
/// Read-modify-write of artifacts.json under the repository's manifest lock, so two commands updating different
/// entries at once (an add while a push finishes) never lose each other's change.
/// </summary>
public static class ManifestUpdate
{
    /// <summary>The added-state file, which is read, merged and written under the manifest lock too.</summary>
    public static string AddedStatePath(DataRepository repository) => Path.Join(repository.StateDirectory, "added.json");

    /// <summary>Reloads the manifest under the lock, applies <paramref name="change"/>, and saves it atomically if it changed.</summary>
    public static Task<DataManifest> ApplyAsync(DataRepository repository, Action<DataManifest> change, CancellationToken cancellationToken) =>
        ApplyAsync(repository, change, addedChange: null, cancellationToken);

    /// <summary>
    /// Like <see cref="ApplyAsync(DataRepository, Action{DataManifest}, CancellationToken)"/>, and with the lock still
    /// held reloads the added state, applies <paramref name="addedChange"/> to it (with the manifest as saved) and
    /// saves it: two adds at once would otherwise each write back the records they loaded and drop the other's.
    /// </summary>
    public static async Task<DataManifest> ApplyAsync(DataRepository repository, Action<DataManifest> change, Action<DataManifest, AddedState>? addedChange, CancellationToken cancellationToken)
    {
        repository.EnsureStateDirectory();
        using var held = await FileLock.AcquireAsync(Path.Join(repository.StateDirectory, "manifest.lock"), cancellationToken).ConfigureAwait(false);
        var loaded = repository.ReloadManifest();
        var manifest = loaded.Manifest;
        change(manifest);
        // Only a real change is checked and written: comparing entries is cheaper than serializing the manifest before
        // and after, and the unchanged file was validated when it was read.
        if (manifest.Changes != 0 && !(loaded.OriginalIntact && manifest.HasSameContent(loaded.Original)))
        {
            if (manifest.FindPathConflict() is var (file, child))
            {
                // Checked once for the whole change, not per Set: a large add stays linear.
                throw new DataTasksException(ErrorCodes.ManifestPathConflict, DataManifest.PathConflictMessage(DataManifest.FileName, file, child));
            }

            manifest.SaveIfChanged(repository.ManifestFile, loaded.Bytes);
        }

        if (addedChange is not null)
        {
            var added = AddedState.Load(AddedStatePath(repository));
            addedChange(manifest, added);
            added.Save();
        }

        return manifest;
    }
}
