using DataTasks.Core.History;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Snapshots;

/// <summary>
/// Whether HEAD can become a snapshot: artifacts.json is committed as it is on disk, and every entry of HEAD's
/// manifest has a storage key (was pushed), so the snapshot can be restored from the remote on any clone.
/// </summary>
public static class SnapshotReadiness
{
    /// <summary>HEAD's manifest when it is ready; DT0533 (not committed) or DT0534 (not pushed) otherwise.</summary>
    public static async Task<DataManifest> CheckAsync(GitHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        var root = history.Repository.Root;
        var head = await GitProcess.TryRunAsync(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cancellationToken).ConfigureAwait(false);
        if (head.ExitCode != 0)
        {
            throw new DataTasksException(ErrorCodes.SnapshotManifestUncommitted,
                $"there is no commit to snapshot yet; commit {DataManifest.FileName} ('git add {DataManifest.FileName}' and 'git commit') first");
        }

        // Staged, unstaged and untracked all count: the tag names HEAD, so HEAD must hold what is on disk.
        var status = await GitProcess.RunAsync(history.TopLevel, ["status", "--porcelain", "--untracked-files=all", "--ignored=matching", "--", ":(top,literal)" + history.ManifestPath], cancellationToken).ConfigureAwait(false);
        var committed = await GitProcess.TryRunAsync(root, ["cat-file", "blob", $"HEAD:{history.ManifestPath}"], cancellationToken).ConfigureAwait(false);
        if (GitProcess.Text(status).Trim().Length > 0 || committed.ExitCode != 0)
        {
            throw new DataTasksException(ErrorCodes.SnapshotManifestUncommitted,
                $"{DataManifest.FileName} has changes HEAD does not have, so a snapshot of HEAD would not be what is on disk; commit it ('git commit {DataManifest.FileName}') or undo the changes, then create the snapshot");
        }

        var manifest = DataManifest.Parse(committed.Output, $"{DataManifest.FileName} at HEAD");
        var unpushed = manifest.Entries.Where(e => e.StorageKey is null).Select(e => e.Path).ToList();
        if (unpushed.Count > 0)
        {
            var named = string.Join(", ", unpushed.Take(3).Select(EntryPath.Printable)) + (unpushed.Count > 3 ? $" and {unpushed.Count - 3} more" : "");
            throw new DataTasksException(ErrorCodes.SnapshotEntriesUnpushed,
                $"{unpushed.Count} {(unpushed.Count == 1 ? "entry was" : "entries were")} never pushed ({named}), so the snapshot could not be restored on another clone; 'dotnet data push', commit {DataManifest.FileName}, then create the snapshot");
        }

        return manifest;
    }
}
