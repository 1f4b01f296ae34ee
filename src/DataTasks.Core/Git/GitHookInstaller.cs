using System.Text;
using DataTasks.Core.History;
using DataTasks.Core.Manifest;
using DataTasks.Core.Storage;

namespace DataTasks.Core.Git;

/// <summary>What install or uninstall changed.</summary>
/// <param name="HooksDirectory">The folder git runs hooks from (core.hooksPath where set).</param>
/// <param name="Hooks">The hooks written or removed.</param>
/// <param name="Chained">Hooks that were there before: kept and run first (install), or put back (uninstall).</param>
/// <param name="AttributesAdded">True when install added the merge line to .gitattributes.</param>
public sealed record GitHookChanges(string HooksDirectory, IReadOnlyList<string> Hooks, IReadOnlyList<string> Chained, bool AttributesAdded);

/// <summary>
/// Connects a data repository to git's own workflow, as <c>git lfs install</c> does: hooks that hydrate after a
/// checkout, merge or rewrite and guard <c>git push</c>, and a merge driver for artifacts.json. A hook someone else
/// installed (husky, pre-commit, a user's script) is never overwritten: it is kept under another name and run first.
/// </summary>
public static class GitHookInstaller
{
    /// <summary>The hooks DataTasks installs.</summary>
    public static readonly IReadOnlyList<string> HookNames = ["post-checkout", "post-merge", "post-rewrite", "pre-push"];

    /// <summary>The name of the merge driver in git's configuration and in .gitattributes.</summary>
    public const string DriverName = "datatasks";

    /// <summary>The file name of the merge driver script in the hooks folder.</summary>
    public const string DriverScriptName = "datatasks-merge-driver";

    /// <summary>Installs the hooks, the merge driver script and its configuration, and the .gitattributes line.</summary>
    /// <param name="git">The git repository of the data repository.</param>
    /// <param name="hydrate">False installs only the pre-push guard: checkouts, merges and rebases then hydrate nothing.</param>
    /// <param name="cancellationToken">Cancels the git calls.</param>
    public static async Task<GitHookChanges> InstallAsync(GitHistory git, bool hydrate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(git);
        var hooksDirectory = await HooksDirectoryAsync(git, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(hooksDirectory);
        var folder = git.Prefix.Length == 0 ? "." : git.Prefix.TrimEnd('/');
        var written = new List<string>();
        var chained = new List<string>();
        foreach (var name in HookNames.Where(n => hydrate || n == "pre-push"))
        {
            var path = Path.Join(hooksDirectory, name);
            if (File.Exists(path) && !IsOurs(path))
            {
                var keep = path + GitHookScripts.ChainedSuffix;
                if (File.Exists(keep))
                {
                    throw new DataTasksException(ErrorCodes.HookConflict,
                        $"{path} is not DataTasks' hook and {Path.GetFileName(keep)} already exists beside it; move one of them away, then run 'dotnet data install' again");
                }

                File.Move(path, keep);
                chained.Add(name);
            }

            WriteScript(path, GitHookScripts.Hook(name, folder));
            written.Add(name);
        }

        var driver = Path.Join(hooksDirectory, DriverScriptName);
        WriteScript(driver, GitHookScripts.MergeDriver());
        await GitProcess.RunAsync(git.TopLevel, ["config", $"merge.{DriverName}.name", "DataTasks: three-way merge of artifacts.json entries"], cancellationToken).ConfigureAwait(false);
        await GitProcess.RunAsync(git.TopLevel, ["config", $"merge.{DriverName}.driver", $"sh {GitHookScripts.ShellQuote(driver)} %O %A %B %P"], cancellationToken).ConfigureAwait(false);
        var attributesAdded = EnsureAttributesLine(git.Repository.Root);
        return new GitHookChanges(hooksDirectory, written, chained, attributesAdded);
    }

    /// <summary>Removes what install wrote (keeping the committed .gitattributes line) and puts chained hooks back.</summary>
    public static async Task<GitHookChanges> UninstallAsync(GitHistory git, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(git);
        var hooksDirectory = await HooksDirectoryAsync(git, cancellationToken).ConfigureAwait(false);
        var removed = new List<string>();
        var restored = new List<string>();
        foreach (var name in HookNames)
        {
            var path = Path.Join(hooksDirectory, name);
            if (File.Exists(path) && IsOurs(path))
            {
                File.Delete(path);
                removed.Add(name);
                var keep = path + GitHookScripts.ChainedSuffix;
                if (File.Exists(keep))
                {
                    File.Move(keep, path);
                    restored.Add(name);
                }
            }
        }

        var driver = Path.Join(hooksDirectory, DriverScriptName);
        if (File.Exists(driver) && IsOurs(driver))
        {
            File.Delete(driver);
        }

        // Exit code 128 means there was no such section: nothing to remove.
        await GitProcess.TryRunAsync(git.TopLevel, ["config", "--remove-section", $"merge.{DriverName}"], cancellationToken).ConfigureAwait(false);
        return new GitHookChanges(hooksDirectory, removed, restored, AttributesAdded: false);
    }

    private static async Task<string> HooksDirectoryAsync(GitHistory git, CancellationToken cancellationToken)
    {
        // --git-path honours core.hooksPath and linked worktrees' common git folder.
        var output = await GitProcess.RunAsync(git.TopLevel, ["rev-parse", "--git-path", "hooks"], cancellationToken).ConfigureAwait(false);
        return Path.GetFullPath(GitProcess.Text(output).Trim(), git.TopLevel);
    }

    private static bool IsOurs(string path)
    {
        using var reader = new StreamReader(path);
        for (var i = 0; i < 3 && reader.ReadLine() is { } line; i++)
        {
            if (line.StartsWith(GitHookScripts.Marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void WriteScript(string path, string text)
    {
        AtomicFile.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text.ReplaceLineEndings("\n")));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    private static bool EnsureAttributesLine(string root)
    {
        var path = Path.Join(root, ".gitattributes");
        var line = $"{DataManifest.FileName} merge={DriverName}";
        var existing = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        if (existing.Split('\n').Any(l => l.Trim() == line || l.Trim() == "/" + line))
        {
            return false;
        }

        var text = existing.Length > 0 && !existing.EndsWith('\n') ? existing + "\n" : existing;
        text += $"# DataTasks merges {DataManifest.FileName} entry by entry (dotnet data install)\n{line}\n";
        AtomicFile.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));
        return true;
    }
}
