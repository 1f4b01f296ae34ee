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
            RequireSelection(scope, [context.Repository], null);
            var report = await PullAsync(context, context.Repository, context.OpenRemote, scope, dryRun, noCache, jobs).ConfigureAwait(false);
            return TransferPrinter.Finish(context, report, "pull", dryRun);
        }

        if (all && externs.Count > 0)
        {
            throw new DataTasksException(ErrorCodes.Usage, "pull takes --all or --extern, not both");
        }

        var map = ExportMap.FindRequired(context.WorkingDirectory);
        var targets = new List<(string? Namespace, DataRepository Repository)>();
        if (all)
        {
            // The current repository first (when there is one), then every namespace; a folder mapped twice is pulled once.
            if (TryCurrentRepository(context) is { } current)
            {
                targets.Add((map.NameOf(current.Root), current));
            }

            targets.AddRange(map.Names.Select(n => ((string?)n, map.Open(n))));
        }
        else
        {
            // Paths and patterns name entries of the namespace's own manifest.
            targets.AddRange(externs.Distinct(StringComparer.Ordinal).Select(n => ((string?)n, map.Open(n))));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        targets = targets.Where(t => seen.Add(t.Repository.Root)).ToList();
        var externScope = PathScope.Of([.. paths.Select(p => p.Replace('\\', '/').Trim('/'))], globs);

        // Checked across every chosen manifest before anything is pulled: a pattern may select entries of one namespace
        // only, but one that selects nothing anywhere is a typo, as in the current repository.
        RequireSelection(externScope, targets.Select(t => t.Repository), all ? "this repository or any namespace of export.json" : $"namespace {string.Join(", ", targets.Select(t => t.Namespace))}");
        var exit = CliApp.ExitOk;
        var pulled = new List<(string? Namespace, string Root, TransferReport Report)>();
        foreach (var (ns, repository) in targets)
        {
            var root = Path.GetRelativePath(map.Root, repository.Root).Replace('\\', '/');
            context.Line($"{(ns is null ? "this repository" : $"namespace {ns}")} ({root}):");
            var report = await PullAsync(context, repository, () => context.OpenRemote(repository, IsCurrent(context, repository) ? context.RemoteOverride : null, map), externScope, dryRun, noCache, jobs).ConfigureAwait(false);
            exit = Math.Max(exit, TransferPrinter.Conclude(context, report, "pull", dryRun));
            pulled.Add((ns, root, report));
        }

        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteStartArray("repositories");
                foreach (var (ns, root, report) in pulled)
                {
                    w.WriteStartObject();
                    w.WriteString("namespace", ns);
                    w.WriteString("root", root);
                    TransferPrinter.WriteItems(w, report);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }

        return exit;
    }

    private static async Task<TransferReport> PullAsync(CliContext context, DataRepository repository, Func<DataRemote> openRemote, PathScope scope, bool dryRun, bool noCache, int jobs)
    {
        using var progress = dryRun ? null : TransferProgress.For(context, "pull");
        var options = TransferPrinter.Options(context, dryRun, jobs, progress) with { SkipCacheWrite = noCache };
        var report = await PullOperation.RunAsync(repository, openRemote, context.Cache, scope, options, context.Cancellation).ConfigureAwait(false);
        progress?.Dispose();
        return report;
    }

    /// <summary>
    /// Like the SDK's DataArtifact globs, every --pattern must select an entry of the chosen manifests together (DT0601):
    /// a typo never pulls nothing quietly. <paramref name="where"/> names the namespaces; null for the current repository.
    /// </summary>
    private static void RequireSelection(PathScope scope, IEnumerable<DataRepository> repositories, string? where)
    {
        if (scope.Globs.Count == 0)
        {
            return;
        }

        var paths = repositories.SelectMany(r => r.LoadManifest().Entries.Select(e => e.Path)).ToList();
        if (scope.GlobsSelectingNothing(paths) is [var first, ..])
        {
            var manifest = DataTasks.Core.Manifest.DataManifest.FileName;
            throw new DataTasksException(ErrorCodes.ArtifactSelectsNothing,
                $"--pattern '{first.Pattern}' selects no entry of {(where is null ? manifest : $"{manifest} in {where}")}; patterns are MSBuild globs from the repository root ('*' stays in one folder, '**' spans folders)");
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
