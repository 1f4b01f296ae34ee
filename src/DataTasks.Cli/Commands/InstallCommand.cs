using System.Text.Json;
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
        context.Json = args.Flag("--json");
        args.Positionals("install");
        var git = await GitHistory.OpenAsync(context.Repository, context.Cancellation).ConfigureAwait(false);
        var changes = await GitHookInstaller.InstallAsync(git, hydrate: !noHydrate, context.Cancellation).ConfigureAwait(false);
        Print(context, changes, installed: true);
        WriteJson(context, changes, installed: true);
        return CliApp.ExitOk;
    }

    public static async Task<int> UninstallAsync(CliContext context, ArgumentReader args)
    {
        context.Json = args.Flag("--json");
        args.Positionals("uninstall");
        var git = await GitHistory.OpenAsync(context.Repository, context.Cancellation).ConfigureAwait(false);
        var changes = await GitHookInstaller.UninstallAsync(git, context.Cancellation).ConfigureAwait(false);
        Print(context, changes, installed: false);
        WriteJson(context, changes, installed: false);
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

    /// <summary>The fields of an install or uninstall as JSON: init nests them under "hooks", install writes them at the top.</summary>
    internal static void WriteFields(Utf8JsonWriter w, GitHookChanges changes, bool installed)
    {
        w.WriteString("action", installed ? "installed" : "uninstalled");
        w.WriteString("hooks_directory", changes.HooksDirectory);
        JsonOutput.WriteStrings(w, "hooks", changes.Hooks);

        // install keeps the user's own hooks beside its own (chained); uninstall puts them back (restored).
        JsonOutput.WriteStrings(w, installed ? "chained" : "restored", changes.Chained);
        w.WriteBoolean("attributes_added", changes.AttributesAdded);
    }

    private static void WriteJson(CliContext context, GitHookChanges changes, bool installed)
    {
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w => WriteFields(w, changes, installed));
        }
    }
}
