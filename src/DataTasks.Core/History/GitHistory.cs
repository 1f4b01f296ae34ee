using DataTasks.Core.Manifest;

namespace DataTasks.Core.History;

/// <summary>
/// The git repository around a data repository: where its manifest lives in git (the data repository may be a
/// subfolder of the git work tree), and how to read that manifest at any revision with git itself.
/// </summary>
public sealed class GitHistory
{
    private GitHistory(DataRepository repository, string topLevel, string prefix, bool isShallow)
    {
        Repository = repository;
        TopLevel = topLevel;
        Prefix = prefix;
        IsShallow = isShallow;
    }

    /// <summary>The data repository.</summary>
    public DataRepository Repository { get; }

    /// <summary>The root of the git work tree.</summary>
    public string TopLevel { get; }

    /// <summary>The data repository's folder relative to the git root, "" or ending in '/'.</summary>
    public string Prefix { get; }

    /// <summary>The manifest's path in git trees (from the git root).</summary>
    public string ManifestPath => Prefix + DataManifest.FileName;

    /// <summary>True in a shallow clone: history stops at the graft points, so it is incomplete.</summary>
    public bool IsShallow { get; }

    /// <summary>Finds the git repository of <paramref name="repository"/>; DT0501 when there is none or git is missing.</summary>
    public static async Task<GitHistory> OpenAsync(DataRepository repository, CancellationToken cancellationToken)
    {
        var result = await GitProcess.TryRunAsync(repository.Root, ["rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"], cancellationToken).ConfigureAwait(false);
        var lines = GitProcess.Text(result.Output).Split('\n');
        if (result.ExitCode != 0 || lines.Length < 3)
        {
            throw new DataTasksException(ErrorCodes.NotAGitRepository,
                $"{repository.Root} is not inside a git work tree; diff, log and gc read the history of {DataManifest.FileName} from git ('git init' and commit it first)");
        }

        return new GitHistory(repository, lines[0], lines[1], lines[2] == "true");
    }

    /// <summary>The commit <paramref name="revision"/> names (a branch, tag, hash, HEAD~2…); DT0502 when it names none.</summary>
    public async Task<string> ResolveCommitAsync(string revision, CancellationToken cancellationToken)
    {
        // A leading '-' would be read as an option by git; no revision starts with one.
        if (revision.Length == 0 || revision[0] == '-' || revision.Contains('\n', StringComparison.Ordinal))
        {
            throw BadRevision(revision);
        }

        var result = await GitProcess.TryRunAsync(Repository.Root, ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], cancellationToken).ConfigureAwait(false);
        var sha = GitProcess.Text(result.Output).Trim();
        if (result.ExitCode != 0 || sha.Length == 0)
        {
            throw BadRevision(revision);
        }

        return sha;
    }

    /// <summary>The best common ancestor of two commits (for <c>a...b</c>); DT0502 when they share none.</summary>
    public async Task<string> MergeBaseAsync(string a, string b, CancellationToken cancellationToken)
    {
        var result = await GitProcess.TryRunAsync(Repository.Root, ["merge-base", a, b], cancellationToken).ConfigureAwait(false);
        var sha = GitProcess.Text(result.Output).Trim();
        if (result.ExitCode != 0 || sha.Length == 0)
        {
            throw new DataTasksException(ErrorCodes.BadRevision, $"{a[..7]} and {b[..7]} have no common ancestor; use a..b instead of a...b");
        }

        return sha;
    }

    /// <summary>
    /// The manifest as committed at <paramref name="commit"/> (read with <c>git cat-file</c>), or an empty manifest when
    /// that commit has none. An invalid manifest fails with its DT01xx code, naming the revision.
    /// </summary>
    public async Task<DataManifest> ReadManifestAtAsync(string commit, string displayName, CancellationToken cancellationToken)
    {
        var result = await GitProcess.TryRunAsync(Repository.Root, ["cat-file", "blob", $"{commit}:{ManifestPath}"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            // The commit was resolved before, so the only way this fails is a commit without the manifest.
            return EmptyManifest();
        }

        return DataManifest.Parse(result.Output, $"{DataManifest.FileName} at {displayName}");
    }

    /// <summary>A manifest with no entries: the state before the first commit that has one.</summary>
    public static DataManifest EmptyManifest() => DataManifest.Parse("{\"version\": 2, \"entries\": {}}");

    private static DataTasksException BadRevision(string revision) =>
        new(ErrorCodes.BadRevision, $"'{Manifest.EntryPath.Printable(revision)}' is not a commit in this repository; name a branch, tag or commit (see 'git log')");
}
