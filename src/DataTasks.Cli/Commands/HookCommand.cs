using DataTasks.Core;
using DataTasks.Core.Git;
using DataTasks.Core.History;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>
/// hook: what the scripts of install run. post-checkout, post-merge and post-rewrite hydrate what the new manifest
/// needs; pre-push refuses a git push whose manifest names content the data remote lacks. A hydrating hook never
/// fails git's command: a problem is one warning line, and 'dotnet data pull' says the rest.
/// </summary>
internal static class HookCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        var positionals = args.Positionals("hook");
        if (positionals.Count == 0)
        {
            throw new DataTasksException(ErrorCodes.Usage, "usage: dotnet data hook <post-checkout|post-merge|post-rewrite|pre-push> [<git's arguments>]");
        }

        return positionals[0] switch
        {
            "post-checkout" or "post-merge" or "post-rewrite" => await HydrateAsync(context, positionals[0]).ConfigureAwait(false),
            "pre-push" => await PrePushAsync(context).ConfigureAwait(false),
            _ => throw new DataTasksException(ErrorCodes.Usage, $"'{positionals[0]}' is not a hook DataTasks installs (post-checkout, post-merge, post-rewrite, pre-push)"),
        };
    }

    private static async Task<int> HydrateAsync(CliContext context, string hook)
    {
        // post-rewrite hands the rewritten commits on standard input; hydrating needs only the new manifest.
        await context.Input.ReadToEndAsync(context.Cancellation).ConfigureAwait(false);
        try
        {
            var repository = context.Repository;
            var config = Core.Config.DataTasksConfig.From(context.Config, context.RemoteOverride);
            if (config.Settings["hooks"]?["hydrate"] is { } setting && setting.GetValueKind() == System.Text.Json.JsonValueKind.False)
            {
                return CliApp.ExitOk;
            }

            var quiet = new CliContext
            {
                Out = context.Out,
                Error = context.Error,
                WorkingDirectory = context.WorkingDirectory,
                RemoteOverride = context.RemoteOverride,
                CacheDirOverride = context.CacheDirOverride,
                Quiet = true,
                Cancellation = context.Cancellation,
            };
            var options = TransferPrinter.Options(quiet, dryRun: false, jobs: 8, progress: null);
            var report = await PullOperation.RunAsync(repository, quiet.OpenRemote, quiet.Cache, PathScope.All, options, context.Cancellation).ConfigureAwait(false);
            var pulled = report.Items.Count(i => i.Outcome is TransferOutcome.Downloaded or TransferOutcome.FromCache);
            var failed = report.Items.Count(i => i.Outcome == TransferOutcome.Failed);
            if (pulled > 0)
            {
                context.Error.WriteLine($"DataTasks: hydrated {Plural.Count(pulled, "file")} for the new {Core.Manifest.DataManifest.FileName} ({hook})");
            }

            if (failed > 0)
            {
                context.Warn(new DataTasksException(ErrorCodes.HookHydrateIncomplete,
                    $"{Plural.Count(failed, "file")} could not be hydrated after {hook}; run 'dotnet data pull' to see why"));
            }
        }
        catch (DataTasksException ex)
        {
            context.Warn(new DataTasksException(ErrorCodes.HookHydrateIncomplete, $"not hydrated after {hook}: {ex.Code}: {ex.Message}"));
        }

        return CliApp.ExitOk;
    }

    private static async Task<int> PrePushAsync(CliContext context)
    {
        var input = await context.Input.ReadToEndAsync(context.Cancellation).ConfigureAwait(false);
        var refs = PrePushCheck.ParseRefs(input);
        var git = await GitHistory.OpenAsync(context.Repository, context.Cancellation).ConfigureAwait(false);
        var stranded = await PrePushCheck.FindStrandedAsync(git, refs, context.OpenRemote, context.Cancellation).ConfigureAwait(false);
        if (stranded.Count == 0)
        {
            return CliApp.ExitOk;
        }

        foreach (var s in stranded)
        {
            context.Error.WriteLine(s.StorageKey is null
                ? $"never pushed   {s.Path} ({s.RemoteRef})"
                : $"not on remote  {s.Path} (key {s.StorageKey[..8]}, {s.RemoteRef})");
        }

        var n = stranded.Count;
        context.Fail(new DataTasksException(ErrorCodes.PushWouldStrandData,
            $"git push refused: {Plural.Count(n, "entry")} of {Core.Manifest.DataManifest.FileName} would reach your teammates without their data; " +
            "run 'dotnet data push', commit artifacts.json if it changed, and push again ('git push --no-verify' skips this check)"));
        return CliApp.ExitProblems;
    }
}
