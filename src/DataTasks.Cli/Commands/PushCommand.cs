using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>push: upload added and modified files and record their keys.</summary>
internal static class PushCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        var dryRun = args.Flag("--dry-run", "-n");
        context.Json = args.Flag("--json");
        var jobs = args.IntOption(1, 256, "--jobs", "-j") ?? 8;
        var paths = args.Positionals("push");
        var scope = PathScope.Of(context.RepositoryPaths(paths));
        await using var remote = context.OpenRemote();
        using var progress = dryRun ? null : TransferProgress.For(context, "push");
        var options = TransferPrinter.Options(context, dryRun, jobs, progress) with { FillCache = context.Cache };
        var report = await PushOperation.RunAsync(context.Repository, remote, scope, options, context.Cancellation).ConfigureAwait(false);
        progress?.Dispose();
        return TransferPrinter.Finish(context, report, "push", dryRun);
    }
}
