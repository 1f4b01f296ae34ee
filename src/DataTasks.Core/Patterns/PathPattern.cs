using System.Text;

namespace DataTasks.Core.Patterns;

/// <summary>
/// One parsed line of a gitignore-style pattern file, together with the matcher for it.
/// </summary>
/// <remarks>
/// <para>
/// This is a faithful port of git's own algorithm (<c>dir.c</c>: <c>parse_path_pattern</c>,
/// <c>match_basename</c>, <c>match_pathname</c>; <see cref="Wildmatch"/>: <c>dowild</c>) as of git 2.52, so that
/// the results agree with <c>git check-ignore</c> bit for bit, quirks included. Patterns are bytes, as in git:
/// matching works on the raw bytes of the pattern line and the UTF-8 bytes of the path (so <c>?</c> matches one
/// byte, and a character class matches one byte). It is ordinal unless the list asks for
/// <c>core.ignorecase=true</c>, which folds ASCII letters only, as git does.
/// </para>
/// <para>
/// The pattern is kept as bytes; matching allocates nothing.
/// </para>
/// </remarks>
internal sealed class PathPattern
{
    private readonly byte[] _pattern;
    private readonly int _noWildcardLength;

    private PathPattern(string source, int lineNumber, byte[] pattern, int noWildcardLength, bool negative, bool mustBeDirectory, bool noDirectory, bool endsWith)
    {
        Source = source;
        LineNumber = lineNumber;
        _pattern = pattern;
        _noWildcardLength = noWildcardLength;
        IsNegative = negative;
        MustBeDirectory = mustBeDirectory;
        NoDirectory = noDirectory;
        EndsWith = endsWith;
    }

    /// <summary>The pattern as written after trimming (including any leading <c>!</c> and trailing <c>/</c>), decoded as UTF-8 for display.</summary>
    public string Source { get; }

    /// <summary>1-based line number in the pattern text (or 1-based index for <see cref="PatternList.FromGlobs"/>).</summary>
    public int LineNumber { get; }

    /// <summary>The line started with <c>!</c>: a match re-includes instead of matching.</summary>
    public bool IsNegative { get; }

    /// <summary>The line ended with <c>/</c>: the pattern only matches directories.</summary>
    public bool MustBeDirectory { get; }

    /// <summary>The pattern (without a trailing <c>/</c>) contains no <c>/</c>: it is matched against the basename at any depth.</summary>
    public bool NoDirectory { get; }

    /// <summary>The pattern is <c>*literal</c>: a fast "ends with" basename test.</summary>
    public bool EndsWith { get; }

    /// <summary>
    /// Parses one line given as text; the same as <see cref="TryParse(ReadOnlySpan{byte}, int)"/> of its UTF-8 bytes.
    /// </summary>
    /// <param name="line">The raw line, possibly still ending in <c>\r</c>.</param>
    /// <param name="lineNumber">The 1-based line number, kept for diagnostics.</param>
    public static PathPattern? TryParse(string line, int lineNumber) => TryParse(Encoding.UTF8.GetBytes(line), lineNumber);

    /// <summary>
    /// Parses one line exactly as git's <c>add_patterns_from_buffer</c> + <c>add_pattern</c> do, after the line
    /// has been split off (without its <c>\n</c>). Returns <see langword="null"/> for blank lines, comments and
    /// lines whose pattern is empty (for example <c>!</c> or <c>/</c>), which can never match anything.
    /// </summary>
    /// <param name="line">The raw bytes of the line, possibly still ending in <c>\r</c>.</param>
    /// <param name="lineNumber">The 1-based line number, kept for diagnostics.</param>
    public static PathPattern? TryParse(ReadOnlySpan<byte> line, int lineNumber)
    {
        // git skips empty lines and lines starting with '#' before anything else.
        if (line.Length == 0 || line[0] == (byte)'#')
        {
            return null;
        }

        var span = line;
        if (span[^1] == (byte)'\r')
        {
            span = span[..^1];
        }

        // The C string ends at the first NUL.
        int nul = span.IndexOf((byte)0);
        if (nul >= 0)
        {
            span = span[..nul];
        }

        span = TrimTrailingSpaces(span);
        string source = Encoding.UTF8.GetString(span);

        bool negative = false;
        if (span.Length > 0 && span[0] == (byte)'!')
        {
            negative = true;
            span = span[1..];
        }

        // simple_length / no_wildcard look at the string including a trailing '/', which is never special.
        ReadOnlySpan<byte> full = span;
        int length = full.Length;
        bool mustBeDirectory = false;
        if (length > 0 && full[length - 1] == (byte)'/')
        {
            length--;
            mustBeDirectory = true;
        }

        if (length == 0)
        {
            return null;
        }

        bool noDirectory = full[..length].IndexOf((byte)'/') < 0;
        int noWildcardLength = Math.Min(SimpleLength(full), length);
        bool endsWith = full[0] == (byte)'*' && SimpleLength(full[1..]) == full.Length - 1;

        return new PathPattern(source, lineNumber, full[..length].ToArray(), noWildcardLength, negative, mustBeDirectory, noDirectory, endsWith);
    }

