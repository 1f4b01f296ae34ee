namespace DataTasks.Core.Patterns;

/// <summary>
/// Port of git's <c>wildmatch.c</c> (<c>dowild</c>) as of git 2.41 and later, over byte spans: the end of a span
/// plays the part of the C NUL. Allocates nothing unless a match backtracks thousands of times.
/// </summary>
/// <remarks>
/// <para>
/// Cost is polynomial in the length of the text, whatever the pattern: a star that cannot match returns
/// <c>WM_ABORT_ALL</c> (or <c>WM_ABORT_TO_STARSTAR</c> when it cannot cross a slash) instead of <c>WM_NOMATCH</c>,
/// so that outer stars do not retry positions an inner star has already ruled out (git commit 1f2e05f0b7,
/// "wildmatch: fix exponential behavior"; see also https://research.swtch.com/glob). Where git is still
/// exponential (a chain of <c>**/</c> against a deep path), results are remembered per (pattern suffix, text
/// suffix), which bounds the work without changing any answer.
/// </para>
/// <para>
/// With <see cref="WildmatchFlags.CaseFold"/> the quirks of git are kept: the text byte is lowered, the pattern
/// byte is lowered for literals and stars but not after a backslash or inside a bracket expression (where ranges
/// also try the upper-case text byte, and <c>[:upper:]</c> matches lower-case letters).
/// </para>
/// </remarks>
internal static class Wildmatch
{
    /// <summary>dowild's result: a match.</summary>
    internal const int WmMatch = 0;

    /// <summary>dowild's result: no match here, an enclosing star may try further on.</summary>
    internal const int WmNoMatch = 1;

    /// <summary>dowild's result: no match, and no enclosing star can make one.</summary>
    internal const int WmAbortAll = -1;

    /// <summary>dowild's result: no match, and only an enclosing "**" may try further on.</summary>
    internal const int WmAbortToStarStar = -2;

    // Calls of DoWild in one match before its results are remembered; ordinary patterns never get there.
    private const int MemoAfterCalls = 4096;

    /// <summary>Whether <paramref name="pattern"/> matches all of <paramref name="text"/> (git's <c>wildmatch</c>).</summary>
    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, WildmatchFlags flags)
    {
        var state = new MatchState(pattern.Length, text.Length);
        return DoWild(pattern, text, flags, ref state) == WmMatch;
    }

    /// <summary>git's <c>is_glob_special</c>: the bytes that make a pattern more than a literal.</summary>
    public static bool IsGlobSpecial(byte c) => c is (byte)'*' or (byte)'?' or (byte)'[' or (byte)'\\';

    /// <summary>git's <c>tolower</c> in the C locale: ASCII letters only.</summary>
    public static byte ToLower(byte c) => c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c | 0x20) : c;

    /// <summary>git's <c>toupper</c> in the C locale: ASCII letters only.</summary>
    public static byte ToUpper(byte c) => c is >= (byte)'a' and <= (byte)'z' ? (byte)(c & ~0x20) : c;

    /// <summary>git's <c>islower</c>: ASCII only.</summary>
    public static bool IsLower(byte c) => c is >= (byte)'a' and <= (byte)'z';

    /// <summary>The byte at <paramref name="i"/>, or the C string's NUL past the end.</summary>
    public static byte At(ReadOnlySpan<byte> s, int i) => i < s.Length ? s[i] : (byte)0;

    /// <summary>
    /// <see cref="Match"/>, remembered once a match has made many calls. Every call works on a suffix of the pattern
    /// and a suffix of the text, and its result depends on nothing else, so it is a function of the two suffix
    /// lengths: remembering it bounds the work by (pattern length) x (text length)^2 even where git's own
    /// backtracking is still exponential (a chain of "**/" against a deep path).
    /// </summary>
    private static int DoWild(ReadOnlySpan<byte> pat, ReadOnlySpan<byte> text, WildmatchFlags flags, ref MatchState state)
    {
        if (++state.Calls <= MemoAfterCalls)
        {
            return Match(pat, text, flags, ref state);
        }

        var memo = state.Memo ??= new Dictionary<long, int>();
        long key = ((long)(state.PatternLength - pat.Length) * (state.TextLength + 1)) + (state.TextLength - text.Length);
        if (!memo.TryGetValue(key, out int result))
        {
            result = Match(pat, text, flags, ref state);
            memo[key] = result;
        }

        return result;
    }

    /// <summary>Returns 0 on match, 1 on no match, negative to stop the backtracking of enclosing stars.</summary>
    private static int Match(ReadOnlySpan<byte> pat, ReadOnlySpan<byte> text, WildmatchFlags flags, ref MatchState state)
    {
        bool pathname = (flags & WildmatchFlags.PathName) != 0;
        bool fold = (flags & WildmatchFlags.CaseFold) != 0;
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
            if (fold)
            {
                tch = ToLower(tch);
                pch = ToLower(pch);
            }

            switch (pch)
            {
                case (byte)'\\':
                    // Literal match with the following byte (not case-folded, as in git); a trailing '\' never matches.
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
                                DoWild(pat[(p + 1)..], text[t..], flags, ref state) == WmMatch)
                            {
                                return WmMatch;
                            }

                            matchSlash = true;
                        }
                        else
                        {
                            // A "**" not between slashes (or the ends of the pattern) is an ordinary '*'.
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
                        return !matchSlash && text[t..].IndexOf((byte)'/') >= 0 ? WmAbortToStarStar : WmMatch;
                    }

                    if (!matchSlash && pat[p] == (byte)'/')
                    {
                        // One asterisk followed by a slash matches up to the next directory separator.
                        int slash = text[t..].IndexOf((byte)'/');
                        if (slash < 0)
                        {
                            return WmAbortAll;
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
                            // Skip ahead to the next occurrence of the literal that follows the star: what lies
                            // before it can only belong to the star.
                            if (fold)
                            {
                                next = ToLower(next);
                            }

                            while (t < text.Length && (matchSlash || text[t] != (byte)'/') &&
                                   (fold ? ToLower(text[t]) : text[t]) != next)
                            {
                                t++;
                            }

                            if (t >= text.Length || (fold ? ToLower(text[t]) : text[t]) != next)
                            {
                                // No later start can do better: stop every enclosing star from retrying.
                                return matchSlash ? WmAbortAll : WmAbortToStarStar;
                            }

                            tch = next;
                        }

                        int matched = DoWild(pat[p..], text[t..], flags, ref state);
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
                    if (!BracketExpression.Match(pat, ref p, tch, fold, out int result))
                    {
                        return result;
                    }

                    if (pathname && tch == (byte)'/')
                    {
                        return WmNoMatch;
                    }

                    continue;

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

    /// <summary>What one match carries through its recursion: the full lengths, a call count and, late, a memo.</summary>
    private struct MatchState(int patternLength, int textLength)
    {
        public readonly int PatternLength = patternLength;
        public readonly int TextLength = textLength;
        public int Calls;
        public Dictionary<long, int>? Memo;
    }
}
