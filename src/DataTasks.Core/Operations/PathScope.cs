using DataTasks.Core.Patterns;

namespace DataTasks.Core.Operations;

/// <summary>
/// Which repository paths a command applies to: everything, or the files and folders the user named, optionally
/// narrowed by glob patterns (pull --pattern).
/// </summary>
public sealed class PathScope
{
    private readonly string[] prefixes;
    private readonly PatternList? globs;

    private PathScope(string[] prefixes, PatternList? globs)
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

        return new PathScope(list, globList.Length == 0 ? null : PatternList.FromGlobs(globList));
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

        return globs is null || globs.IsMatch(path);
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
