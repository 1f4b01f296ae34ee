namespace DataTasks.Tasks;

/// <summary>
/// A repository-relative wildcard path with MSBuild's Include semantics, matched against manifest entries instead of
/// the disk: <c>*</c> and <c>?</c> stay inside one folder, a <c>**</c> segment spans any number of folders. These are
/// not gitignore semantics on purpose (<c>data/*</c> selects the files directly in data/, never a whole subtree), so a
/// user's Include means here what it means to MSBuild. Matching is a plain segment walk, not a Regex: it runs on every
/// build, where loading and compiling a regex engine would cost more than the matching itself.
/// </summary>
internal sealed class MSBuildGlob
{
    // MSBuild matches file names the way the file system compares them.
    private static readonly StringComparison NameComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly string[] segments;

    private MSBuildGlob(string pattern, string[] segments, string fixedBase)
    {
        Pattern = pattern;
        this.segments = segments;
        FixedBase = fixedBase;
    }

    /// <summary>The repository-relative pattern, '/'-separated.</summary>
    public string Pattern { get; }

    /// <summary>The folders before the first wildcard segment ("" for the root): what a Link folder replaces.</summary>
    public string FixedBase { get; }

    /// <summary>True when <paramref name="spec"/> holds an MSBuild wildcard.</summary>
    public static bool HasWildcard(string spec) => spec.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>Builds a glob from a repository-relative, '/'-separated pattern.</summary>
    public static MSBuildGlob Create(string pattern)
    {
        var segments = pattern.Split('/');
        var fixedCount = 0;
        while (fixedCount < segments.Length - 1 && !HasWildcard(segments[fixedCount]))
        {
            fixedCount++;
        }

        return new MSBuildGlob(pattern, segments, string.Join('/', segments.Take(fixedCount)));
    }

    /// <summary>True when the repository path matches.</summary>
    public bool IsMatch(string repositoryPath) => MatchSegments(0, repositoryPath.Split('/'), 0);

    private bool MatchSegments(int p, string[] path, int s)
    {
        while (p < segments.Length)
        {
            if (segments[p] == "**")
            {
                // A trailing ** takes every file below; otherwise try every number of folders it may span.
                if (p == segments.Length - 1)
                {
                    return s < path.Length;
                }

                for (var skip = s; skip < path.Length; skip++)
                {
                    if (MatchSegments(p + 1, path, skip))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (s >= path.Length || !MatchName(segments[p], path[s]))
            {
                return false;
            }

            p++;
            s++;
        }

        return s == path.Length;
    }

    /// <summary>One file or folder name against one pattern segment with * and ?.</summary>
    private static bool MatchName(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starN = n;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || pattern.Slice(p, 1).Equals(name.Slice(n, 1), NameComparison)))
            {
                p++;
                n++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                n = ++starN;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
