using System;
using System.Collections.Generic;
using System.Text;

namespace DataTasks.Analyzers;

/// <summary>
/// The few JSON reads the analyzer's manifest reader needs, over a string, without System.Text.Json (an analyzer must not
/// bring dependencies the compiler does not have). Malformed text throws <see cref="FormatException"/>, which the caller
/// turns into "not a manifest".
/// </summary>
internal sealed class ManifestJsonReader(string text)
{
    private int position;

    public char Peek() => position < text.Length ? text[position] : throw new FormatException("unexpected end");

    public void SkipWhitespace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    public bool TryConsume(char c)
    {
        if (position < text.Length && text[position] == c)
        {
            position++;
            return true;
        }

        return false;
    }

    public void Expect(char c)
    {
        if (!TryConsume(c))
        {
            throw new FormatException($"expected '{c}'");
        }
    }

    /// <summary>Reads the members of an object one name at a time, handing each value to <paramref name="readValue"/>.</summary>
    public void ReadObject(Action<string> readValue)
    {
        Expect('{');
        while (true)
        {
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return;
            }

            var name = ReadString();
            SkipWhitespace();
            Expect(':');
            SkipWhitespace();
            readValue(name);
            SkipWhitespace();
            TryConsume(',');
        }
    }

    /// <summary>An array of strings, or null (the value skipped) when the value is anything else.</summary>
    public List<string>? ReadStringArrayOrSkip()
    {
        if (Peek() != '[')
        {
            SkipValue();
            return null;
        }

        var items = new List<string>();
        var allStrings = true;
        Expect('[');
        while (true)
        {
            SkipWhitespace();
            if (TryConsume(']'))
            {
                return allStrings ? items : null;
            }

            if (Peek() == '"')
            {
                items.Add(ReadString());
            }
            else
            {
                allStrings = false;
                SkipValue();
            }

            SkipWhitespace();
            TryConsume(',');
        }
    }

    /// <summary>A string value, or null (the value skipped) when it is anything else.</summary>
    public string? ReadStringOrSkip()
    {
        if (Peek() == '"')
        {
            return ReadString();
        }

        SkipValue();
        return null;
    }

    /// <summary>A non-negative whole number, or null (the value skipped) when it is anything else.</summary>
    public long? ReadSizeOrSkip()
    {
        var start = position;
        SkipValue();
        return long.TryParse(text.Substring(start, position - start), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    public string ReadString()
    {
        Expect('"');
        var sb = new StringBuilder();
        while (true)
        {
            var c = Peek();
            position++;
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            var e = Peek();
            position++;
            switch (e)
            {
                case 'u':
                    if (position + 4 > text.Length)
                    {
                        throw new FormatException("bad escape");
                    }

                    sb.Append((char)Convert.ToInt32(text.Substring(position, 4), 16));
                    position += 4;
                    break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                default: sb.Append(e); break;
            }
        }
    }

    public void SkipValue()
    {
        var c = Peek();
        if (c == '"')
        {
            ReadString();
            return;
        }

        if (c is '{' or '[')
        {
            var depth = 0;
            do
            {
                var d = Peek();
                if (d == '"')
                {
                    ReadString();
                    continue;
                }

                position++;
                if (d is '{' or '[')
                {
                    depth++;
                }
                else if (d is '}' or ']')
                {
                    depth--;
                }
            }
            while (depth > 0);
            return;
        }

        while (position < text.Length && text[position] is not (',' or '}' or ']') && !char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }
}
