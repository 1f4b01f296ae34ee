using DataTasks.Core.History;
using DataTasks.Core.Manifest;

namespace DataTasks.Core.Merge;

/// <summary>
/// The three versions of artifacts.json that git keeps in its index while a merge has left it unmerged (stages 1, 2
/// and 3: the common ancestor, ours, theirs), for a merge made after the fact and for status on a conflicted manifest.
/// </summary>
public static class ConflictedManifest
{
    /// <summary>Reads the stages; DT0133 when the manifest is not unmerged in git's index.</summary>
    public static async Task<(DataManifest Base, DataManifest Ours, DataManifest Theirs)> ReadStagesAsync(GitHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        var listing = await GitProcess.RunAsync(history.TopLevel, ["ls-files", "-u", "-z", "--", history.ManifestPath], cancellationToken).ConfigureAwait(false);
        var stages = new HashSet<int>();
        foreach (var record in GitProcess.Text(listing).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <object> <stage>\t<path>"
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            var fields = (tab < 0 ? record : record[..tab]).Split(' ');
            if (fields.Length == 3 && int.TryParse(fields[2], out var stage))
            {
                stages.Add(stage);
            }
        }

        if (stages.Count == 0)
        {
            throw new DataTasksException(ErrorCodes.ManifestNotUnmerged,
                $"{history.ManifestPath} is not unmerged in git's index; merge-driver --resolve works during a merge, rebase or cherry-pick that stopped on it");
        }

        // A missing stage is a side that had no manifest (an add/add conflict has no ancestor): an empty manifest.
        var @base = await ReadStageAsync(history, 1, "the merge base", stages, cancellationToken).ConfigureAwait(false);
        var ours = await ReadStageAsync(history, 2, "ours", stages, cancellationToken).ConfigureAwait(false);
        var theirs = await ReadStageAsync(history, 3, "theirs", stages, cancellationToken).ConfigureAwait(false);
        return (@base, ours, theirs);
    }

    private static async Task<DataManifest> ReadStageAsync(GitHistory history, int stage, string name, HashSet<int> stages, CancellationToken cancellationToken)
    {
        if (!stages.Contains(stage))
        {
            return GitHistory.EmptyManifest();
        }

        var bytes = await GitProcess.RunAsync(history.TopLevel, ["cat-file", "blob", $":{stage}:{history.ManifestPath}"], cancellationToken).ConfigureAwait(false);
        return DataManifest.Parse(bytes, $"{DataManifest.FileName} ({name})");
    }
}
