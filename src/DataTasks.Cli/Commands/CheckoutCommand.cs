using DataTasks.Core;
using DataTasks.Core.History;
using DataTasks.Core.Manifest;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>checkout: the data of any revision into the working tree, without moving HEAD or changing artifacts.json.</summary>
internal static class CheckoutCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        var force = args.Flag("--force", "-f");
        var dryRun = args.Flag("--dry-run", "-n");
        context.Json = args.Flag("--json");
        var jobs = args.IntOption(1, 256, "--jobs", "-j") ?? 8;
        var positionals = args.Positionals("checkout");
        var repository = context.Repository;
        var ct = context.Cancellation;

        // As with git checkout, a first argument that names a commit is the revision; the rest are paths.
        DataManifest manifest;
        var revision = "the working artifacts.json";
        if (positionals.Count > 0 && await TryResolveAsync(repository, positionals[0], ct).ConfigureAwait(false) is { } found)
        {
            revision = positionals[0];
            positionals.RemoveAt(0);
            manifest = await found.History.ReadManifestAtAsync(found.Commit, revision, ct).ConfigureAwait(false);
        }
        else
        {
            manifest = repository.LoadManifest();
        }

        var scope = PathScope.Of(context.RepositoryPaths(positionals));
        if (positionals.Count > 0 && !manifest.Entries.Any(e => scope.Contains(e.Path)))
        {
            throw new DataTasksException(ErrorCodes.PathNotFound, $"no entry of {revision} is at or under {string.Join(", ", positionals)}");
        }

        using var progress = dryRun ? null : TransferProgress.For(context, "pull");
        var options = TransferPrinter.Options(context, dryRun, jobs, progress);
        var report = await CheckoutOperation.RunAsync(repository, manifest, context.OpenRemote, context.Cache, scope, force, options, ct).ConfigureAwait(false);
        progress?.Dispose();
        foreach (var (path, key) in report.Saved)
        {
            context.Line($"saved    {path} (your edit, key {key[..8]}) in the machine cache before replacing it");
        }

        return TransferPrinter.Finish(context, report.Transfers, "pull", dryRun, w =>
        {
            w.WriteString("revision", revision);
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

    private static async Task<(GitHistory History, string Commit)?> TryResolveAsync(DataRepository repository, string revision, CancellationToken ct)
    {
        try
        {
            var history = await GitHistory.OpenAsync(repository, ct).ConfigureAwait(false);
            return (history, await history.ResolveCommitAsync(revision, ct).ConfigureAwait(false));
        }
        catch (DataTasksException ex) when (ex.Code is ErrorCodes.BadRevision or ErrorCodes.NotAGitRepository)
        {
            return null;
        }
    }
}
