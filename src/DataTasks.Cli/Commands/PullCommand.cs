using DataTasks.Core;
using DataTasks.Core.Namespaces;
using DataTasks.Core.Operations;
using DataTasks.Core.Remotes;

namespace DataTasks.Cli.Commands;

/// <summary>pull: download missing files through the machine cache, in this repository or in namespaces of export.json.</summary>
internal static class PullCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        var dryRun = args.Flag("--dry-run", "-n");
        var noCache = args.Flag("--no-cache");
        var all = args.Flag("--all");
        context.Json = args.Flag("--json");
        var jobs = args.IntOption(1, 256, "--jobs", "-j") ?? 8;
        var globs = args.Options("--pattern");
        var externs = args.Options("--extern");
        var paths = args.Positionals("pull");

        if (!all && externs.Count == 0)
        {
            var scope = PathScope.Of(context.RepositoryPaths(paths), globs);
            RequireSelection(scope, [context.Repository]);
            return await PullAsync(context, context.Repository, context.OpenRemote, scope, dryRun, noCache, jobs).ConfigureAwait(false);
        }

        if (all && externs.Count > 0)
        {
            throw new DataTasksException(ErrorCodes.Usage, "pull takes --all or --extern, not both");
        }

        if (context.Json)
        {
            throw new DataTasksException(ErrorCodes.Usage, "pull --json reports one repository; drop --extern/--all or --json");
        }

        var map = ExportMap.FindRequired(context.WorkingDirectory);
        var targets = new List<(string Label, DataRepository Repository)>();
        if (all)
        {
            // The current repository first (when there is one), then every namespace; a folder mapped twice is pulled once.
            if (TryCurrentRepository(context) is { } current)
            {
                targets.Add((map.NameOf(current.Root) is { } n ? $"namespace {n}" : "this repository", current));
            }

            targets.AddRange(map.Names.Select(n => ($"namespace {n}", map.Open(n))));
        }
        else
        {
            // Paths and patterns name entries of the namespace's own manifest.
            targets.AddRange(externs.Distinct(StringComparer.Ordinal).Select(n => ($"namespace {n}", map.Open(n))));
        }

        var exit = CliApp.ExitOk;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (label, repository) in targets)
        {
            if (!seen.Add(repository.Root))
            {
                continue;
            }

            context.Line($"{label} ({Path.GetRelativePath(map.Root, repository.Root).Replace('\\', '/')}):");
            var scope = PathScope.Of([.. paths.Select(p => p.Replace('\\', '/').Trim('/'))], globs);
            var code = await PullAsync(context, repository, () => context.OpenRemote(repository, IsCurrent(context, repository) ? context.RemoteOverride : null, map), scope, dryRun, noCache, jobs).ConfigureAwait(false);
            exit = Math.Max(exit, code);
        }

        return exit;
    }

    private static async Task<int> PullAsync(CliContext context, DataRepository repository, Func<DataRemote> openRemote, PathScope scope, bool dryRun, bool noCache, int jobs)
    {
        using var progress = dryRun ? null : TransferProgress.For(context, "pull");
        var options = TransferPrinter.Options(context, dryRun, jobs, progress) with { SkipCacheWrite = noCache };
        var report = await PullOperation.RunAsync(repository, openRemote, context.Cache, scope, options, context.Cancellation).ConfigureAwait(false);
        progress?.Dispose();
        return TransferPrinter.Finish(context, report, "pull", dryRun);
    }

    /// <summary>Like the SDK's DataArtifact globs, every --pattern must select an entry (DT0601): a typo never pulls nothing quietly.</summary>
    private static void RequireSelection(PathScope scope, IEnumerable<DataRepository> repositories)
    {
        if (scope.Globs.Count == 0)
        {
            return;
        }

        var paths = repositories.SelectMany(r => r.LoadManifest().Entries.Select(e => e.Path)).ToList();
        if (scope.GlobsSelectingNothing(paths) is [var first, ..])
        {
            throw new DataTasksException(ErrorCodes.ArtifactSelectsNothing,
                $"--pattern '{first.Pattern}' selects no entry of {DataTasks.Core.Manifest.DataManifest.FileName}; patterns are MSBuild globs from the repository root ('*' stays in one folder, '**' spans folders)");
        }
    }

    /// <summary>--remote names the remote of the repository the command runs in, never that of another namespace.</summary>
    private static bool IsCurrent(CliContext context, DataRepository repository) => TryCurrentRepository(context)?.Root == repository.Root;

    private static DataRepository? TryCurrentRepository(CliContext context)
    {
        try
        {
            return context.Repository;
        }
        catch (DataTasksException ex) when (ex.Code == ErrorCodes.NoRepository)
        {
            return null;
        }
    }
}
