using DataTasks.Core;
using DataTasks.Core.Operations;

namespace DataTasks.Cli.Commands;

/// <summary>push: upload added and modified files and record their keys.</summary>
internal static class PushCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        var repair = args.Flag("--repair");
        var dryRun = args.Flag("--dry-run", "-n");
        context.Json = args.Flag("--json");
        var jobs = args.IntOption(1, 256, "--jobs", "-j") ?? 8;
        var paths = args.Positionals("push");
        if (Core.Config.OfflineSwitch.IsOn())
        {
            throw Core.Config.OfflineSwitch.PushNeedsRemote(Core.Config.OfflineSwitch.VariableSpelling);
        }

        if (repair)
        {
            return await RepairAsync(context, paths).ConfigureAwait(false);
        }

        var scope = PathScope.Of(context.RepositoryPaths(paths));
        await using var remote = context.OpenRemote();
        using var progress = dryRun ? null : TransferProgress.For(context, "push");
        var options = TransferPrinter.Options(context, dryRun, jobs, progress) with { FillCache = context.Cache };
        var report = await PushOperation.RunAsync(context.Repository, remote, scope, options, context.Cancellation).ConfigureAwait(false);
        progress?.Dispose();
        return TransferPrinter.Finish(context, report, "push", dryRun);
    }

    /// <summary>push --repair: replace the named entries' remote objects from local files that verify against their keys.</summary>
    private static async Task<int> RepairAsync(CliContext context, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            throw new DataTasksException(ErrorCodes.Usage, "push --repair needs the paths whose remote objects to replace (verify --remote names them)");
        }

        var repoPaths = context.RepositoryPaths(paths);
        var manifest = context.Repository.LoadManifest();
        foreach (var p in repoPaths)
        {
            var one = PathScope.Of([p]);
            if (!manifest.Entries.Any(e => one.Contains(e.Path)))
            {
                throw new DataTasksException(ErrorCodes.PathNotFound, $"'{p}' is not in {Core.Manifest.DataManifest.FileName}");
            }
        }

        await using var remote = context.OpenRemote();
        var report = await RepairOperation.RunAsync(context.Repository, remote, PathScope.Of(repoPaths), new TransferOptions(), context.Cancellation).ConfigureAwait(false);
        foreach (var item in report.Items)
        {
            if (item.Outcome == TransferOutcome.Failed)
            {
                context.Fail(item.Error ?? new DataTasksException(ErrorCodes.TransferFailed, $"{item.Path}: repair failed"));
            }
            else
            {
                context.Line($"repaired {item.Path} (object {StatusCommand.Short(item.Key)} on {remote.DisplayName} replaced from the verified local file)");
            }
        }

        var failed = report.Items.Count(i => i.Outcome == TransferOutcome.Failed);
        context.Line($"repaired {Plural.Count(report.Items.Count - failed, "object")}, {failed} failed");
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteString("remote", remote.DisplayName);
                w.WriteStartArray("items");
                foreach (var item in report.Items)
                {
                    w.WriteStartObject();
                    w.WriteString("path", item.Path);
                    w.WriteString("outcome", item.Outcome == TransferOutcome.Failed ? JsonNames.Snake(item.Outcome) : "repaired");
                    w.WriteNumber("size", item.Size);
                    w.WriteString("storage_key", item.Key);
                    if (item.Error is not null)
                    {
                        w.WriteString("error", JsonOutput.Error(item.Error));
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("repaired", report.Items.Count - failed);
                w.WriteNumber("failed", failed);
            });
        }

        return failed > 0 ? CliApp.ExitProblems : CliApp.ExitOk;
    }
}
