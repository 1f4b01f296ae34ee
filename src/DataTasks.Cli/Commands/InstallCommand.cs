using DataTasks.Core;
using DataTasks.Core.Git;
using DataTasks.Core.History;

namespace DataTasks.Cli.Commands;

/// <summary>install / uninstall: git hooks and the artifacts.json merge driver for this clone.</summary>
internal static class InstallCommand
{
    public static async Task<int> InstallAsync(CliContext context, ArgumentReader args)
    {
        var noHydrate = args.Flag("--no-hydrate");
        args.Positionals("install");
        var git = await GitHistory.OpenAsync(context.Repository, context.Cancellation).ConfigureAwait(false);
        var changes = await GitHookInstaller.InstallAsync(git, hydrate: !noHydrate, context.Cancellation).ConfigureAwait(false);
        Print(context, changes, installed: true);
        return CliApp.ExitOk;
    }

    public static async Task<int> UninstallAsync(CliContext context, ArgumentReader args)
    {
        args.Positionals("uninstall");
        var git = await GitHistory.OpenAsync(context.Repository, context.Cancellation).ConfigureAwait(false);
        var changes = await GitHookInstaller.UninstallAsync(git, context.Cancellation).ConfigureAwait(false);
        Print(context, changes, installed: false);
        return CliApp.ExitOk;
    }

    internal static void Print(CliContext context, GitHookChanges changes, bool installed)
    {
        if (installed)
        {
            context.Line($"installed git hooks ({string.Join(", ", changes.Hooks)}) and the artifacts.json merge driver in {changes.HooksDirectory}");
            foreach (var name in changes.Chained)
            {
                context.Line($"kept your {name} hook as {name}.pre-datatasks: it runs first");
            }

            if (changes.AttributesAdded)
            {
                context.Line("added 'artifacts.json merge=datatasks' to .gitattributes: commit it so every clone merges entry by entry");
            }

            return;
        }

        context.Line(changes.Hooks.Count == 0
            ? $"no DataTasks hooks in {changes.HooksDirectory}"
            : $"removed git hooks ({string.Join(", ", changes.Hooks)}) and the merge driver from {changes.HooksDirectory}");
        foreach (var name in changes.Chained)
        {
            context.Line($"restored your {name} hook");
        }

        context.Line("left .gitattributes as it is: without the driver, git merges artifacts.json as text");
    }
}
