using DataTasks.Core.History;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Operations;

/// <summary>
/// Tells a stale file from an edited one. A file whose content is a version the repository knows, because its key is
/// in the machine cache or in any manifest git has (any commit of any ref, the stash, the index), is an earlier or
/// another branch's version left behind by a checkout: pull should update it, and add --all or push must not record
/// it, or the branch silently goes back to that version. Content no manifest ever held is a real edit.
/// </summary>
public static class KnownVersions
{
    /// <summary>The keys among <paramref name="candidates"/> that the repository knows.</summary>
    /// <param name="repository">The data repository.</param>
    /// <param name="cache">The machine cache, or null to ask git history only.</param>
    /// <param name="candidates">Content keys of files on disk, with their sizes.</param>
    /// <param name="cancellationToken">Cancels the history read.</param>
    public static async Task<IReadOnlySet<string>> FindAsync(DataRepository repository, MachineCache? cache, IReadOnlyCollection<(string Key, long Size)> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(candidates);
        var known = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, size) in candidates)
        {
            if (cache is not null && cache.Contains(key, size))
            {
                known.Add(key);
            }
            else
            {
                unknown.Add(key);
            }
        }

        if (unknown.Count == 0)
        {
            return known;
        }

        // Only files that differ from their entry get here, so the history scan (one git log and one cat-file batch,
        // as gc uses) is paid only when there is something to tell apart.
        GitHistory history;
        try
        {
            history = await GitHistory.OpenAsync(repository, cancellationToken).ConfigureAwait(false);
        }
        catch (DataTasksException ex) when (ex.Code == ErrorCodes.NotAGitRepository)
        {
            return known;
        }

        var referenced = await ReferencedKeys.FindAsync(history, ReferenceScope.Everything, unknown, cancellationToken).ConfigureAwait(false);
        known.UnionWith(unknown.Where(referenced.Keys.Contains));
        return known;
    }
}