    /// <summary>
    /// Whether this pattern matches the given path (git's <c>last_matching_pattern_from_list</c> body for one pattern,
    /// with the pattern file at the root of the tree).
    /// </summary>
    /// <param name="path">The full repo-relative path as UTF-8, '/'-separated, without a trailing '/'.</param>
    /// <param name="basenameStart">Index in <paramref name="path"/> where the last component starts.</param>
    /// <param name="isDirectory">Whether the path is a directory.</param>
    /// <param name="ignoreCase">git's <c>core.ignorecase</c>: ASCII letters match either case.</param>
    public bool Matches(ReadOnlySpan<byte> path, int basenameStart, bool isDirectory, bool ignoreCase = false)
    {
        if (MustBeDirectory && !isDirectory)
        {
            return false;
        }

        return NoDirectory ? MatchBasename(path[basenameStart..], ignoreCase) : MatchPathname(path, ignoreCase);
    }

    /// <inheritdoc/>
    public override string ToString() => LineNumber + ": " + Source;

    private bool MatchBasename(ReadOnlySpan<byte> basename, bool ignoreCase)
    {
        ReadOnlySpan<byte> pattern = _pattern;
        if (_noWildcardLength == pattern.Length)
        {
            return basename.Length == pattern.Length && PathBytesEqual(basename, pattern, ignoreCase);
        }

        if (EndsWith)
        {
            var literal = pattern[1..];
            return literal.Length <= basename.Length && PathBytesEqual(basename[^literal.Length..], literal, ignoreCase);
        }

        return Wildmatch.IsMatch(pattern, basename, ignoreCase ? WildmatchFlags.CaseFold : WildmatchFlags.None);
    }

    private bool MatchPathname(ReadOnlySpan<byte> path, bool ignoreCase)
    {
        ReadOnlySpan<byte> pattern = _pattern;
        int prefix = _noWildcardLength;
        if (pattern[0] == (byte)'/')
        {
            pattern = pattern[1..];
            prefix--;
        }

        if (path.Length < 1)
        {
            return false;
        }

        ReadOnlySpan<byte> name = path;
        if (prefix > 0)
        {
            if (prefix > name.Length || !PathBytesEqual(name[..prefix], pattern[..prefix], ignoreCase))
            {
                return false;
            }

            if (pattern.Length == prefix && name.Length == prefix)
            {
                return true;
            }

            // git matches the literal prefix first and hands only the rest to wildmatch, keeping one byte of the
            // prefix (git 2.52, commit 1940a02dc1) so that a '**' right after it is not taken for the start of the
            // pattern: "foo**/bar" does not match "foobar" or "foo/y/bar".
            prefix--;
            pattern = pattern[prefix..];
            name = name[prefix..];
        }

        var flags = WildmatchFlags.PathName | (ignoreCase ? WildmatchFlags.CaseFold : WildmatchFlags.None);
        return Wildmatch.IsMatch(pattern, name, flags);
    }

    /// <summary>git's <c>fspathncmp</c>: byte equality, ASCII case-insensitive with <c>core.ignorecase</c>.</summary>
    private static bool PathBytesEqual(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, bool ignoreCase)
    {
        if (!ignoreCase)
        {
            return a.SequenceEqual(b);
        }

        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (Wildmatch.ToLower(a[i]) != Wildmatch.ToLower(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>git's trim_trailing_spaces: drop trailing unescaped spaces (not tabs).</summary>
    private static ReadOnlySpan<byte> TrimTrailingSpaces(ReadOnlySpan<byte> s)
    {
        int lastSpace = -1;
        for (int i = 0; i < s.Length; i++)
        {
            switch (s[i])
            {
                case (byte)' ':
                    if (lastSpace < 0)
                    {
                        lastSpace = i;
                    }

                    break;
                case (byte)'\\':
                    i++;
                    if (i >= s.Length)
                    {
                        return s;
                    }

                    lastSpace = -1;
                    break;
                default:
                    lastSpace = -1;
                    break;
            }
        }

        return lastSpace >= 0 ? s[..lastSpace] : s;
    }

    private static int SimpleLength(ReadOnlySpan<byte> s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (Wildmatch.IsGlobSpecial(s[i]))
            {
                return i;
            }
        }

        return s.Length;
    }
}
