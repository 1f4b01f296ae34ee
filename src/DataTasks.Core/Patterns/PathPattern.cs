using System.Text;

namespace DataTasks.Core.Patterns;

/// <summary>
/// One parsed line of a gitignore-style pattern file, together with the matcher for it.
/// </summary>
/// <remarks>
/// <para>
/// This is a faithful port of git's own algorithm (<c>dir.c</c>: <c>parse_path_pattern</c>,
/// <c>match_basename</c>, <c>match_pathname</c>; <c>wildmatch.c</c>: <c>dowild</c>) so that the
/// results agree with <c>git check-ignore</c> bit for bit, quirks included. Matching works on the
/// UTF-8 bytes of pattern and path, exactly as git does (so <c>?</c> matches one byte, and a
/// character class matches one byte), and is ordinal (case-sensitive, <c>core.ignorecase=false</c>).
/// </para>
/// <para>
/// The pattern is kept as UTF-8 bytes; matching allocates nothing.
/// </para>
/// </remarks>
internal sealed class PathPattern
{
    private const int WmMatch = 0;
    private const int WmNoMatch = 1;
    private const int WmAbortAll = -1;
    private const int WmAbortToStarStar = -2;

    // git's sane_ctype classes (git-compat-util.h / ctype.c), ASCII only.
    private const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

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

    /// <summary>The pattern as written after trimming (including any leading <c>!</c> and trailing <c>/</c>).</summary>
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
    /// Parses one line exactly as git's <c>add_patterns_from_buffer</c> + <c>add_pattern</c> do, after the line
    /// has been split off (without its <c>\n</c>). Returns <see langword="null"/> for blank lines, comments and
    /// lines whose pattern is empty (for example <c>!</c> or <c>/</c>), which can never match anything.
    /// </summary>
    /// <param name="line">The raw line, possibly still ending in <c>\r</c>.</param>
    /// <param name="lineNumber">The 1-based line number, kept for diagnostics.</param>
    public static PathPattern? TryParse(string line, int lineNumber)
    {
        // git skips empty lines and lines starting with '#' before anything else.
        if (line.Length == 0 || line[0] == '#')
        {
            return null;
        }

        var span = line.AsSpan();
        if (span[^1] == '\r')
        {
            span = span[..^1];
        }

        // The C string ends at the first NUL.
        int nul = span.IndexOf('\0');
        if (nul >= 0)
        {
            span = span[..nul];
        }

        span = TrimTrailingSpaces(span);
        string source = span.ToString();

        bool negative = false;
        if (span.Length > 0 && span[0] == '!')
        {
            negative = true;
            span = span[1..];
        }

        // simple_length / no_wildcard look at the string including a trailing '/', which is never special.
        byte[] full = Encoding.UTF8.GetBytes(span.ToString());
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

        bool noDirectory = full.AsSpan(0, length).IndexOf((byte)'/') < 0;
        int noWildcardLength = Math.Min(SimpleLength(full), length);
        bool endsWith = full[0] == (byte)'*' && SimpleLength(full.AsSpan(1)) == full.Length - 1;

        byte[] pattern = length == full.Length ? full : full.AsSpan(0, length).ToArray();
        return new PathPattern(source, lineNumber, pattern, noWildcardLength, negative, mustBeDirectory, noDirectory, endsWith);
    }

    /// <summary>
    /// Whether this pattern matches the given path (git's <c>last_matching_pattern_from_list</c> body for one pattern,
    /// with the pattern file at the root of the tree).
    /// </summary>
    /// <param name="path">The full repo-relative path as UTF-8, '/'-separated, without a trailing '/'.</param>
    /// <param name="basenameStart">Index in <paramref name="path"/> where the last component starts.</param>
    /// <param name="isDirectory">Whether the path is a directory.</param>
    public bool Matches(ReadOnlySpan<byte> path, int basenameStart, bool isDirectory)
    {
        if (MustBeDirectory && !isDirectory)
        {
            return false;
        }

        return NoDirectory ? MatchBasename(path[basenameStart..]) : MatchPathname(path);
    }

    /// <inheritdoc/>
    public override string ToString() => LineNumber + ": " + Source;

    private bool MatchBasename(ReadOnlySpan<byte> basename)
    {
        ReadOnlySpan<byte> pattern = _pattern;
        if (_noWildcardLength == pattern.Length)
        {
            return basename.SequenceEqual(pattern);
        }

        if (EndsWith)
        {
            return basename.EndsWith(pattern[1..]);
        }

        return Wildmatch(pattern, basename, pathname: false) == WmMatch;
    }

    private bool MatchPathname(ReadOnlySpan<byte> path)
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
            if (prefix > name.Length || !name[..prefix].SequenceEqual(pattern[..prefix]))
            {
                return false;
            }

