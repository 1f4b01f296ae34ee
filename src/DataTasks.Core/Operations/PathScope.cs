using DataTasks.Core.Patterns;

namespace DataTasks.Core.Operations;

/// <summary>
/// Which repository paths a command applies to: everything, or the files and folders the user named, optionally
/// narrowed by entry globs (pull --pattern: MSBuild-style <see cref="EntryGlob"/>, the SDK's rule; an entry matching any one is in scope).
/// </summary>
public sealed class PathScope
{
    private readonly string[] prefixes;
    private readonly EntryGlob[]? globs;

    private PathScope(string[] prefixes, EntryGlob[]? globs)
    {
        this.prefixes = prefixes;
        this.globs = globs;
    }

    /// <summary>Every path.</summary>
    public static PathScope All { get; } = new([], null);

    /// <summary>The repository paths named (files or folders; "" is the root), and optional globs.</summary>
    public static PathScope Of(IEnumerable<string> repositoryPaths, IEnumerable<string>? globs = null)
    {
        var list = repositoryPaths.ToArray();
        var globList = globs?.ToArray() ?? [];
        if (list.Contains(string.Empty))
        {
            list = [];
        }

        return new PathScope(list, globList.Length == 0 ? null : [.. globList.Select(g => EntryGlob.Parse(g))]);
    }

    /// <summary>The entry globs; empty when none narrows the scope.</summary>
    public IReadOnlyList<EntryGlob> Globs => globs ?? [];

    /// <summary>The globs that select none of <paramref name="entryPaths"/> within the named paths (DT0601 for pull --pattern).</summary>
    /// <param name="entryPaths">Manifest entry paths.</param>
    public IReadOnlyList<EntryGlob> GlobsSelectingNothing(IEnumerable<string> entryPaths)
    {
        var inPaths = entryPaths.Where(p => PathScope.Of(prefixes).Contains(p)).ToList();
        return [.. Globs.Where(g => !inPaths.Any(g.IsMatch))];
    }

    /// <summary>The named paths; empty means the whole repository.</summary>
    public IReadOnlyList<string> Paths => prefixes;

    /// <summary>True when no path or glob narrows the scope.</summary>
    public bool IsAll => prefixes.Length == 0 && globs is null;

    /// <summary>True when <paramref name="path"/> is one of the named paths or lies under one of them, and matches the globs.</summary>
    public bool Contains(string path)
    {
        if (prefixes.Length > 0)
        {
            var hit = false;
            foreach (var p in prefixes)
            {
                if (path.Length == p.Length ? path == p :
                    path.Length > p.Length && path[p.Length] == '/' && path.StartsWith(p, StringComparison.Ordinal))
                {
                    hit = true;
                    break;
                }
            }

            if (!hit)
            {
                return false;
            }
        }

        return globs is null || globs.Any(g => g.IsMatch(path));
    }

    /// <summary>True when <paramref name="directory"/> could hold paths in scope (for pruning walks).</summary>
    public bool MayContainUnder(string directory)
    {
        if (prefixes.Length == 0)
        {
            return true;
        }

        foreach (var p in prefixes)
        {
            if (directory.Length == 0 || p == directory ||
                (p.Length > directory.Length && p[directory.Length] == '/' && p.StartsWith(directory, StringComparison.Ordinal)) ||
                (directory.Length > p.Length && directory[p.Length] == '/' && directory.StartsWith(p, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
