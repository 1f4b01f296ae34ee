namespace DataTasks.Core.Storage;

/// <summary>
/// Keeps writes inside the repository on disk, not only on paper. <see cref="Manifest.EntryPath"/> refuses '..' and
/// absolute paths, but a committed symbolic link (data -> /elsewhere) would still carry a write or delete outside the
/// repository, as git refuses to do "beyond a symbolic link". Links that stay inside the repository are fine; links
/// that leave it are followed only when the repository opts in with "follow_symlinks": true in its config.
/// </summary>
public sealed class RepositoryBoundary
{
    private readonly string root;
    private readonly string realRoot;
    private readonly bool followOutsideLinks;
    private readonly Dictionary<string, bool> checkedDirectories = new(Platform.PathComparer);

    /// <summary>Creates the boundary of the repository at <paramref name="root"/>.</summary>
    public RepositoryBoundary(string root, bool followOutsideLinks)
    {
        this.root = Path.GetFullPath(root);
        realRoot = RealPath(this.root);
        this.followOutsideLinks = followOutsideLinks;
    }

    /// <summary>The boundary of <paramref name="repository"/>, honouring its follow_symlinks setting.</summary>
    public static RepositoryBoundary For(DataRepository repository)
    {
        var follow = repository.LoadConfig().Settings.TryGetPropertyValue("follow_symlinks", out var node) &&
                     node is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<bool>(out var b) && b;
        return new RepositoryBoundary(repository.Root, follow);
    }

    /// <summary>
    /// Throws DT0007 when a folder on the way to <paramref name="entryPath"/> is a symbolic link that leads outside the
    /// repository (and the repository did not opt in). Folders that do not exist yet are fine: they will be created
    /// inside.
    /// </summary>
    public void EnsureWritable(string entryPath)
    {
        if (followOutsideLinks)
        {
            return;
        }

        var slash = entryPath.IndexOf('/');
        while (slash > 0)
        {
            var folder = entryPath[..slash];
            bool ok;
            lock (checkedDirectories)
            {
                if (!checkedDirectories.TryGetValue(folder, out ok))
                {
                    ok = IsInside(folder);
                    checkedDirectories[folder] = ok;
                }
            }

            if (!ok)
            {
                throw new DataTasksException(ErrorCodes.PathLeavesRepository,
                    $"'{entryPath}' goes through the symbolic link '{folder}', which leads outside the repository; nothing was written there (set \"follow_symlinks\": true in .datatasks/config.local.json to allow it)");
            }

            slash = entryPath.IndexOf('/', slash + 1);
        }
    }

    private bool IsInside(string folder)
    {
        var full = Manifest.EntryPath.ToFullPath(root, folder);
        var info = new DirectoryInfo(full);
        if (info.LinkTarget is null)
        {
            return true;
        }

        var real = RealPath(full);
        var rel = Path.GetRelativePath(realRoot, real);
        return !(rel == ".." || rel.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(rel));
    }

    /// <summary>The path with every symbolic link in it resolved (as far as the path exists).</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var parts = new Stack<string>();
        var current = full;
        while (true)
        {
            var info = new DirectoryInfo(current);
            if (info.Exists || info.LinkTarget is not null)
            {
                break;
            }

            var parent = Path.GetDirectoryName(current);
            if (parent is null)
            {
                return full;
            }

            parts.Push(Path.GetFileName(current));
            current = parent;
        }

        var resolved = ResolveExisting(current);
        while (parts.Count > 0)
        {
            resolved = Path.Join(resolved, parts.Pop());
        }

        return resolved;
    }

    private static string ResolveExisting(string path)
    {
        var parent = Path.GetDirectoryName(path);
        var resolvedParent = parent is null ? path : ResolveExisting(parent);
        var here = parent is null ? path : Path.Join(resolvedParent, Path.GetFileName(path));
        var info = new DirectoryInfo(here);
        if (info.LinkTarget is null)
        {
            return here;
        }

        var target = info.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? here : ResolveExisting(Path.GetFullPath(target.FullName));
    }
}