            // git matches the literal prefix first and hands only the rest to wildmatch; that changes
            // what counts as "the start of the pattern" for '**' (so "foo**/bar" matches "fooX/y/bar").
            pattern = pattern[prefix..];
            name = name[prefix..];
            if (pattern.IsEmpty && name.IsEmpty)
            {
                return true;
            }
        }

        return Wildmatch(pattern, name, pathname: true) == WmMatch;
    }

    /// <summary>git's trim_trailing_spaces: drop trailing unescaped spaces (not tabs).</summary>
    private static ReadOnlySpan<char> TrimTrailingSpaces(ReadOnlySpan<char> s)
    {
        int lastSpace = -1;
        for (int i = 0; i < s.Length; i++)
        {
            switch (s[i])
            {
                case ' ':
                    if (lastSpace < 0)
                    {
                        lastSpace = i;
                    }

                    break;
                case '\\':
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

    private static bool IsGlobSpecial(byte c) => c is (byte)'*' or (byte)'?' or (byte)'[' or (byte)'\\';

    private static int SimpleLength(ReadOnlySpan<byte> s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (IsGlobSpecial(s[i]))
            {
                return i;
            }
        }

        return s.Length;
    }

    private static byte At(ReadOnlySpan<byte> s, int i) => i < s.Length ? s[i] : (byte)0;

    /// <summary>
    /// Port of git's <c>dowild</c> (wildmatch.c) over byte spans; the end of a span plays the part of the C NUL.
    /// Returns 0 on match, 1 on no match, negative to abort backtracking.
    /// </summary>
    private static int Wildmatch(ReadOnlySpan<byte> pat, ReadOnlySpan<byte> text, bool pathname)
    {
        int p = 0;
        int t = 0;
        for (; p < pat.Length; t++, p++)
        {
            byte pch = pat[p];
            if (t >= text.Length && pch != (byte)'*')
            {
                return WmAbortAll;
            }

            byte tch = At(text, t);
            switch (pch)
            {
                case (byte)'\\':
                    // Literal match with the following character; a trailing '\' never matches.
                    p++;
                    if (p >= pat.Length || tch != pat[p])
                    {
                        return WmNoMatch;
                    }

                    continue;

                case (byte)'?':
                    if (pathname && tch == (byte)'/')
                    {
                        return WmNoMatch;
                    }

                    continue;

                case (byte)'*':
                {
                    bool matchSlash;
                    if (At(pat, ++p) == (byte)'*')
                    {
                        int prevP = p - 2;
                        while (At(pat, ++p) == (byte)'*')
                        {
                        }

                        if (!pathname)
                        {
                            matchSlash = true;
                        }
                        else if ((prevP < 0 || pat[prevP] == (byte)'/') &&
                                 (p >= pat.Length || pat[p] == (byte)'/' ||
                                  (pat[p] == (byte)'\\' && At(pat, p + 1) == (byte)'/')))
                        {
                            // "**/" may match nothing at all: try the rest right here.
                            if (p < pat.Length && pat[p] == (byte)'/' &&
                                Wildmatch(pat[(p + 1)..], text[t..], pathname) == WmMatch)
                            {
                                return WmMatch;
                            }

                            matchSlash = true;
                        }
                        else
                        {
                            matchSlash = false;
                        }
                    }
                    else
                    {
                        matchSlash = !pathname;
                    }

                    if (p >= pat.Length)
                    {
                        // Trailing "**" matches everything; trailing "*" only when no '/' is left.
                        return !matchSlash && text[t..].IndexOf((byte)'/') >= 0 ? WmNoMatch : WmMatch;
                    }

                    if (!matchSlash && pat[p] == (byte)'/')
                    {
                        // One asterisk followed by a slash matches up to the next directory separator.
                        int slash = text[t..].IndexOf((byte)'/');
                        if (slash < 0)
                        {
                            return WmNoMatch;
                        }

                        t += slash;
                        break; // the slash is consumed by the loop increment
                    }

                    while (t < text.Length)
                    {
                        tch = text[t];
                        byte next = pat[p];
                        if (!IsGlobSpecial(next))
                        {
                            // Skip ahead to the next occurrence of the literal that follows the star.
                            while (t < text.Length && (matchSlash || text[t] != (byte)'/') && text[t] != next)
                            {
                                t++;
                            }

                            if (t >= text.Length || text[t] != next)
                            {
                                return WmNoMatch;
                            }

                            tch = next;
                        }

                        int matched = Wildmatch(pat[p..], text[t..], pathname);
                        if (matched != WmNoMatch)
                        {
                            if (!matchSlash || matched != WmAbortToStarStar)
                            {
                                return matched;
                            }
                        }
                        else if (!matchSlash && tch == (byte)'/')
                        {
                            return WmAbortToStarStar;
                        }

                        t++;
                    }

                    return WmAbortAll;
                }

                case (byte)'[':
                {
                    pch = At(pat, ++p);
                    if (pch == (byte)'^')
                    {
                        pch = (byte)'!';
                    }

                    bool negated = pch == (byte)'!';
                    if (negated)
                    {
                        pch = At(pat, ++p);
                    }

                    byte prevCh = 0;
                    bool matchedClass = false;
                    while (true)
                    {
                        if (p >= pat.Length)
                        {
                            return WmAbortAll;
                        }

                        if (pch == (byte)'\\')
                        {
                            if (++p >= pat.Length)
                            {
                                return WmAbortAll;
                            }

                            pch = pat[p];
                            if (tch == pch)
                            {
                                matchedClass = true;
                            }
                        }
                        else if (pch == (byte)'-' && prevCh != 0 && p + 1 < pat.Length && pat[p + 1] != (byte)']')
                        {
                            pch = pat[++p];
                            if (pch == (byte)'\\')
                            {
                                if (++p >= pat.Length)
                                {
                                    return WmAbortAll;
                                }

                                pch = pat[p];
                            }

                            if (tch <= pch && tch >= prevCh)
                            {
                                matchedClass = true;
                            }

                            pch = 0; // so that prevCh becomes 0
                        }
                        else if (pch == (byte)'[' && At(pat, p + 1) == (byte)':')
                        {
                            int s = p += 2;
                            while (p < pat.Length && pat[p] != (byte)']')
                            {
                                p++;
                            }

                            if (p >= pat.Length)
                            {
                                return WmAbortAll;
                            }

                            int nameLength = p - s - 1;
                            if (nameLength < 0 || pat[p - 1] != (byte)':')
                            {
                                // Didn't find ":]", so treat like a normal set member '['.
                                p = s - 2;
                                pch = (byte)'[';
                                if (tch == pch)
                                {
                                    matchedClass = true;
                                }
                            }
                            else
                            {
                                int r = MatchNamedClass(pat.Slice(s, nameLength), tch);
                                if (r < 0)
                                {
                                    return WmAbortAll; // malformed [:class:]
                                }

                                if (r > 0)
                                {
                                    matchedClass = true;
                                }

                                pch = 0;
                            }
                        }
                        else if (tch == pch)
                        {
                            matchedClass = true;
                        }

                        prevCh = pch;
                        pch = At(pat, ++p);
                        if (p < pat.Length && pch == (byte)']')
                        {
                            break;
                        }
                    }

                    if (matchedClass == negated || (pathname && tch == (byte)'/'))
                    {
                        return WmNoMatch;
                    }

                    continue;
                }

                default:
                    if (tch != pch)
                    {
                        return WmNoMatch;
                    }

                    continue;
            }
        }

        return t < text.Length ? WmNoMatch : WmMatch;
    }

    /// <summary>1 when <paramref name="c"/> is in the named class, 0 when not, -1 for an unknown class name.</summary>
    private static int MatchNamedClass(ReadOnlySpan<byte> name, byte c)
    {
        bool isUpper = c is >= (byte)'A' and <= (byte)'Z';
        bool isLower = c is >= (byte)'a' and <= (byte)'z';
        bool isDigit = c is >= (byte)'0' and <= (byte)'9';
        bool result;
        if (name.SequenceEqual("alnum"u8))
        {
            result = isUpper || isLower || isDigit;
        }
        else if (name.SequenceEqual("alpha"u8))
        {
            result = isUpper || isLower;
        }
        else if (name.SequenceEqual("blank"u8))
        {
            result = c is (byte)' ' or (byte)'\t';
        }
        else if (name.SequenceEqual("cntrl"u8))
        {
            result = c < 0x20 || c == 0x7f;
        }
        else if (name.SequenceEqual("digit"u8))
        {
            result = isDigit;
        }
        else if (name.SequenceEqual("graph"u8))
        {
            result = c is > 0x20 and < 0x7f;
        }
        else if (name.SequenceEqual("lower"u8))
        {
            result = isLower;
        }
        else if (name.SequenceEqual("print"u8))
        {
            result = c is >= 0x20 and < 0x7f;
        }
        else if (name.SequenceEqual("punct"u8))
        {
            result = c < 0x80 && Punctuation.Contains((char)c, StringComparison.Ordinal);
        }
        else if (name.SequenceEqual("space"u8))
        {
            // git's isspace: only ' ', '\t', '\n' and '\r'.
            result = c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
        }
        else if (name.SequenceEqual("upper"u8))
        {
            result = isUpper;
        }
        else if (name.SequenceEqual("xdigit"u8))
        {
            result = isDigit || c is >= (byte)'a' and <= (byte)'f' || c is >= (byte)'A' and <= (byte)'F';
        }
        else
        {
            return -1;
        }

        return result ? 1 : 0;
    }
}
