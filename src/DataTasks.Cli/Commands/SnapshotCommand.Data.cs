using DataTasks.Core;
using DataTasks.Core.History;
using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;
using DataTasks.Core.Snapshots;

namespace DataTasks.Cli.Commands;

/// <summary>snapshot diff and snapshot restore: what reads a snapshot's data rather than its tag.</summary>
internal static partial class SnapshotCommand
{
    /// <summary>
    /// The entry changes from snapshot a to snapshot b, or, without b, to the working artifacts.json (as
    /// <c>dotnet data diff &lt;rev&gt;</c> compares a revision with the working manifest), in the diff command's shapes.
    /// </summary>
    private static async Task<int> DiffAsync(CliContext context, SnapshotStore store, List<string> words)
    {
        var ct = context.Cancellation;
        var a = await store.GetAsync(words[1], ct).ConfigureAwait(false);
        var before = await store.ReadManifestAsync(a, ct).ConfigureAwait(false);
        DataManifest after;
        string to;
        if (words.Count == 3)
        {
            var b = await store.GetAsync(words[2], ct).ConfigureAwait(false);
            after = await store.ReadManifestAsync(b, ct).ConfigureAwait(false);
            to = $"snapshot {b.Name}";
        }
        else
        {
            after = context.Repository.LoadManifest();
            to = $"working {DataManifest.FileName}";
        }

        var from = $"snapshot {a.Name}";
        var changes = ManifestDiff.Compare(before, after);
        if (context.Json)
        {
            DiffCommand.WriteJson(context, from, to, changes);
            return CliApp.ExitOk;
        }

        foreach (var change in changes)
        {
            context.Out.WriteLine(DiffCommand.FormatChange(change));
        }

        context.Out.WriteLine(changes.Count == 0 ? $"no changes ({from} → {to})" : $"{DiffCommand.Summary(changes)} ({from} → {to})");
        return CliApp.ExitOk;
    }

    /// <summary>
    /// Puts the snapshot's data in the tree, as checkout does for any revision: HEAD and artifacts.json stay, so the
    /// restored files show as stale in status until 'dotnet data checkout' (or pull) brings the working manifest's back.
    /// Local edits stop it unless --force, which first keeps each edit in the machine cache.
    /// </summary>
    private static async Task<int> RestoreAsync(CliContext context, SnapshotStore store, List<string> words, bool force, bool dryRun, int jobs)
    {
        var ct = context.Cancellation;
        var snapshot = await store.GetAsync(words[1], ct).ConfigureAwait(false);
        var manifest = await store.ReadManifestAsync(snapshot, ct).ConfigureAwait(false);
        var paths = words.Skip(2).ToList();
        var scope = PathScope.Of(context.RepositoryPaths(paths));
        if (paths.Count > 0 && !manifest.Entries.Any(e => scope.Contains(e.Path)))
        {
            throw new DataTasksException(ErrorCodes.PathNotFound, $"no entry of snapshot {snapshot.Name} is at or under {string.Join(", ", paths)}");
        }

        using var progress = dryRun ? null : TransferProgress.For(context, "pull");
        var options = TransferPrinter.Options(context, dryRun, jobs, progress);
        var report = await CheckoutOperation.RunAsync(context.Repository, manifest, context.OpenRemote, context.Cache, scope, force, options, ct).ConfigureAwait(false);
        progress?.Dispose();
        foreach (var (path, key) in report.Saved)
        {
            context.Line($"saved    {path} (your edit, key {key[..8]}) in the machine cache before replacing it");
        }

        return TransferPrinter.Finish(context, report.Transfers, "pull", dryRun, w =>
        {
            w.WriteString("snapshot", snapshot.Name);
            w.WriteString("tag", snapshot.Tag);
            w.WriteString("commit", snapshot.Commit);
            w.WriteStartArray("saved");
            foreach (var (path, key) in report.Saved)
            {
                w.WriteStartObject();
                w.WriteString("path", path);
                w.WriteString("storage_key", key);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }
}
