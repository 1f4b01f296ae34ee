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

        if (options.Prune && orphans.Count > 0)
        {
            await remote.DeleteAsync(orphans.Select(o => o.Key).ToList(), cancellationToken).ConfigureAwait(false);
        }

        return new GcReport(listed.Count, referencedCount, referencedBytes, orphans, young, options.Prune, referenced.ManifestVersions, warnings);
    }
}
