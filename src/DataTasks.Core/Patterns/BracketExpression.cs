namespace DataTasks.Core.Patterns;

/// <summary>
/// A bracket expression of a wildmatch pattern (<c>[abc]</c>, <c>[!a-z]</c>, <c>[[:alpha:]]</c>), matched against
/// one byte exactly as git's <c>dowild</c> does, quirks included.
/// </summary>
internal static class BracketExpression
{
    // git's sane_ctype classes (git-compat-util.h / ctype.c), ASCII only.
    private const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>
    /// Matches the bracket expression starting at <c>pat[p] == '['</c> against <paramref name="tch"/>, leaving
    /// <paramref name="p"/> on its closing <c>]</c>. Returns false with the dowild result when it does not match.
    /// </summary>
    public static bool Match(ReadOnlySpan<byte> pat, ref int p, byte tch, bool fold, out int result)
    {
        byte pch = Wildmatch.At(pat, ++p);
        if (pch == (byte)'^')
        {
            pch = (byte)'!';
        }

        bool negated = pch == (byte)'!';
        if (negated)
        {
            pch = Wildmatch.At(pat, ++p);
        }

        byte prevCh = 0;
        bool matchedClass = false;
        while (true)
        {
            if (p >= pat.Length)
            {
                result = Wildmatch.WmAbortAll;
                return false;
            }

            if (pch == (byte)'\\')
            {
                if (++p >= pat.Length)
                {
                    result = Wildmatch.WmAbortAll;
                    return false;
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
                        result = Wildmatch.WmAbortAll;
                        return false;
                    }

                    pch = pat[p];
                }

                if (tch <= pch && tch >= prevCh)
                {
                    matchedClass = true;
                }
                else if (fold && Wildmatch.IsLower(tch))
                {
                    byte upper = Wildmatch.ToUpper(tch);
                    if (upper <= pch && upper >= prevCh)
                    {
                        matchedClass = true;
                    }
                }

                pch = 0; // so that prevCh becomes 0
            }
            else if (pch == (byte)'[' && Wildmatch.At(pat, p + 1) == (byte)':')
            {
                int s = p += 2;
                while (p < pat.Length && pat[p] != (byte)']')
                {
                    p++;
                }

                if (p >= pat.Length)
                {
                    result = Wildmatch.WmAbortAll;
                    return false;
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
                    int r = MatchNamedClass(pat.Slice(s, nameLength), tch, fold);
                    if (r < 0)
                    {
                        result = Wildmatch.WmAbortAll; // malformed [:class:]
                        return false;
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
            pch = Wildmatch.At(pat, ++p);
            if (p < pat.Length && pch == (byte)']')
            {
                break;
            }
        }

        result = Wildmatch.WmNoMatch;
        return matchedClass != negated;
    }

    /// <summary>1 when <paramref name="c"/> is in the named class, 0 when not, -1 for an unknown class name.</summary>
    private static int MatchNamedClass(ReadOnlySpan<byte> name, byte c, bool fold)
    {
        bool isUpper = c is >= (byte)'A' and <= (byte)'Z';
        bool isLower = Wildmatch.IsLower(c);
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
            result = isUpper || (fold && isLower);
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
