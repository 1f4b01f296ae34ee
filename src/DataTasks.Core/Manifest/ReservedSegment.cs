namespace DataTasks.Core.Manifest;

/// <summary>
/// Path segments DataTasks never writes: git's control names (<c>.git</c>, <c>.gitmodules</c>, <c>.gitattributes</c>,
/// <c>.gitignore</c>) and its own state folder (<c>.datatasks</c>), in any case and in every spelling that Windows (NTFS)
/// or macOS (HFS+) resolves to the same file. A manifest written by someone else could otherwise plant a nested git
/// repository whose config runs a command, or attributes and ignore rules that change what git does. The aliases follow
/// git's own is_ntfs_dotgit, is_ntfs_dot_generic and is_hfs_dotgit (path.c, utf8.c); git refuses these names in trees
/// for the same reason. <c>.gitignore</c> is refused too, though git accepts it in trees: a data tool has no reason to
/// write one, and a planted one silently hides files from <c>git status</c> and <c>git add</c> in its folder.
/// </summary>
internal static class ReservedSegment
{
    // Each reserved name (without its dot), the first six characters NTFS keeps in its 8.3 short name, and the prefix
    // NTFS falls back to once four short names with that stem exist (a hash of the long name; git lists these).
    private static readonly (string Name, string DotName, string ShortStem, string? FallbackStem)[] Names =
    [
        ("git", ".git", "git", null),
        ("gitmodules", ".gitmodules", "gitmod", "gi7eba"),
        ("gitattributes", ".gitattributes", "gitatt", "gi7d29"),
        ("gitignore", ".gitignore", "gitign", "gi250a"),
        ("datatasks", ".datatasks", "datata", null),
    ];

    /// <summary>
    /// False when <paramref name="segment"/> cannot be any reserved name or alias, judged by its first character: every
    /// alias starts with '.', an HFS+-ignorable code point, a letter of a short-name stem (g, d) or a fallback short
    /// name's '~'. Lets the path check skip <see cref="Find"/> (and making the segment a string) for nearly every segment.
    /// </summary>
    public static bool MayBeReserved(ReadOnlySpan<char> segment) =>
        segment.Length > 0 && segment[0] is '.' or '~' or 'g' or 'G' or 'd' or 'D' or >= '\u200C';

    /// <summary>The reserved name (such as <c>.git</c>) that <paramref name="segment"/> is or aliases, or null.</summary>
    public static string? Find(string segment)
    {
        foreach (var (name, dotName, shortStem, fallbackStem) in Names)
        {
            if (IsHfsAlias(segment, dotName) || IsNtfsLongAlias(segment, name) || IsNtfsShortAlias(segment, name, shortStem, fallbackStem))
            {
                return dotName;
            }
        }

        return null;
    }

    /// <summary>HFS+ drops some zero-width and direction code points from names and folds ASCII case.</summary>
    private static bool IsHfsAlias(string segment, string dotName)
    {
        var i = 0;
        foreach (var expected in dotName)
        {
            if (!NextHfsChar(segment, ref i, out var c) || char.ToLowerInvariant(c) != expected)
            {
                return false;
            }
        }

        return !NextHfsChar(segment, ref i, out _);
    }

    private static bool NextHfsChar(string s, ref int i, out char c)
    {
        while (i < s.Length)
        {
            c = s[i++];
            if (!IsHfsIgnorable(c))
            {
                return true;
            }
        }

        c = '\0';
        return false;
    }

    private static bool IsHfsIgnorable(char c) => c is
        (>= '\u200C' and <= '\u200F') or // zero-width non-joiner and joiner, left-to-right and right-to-left marks
        (>= '\u202A' and <= '\u202E') or // directional embeddings and overrides
        (>= '\u206A' and <= '\u206F') or // deprecated format characters
        '\uFEFF';                        // zero-width no-break space

    /// <summary>NTFS ignores trailing dots and spaces, and <c>name:stream</c> opens a stream of <c>name</c> itself.</summary>
    private static bool IsNtfsLongAlias(string segment, string name) =>
        segment.Length > name.Length && segment[0] == '.' &&
        string.Compare(segment, 1, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
        OnlyDotsAndSpacesUntilStream(segment, name.Length + 1);

    /// <summary>
    /// An 8.3 short name: <c>GIT~1</c> for .git (always the first entry of a fresh clone), <c>GITMOD~1</c> to
    /// <c>GITMOD~4</c> for the others, then the hashed fallback stems NTFS uses after four collisions.
    /// </summary>
    private static bool IsNtfsShortAlias(string segment, string name, string shortStem, string? fallbackStem)
    {
        if (name == "git")
        {
            return segment.StartsWith("git~1", StringComparison.OrdinalIgnoreCase) && OnlyDotsAndSpacesUntilStream(segment, 5);
        }

        if (segment.Length >= 8 && string.Compare(segment, 0, shortStem, 0, 6, StringComparison.OrdinalIgnoreCase) == 0 &&
            segment[6] == '~' && segment[7] is >= '1' and <= '4' && OnlyDotsAndSpacesUntilStream(segment, 8))
        {
            return true;
        }

        return fallbackStem is not null && IsFallbackShortName(segment, fallbackStem);
    }

    /// <summary>Eight characters: a prefix of the stem (at most six), '~', then digits, the first of them not 0.</summary>
    private static bool IsFallbackShortName(string segment, string stem)
    {
        if (segment.Length < 8)
        {
            return false;
        }

        var tilde = segment.IndexOf('~', 0, 7);
        if (tilde < 0 || string.Compare(segment, 0, stem, 0, tilde, StringComparison.OrdinalIgnoreCase) != 0 || segment[tilde + 1] is < '1' or > '9')
        {
            return false;
        }

        for (var i = tilde + 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(segment[i]))
            {
                return false;
            }
        }

        return OnlyDotsAndSpacesUntilStream(segment, 8);
    }

    private static bool OnlyDotsAndSpacesUntilStream(string segment, int from)
    {
        for (var i = from; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c == ':')
            {
                return true;
            }

            if (c is not ('.' or ' '))
            {
                return false;
            }
        }

        return true;
    }
}
