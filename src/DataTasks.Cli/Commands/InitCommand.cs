using System.Text.Json.Nodes;
using DataTasks.Core;
using DataTasks.Core.Config;
using DataTasks.Core.Git;
using DataTasks.Core.History;
using DataTasks.Core.Manifest;
using DataTasks.Core.Storage;

namespace DataTasks.Cli.Commands;

/// <summary>init: makes the current folder a DataTasks repository (artifacts.json, .datatasks/, ignore rules).</summary>
internal static class InitCommand
{
    public static async Task<int> RunAsync(CliContext context, ArgumentReader args)
    {
        var remote = args.Option("--remote") ?? context.RemoteOverride;
        var noInstall = args.Flag("--no-install");
        context.Json = args.Flag("--json");
        args.Positionals("init");
        var repository = DataRepository.At(context.WorkingDirectory);
        var configPath = Path.Join(repository.Root, DataTasksConfig.FileName);

        // Read (and validate) the config before writing anything, so an invalid one is refused with DT0204, not a crash.
        var config = remote is null ? null : ReadConfigForUpdate(configPath);
        var created = !File.Exists(repository.ManifestFile);
        if (!created)
        {
            // An existing manifest must be valid: init on a broken one would otherwise report success.
            repository.LoadManifest();
            context.Line($"{DataManifest.FileName} already exists in {repository.Root}");
        }
        else
        {
            new DataManifest().Save(repository.ManifestFile);
            context.Line($"created {DataManifest.FileName} in {repository.Root}");
        }

        repository.EnsureStateDirectory();
        if (config is not null)
        {
            config["remote"] = remote;
            AtomicFile.WriteAllBytes(configPath, System.Text.Encoding.UTF8.GetBytes(config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n"));
            context.Line($"remote set to {remote} in {DataTasksConfig.FileName}");
        }

        EnsureGitIgnoreLines(repository.Root, ["data/", DataTasksConfig.LocalFileName]);
        var hooks = noInstall ? null : await InstallHooksAsync(context, repository).ConfigureAwait(false);
        if (context.Json)
        {
            JsonOutput.WriteObject(context, w =>
            {
                w.WriteString("root", repository.Root);
                w.WriteBoolean("manifest_created", created);
                w.WriteString("remote", config is null ? null : remote);
                if (hooks is null)
                {
                    w.WriteNull("hooks");
                    w.WriteString("hooks_skipped", noInstall ? "no_install" : "not_a_git_work_tree");
                }
                else
                {
                    w.WriteStartObject("hooks");
                    InstallCommand.WriteFields(w, hooks, installed: true);
                    w.WriteEndObject();
                    w.WriteNull("hooks_skipped");
                }
            });
        }

        return CliApp.ExitOk;
    }

    /// <summary>Installs the hooks and the merge driver; null (with a hint) outside a git work tree.</summary>
    private static async Task<GitHookChanges?> InstallHooksAsync(CliContext context, DataRepository repository)
    {
        GitHistory git;
        try
        {
            git = await GitHistory.OpenAsync(repository, context.Cancellation).ConfigureAwait(false);
        }
        catch (DataTasksException ex) when (ex.Code == ErrorCodes.NotAGitRepository)
        {
            context.Line("not inside a git work tree: after 'git init', run 'dotnet data install' for the hooks and the merge driver");
            return null;
        }

        var changes = await GitHookInstaller.InstallAsync(git, hydrate: true, context.Cancellation).ConfigureAwait(false);
        InstallCommand.Print(context, changes, installed: true);
        return changes;
    }

    private static JsonObject ReadConfigForUpdate(string configPath)
    {
        if (!File.Exists(configPath))
        {
            return [];
        }

        try
        {
            var options = new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true };
            return JsonNode.Parse(File.ReadAllText(configPath), documentOptions: options) as JsonObject
                ?? throw new DataTasksException(ErrorCodes.ConfigInvalid, $"{DataTasksConfig.FileName}: the top level must be a JSON object");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new DataTasksException(ErrorCodes.ConfigInvalid,
                $"{DataTasksConfig.FileName}:{(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}: invalid JSON; fix it, then run init again", ex);
        }
    }

    private static void EnsureGitIgnoreLines(string root, string[] lines)
    {
        var path = Path.Join(root, ".gitignore");
        var existing = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        var present = existing.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var missing = lines.Where(l => !present.Contains(l) && !present.Contains("/" + l)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var text = existing.Length > 0 && !existing.EndsWith('\n') ? existing + "\n" : existing;
        text += "# DataTasks: data files live in the manifest, not in git\n" + string.Join("\n", missing) + "\n";
        AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));
    }
}
