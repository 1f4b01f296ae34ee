using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>pull: download missing files through the machine cache.</summary>
internal static class PullCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        var dryRun = args.Flag("--dry-run", "-n");
        var noCache = args.Flag("--no-cache");
        context.Json = args.Flag("--json");
        var jobs = args.IntOption(1, 256, "--jobs", "-j") ?? 8;
        var globs = args.Options("--pattern");
        var paths = args.Positionals("pull");
        var scope = PathScope.Of(context.RepositoryPaths(paths), globs);
        using var progress = dryRun ? null : TransferProgress.For(context, "pull");
        var options = TransferPrinter.Options(context, dryRun, jobs, progress) with { SkipCacheWrite = noCache };
        var report = await PullOperation.RunAsync(context.Repository, context.OpenRemote, context.Cache, scope, options, context.Cancellation).ConfigureAwait(false);
        progress?.Dispose();
        return TransferPrinter.Finish(context, report, "pull", dryRun);
    }
}
