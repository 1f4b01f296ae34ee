using DataTasks.Core.History;
using DataTasks.Core.Remotes;

namespace DataTasks.Core.Operations;

/// <summary>
/// gc: finds remote objects no manifest references and, only when asked (--prune), deletes them. Referenced means
/// anything <see cref="ReferencedKeys"/> finds: every artifacts.json version reachable from any ref, staged, or on disk.
/// A push uploads objects before their manifest is committed (and another clone's uncommitted manifest is invisible
/// here), so objects younger than the grace period are never deleted.
/// </summary>
public static class GcOperation
{
    /// <summary>Runs gc against <paramref name="remote"/>.</summary>
    public static async Task<GcReport> RunAsync(DataRepository repository, DataRemote remote, GcOptions options, CancellationToken cancellationToken)
    {
        var warnings = new List<DataTasksException>();
        var history = await GitHistory.OpenAsync(repository, cancellationToken).ConfigureAwait(false);
        if (history.IsShallow)
        {
            var shallow = new DataTasksException(ErrorCodes.ShallowHistory,
                "this is a shallow clone: commits before its depth are not here, so gc cannot know what they reference; run 'git fetch --unshallow' first");
            if (options.Prune)
            {
                throw shallow;
            }

            warnings.Add(shallow);
        }

        if (!options.Scope.IsEverything)
        {
            var what = options.Scope.Refs.Count > 0 ? $"only {string.Join(", ", options.Scope.Refs)}" : "only";
            var since = options.Scope.Since is { } s ? $" since {s.UtcDateTime:yyyy-MM-dd HH:mm}Z" : string.Empty;
            warnings.Add(new DataTasksException(ErrorCodes.NarrowGcScope,
                $"gc is looking at {what}{since}: objects that other branches, tags or older commits still reference count as orphans; run gc without --ref/--since before pruning anything you may need"));
        }

        // List first, then collect references: a commit made while gc runs can then only add references to what was
        // listed, never leave a listed object looking orphaned.
        var listed = new List<RemoteObject>();
        await foreach (var o in remote.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            listed.Add(o);
        }

        var referenced = await ReferencedKeys.FindAsync(history, options.Scope, cancellationToken).ConfigureAwait(false);
        var cutoff = options.Now - options.Grace;
        var orphans = new List<RemoteObject>();
        var young = new List<RemoteObject>();
        var referencedCount = 0;
        long referencedBytes = 0;
        foreach (var o in listed.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (referenced.Keys.Contains(o.Key))
            {
                referencedCount++;
                referencedBytes += o.Size;
            }
            else if (o.LastModified > cutoff)
            {
                young.Add(o);
            }
            else
            {
                orphans.Add(o);
            }
        }

        // Leftovers of killed uploads are never objects anyone references; the grace period keeps live uploads' temps.
        var leftovers = new List<RemoteObject>();
        await foreach (var o in remote.ListLeftoversAsync(cancellationToken).ConfigureAwait(false))
        {
            if (o.LastModified <= cutoff)
            {
                leftovers.Add(o);
            }
        }

        leftovers.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var notDeleted = new List<RemoteObject>();
        if (options.Prune && orphans.Count > 0)
        {
            await remote.DeleteAsync(orphans.Select(o => o.Key).ToList(), cancellationToken).ConfigureAwait(false);

            // A store may refuse a delete without saying so (a folder remote swallows failures); what is still there
            // afterwards was not deleted, whatever the store answered.
            var remaining = await remote.FindExistingAsync(orphans.Select(o => o.Key).ToList(), cancellationToken).ConfigureAwait(false);
            notDeleted.AddRange(orphans.Where(o => remaining.Contains(o.Key)));
        }

        if (options.Prune && leftovers.Count > 0)
        {
            await remote.DeleteLeftoversAsync(leftovers.Select(o => o.Key).ToList(), cancellationToken).ConfigureAwait(false);
            var remaining = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var o in remote.ListLeftoversAsync(cancellationToken).ConfigureAwait(false))
            {
                remaining.Add(o.Key);
            }

            notDeleted.AddRange(leftovers.Where(o => remaining.Contains(o.Key)));
        }

        return new GcReport(listed.Count, referencedCount, referencedBytes, orphans, young, options.Prune, referenced.ManifestVersions, warnings)
        {
            Leftovers = leftovers,
            NotDeleted = notDeleted,
        };
    }
}
