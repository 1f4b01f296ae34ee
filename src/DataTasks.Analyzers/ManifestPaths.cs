using System;
using System.Collections.Generic;
using System.Text;

namespace DataTasks.Analyzers;

/// <summary>
/// The entry paths of an artifacts.json, read without System.Text.Json (an analyzer must not bring dependencies the
/// compiler does not have). Only the keys of the top-level "entries" object matter; everything else is skipped.
/// Returns null for text that is not a manifest, so a broken file silences the checks instead of flooding them.
/// </summary>
internal static class ManifestPaths
{
    public static List<string>? Read(string text)
    {
        var reader = new Reader(text);
        try
        {
            reader.SkipWhitespace();
            if (!reader.TryConsume('{'))
            {
                return null;
            }

            List<string>? paths = null;
            while (true)
            {
                reader.SkipWhitespace();
                if (reader.TryConsume('}'))
                {
                    return paths;
                }

                var name = reader.ReadString();
                reader.SkipWhitespace();
                reader.Expect(':');
                reader.SkipWhitespace();
                if (name == "entries" && reader.Peek() == '{')
                {
                    paths = ReadKeys(reader);
                }
                else
                {
                    reader.SkipValue();
                }

                reader.SkipWhitespace();
                reader.TryConsume(',');
            }
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static List<string> ReadKeys(Reader reader)
    {
        var keys = new List<string>();
        reader.Expect('{');
        while (true)
        {
            reader.SkipWhitespace();
            if (reader.TryConsume('}'))
            {
                return keys;
            }

            keys.Add(reader.ReadString());
            reader.SkipWhitespace();
            reader.Expect(':');
            reader.SkipWhitespace();
            reader.SkipValue();
            reader.SkipWhitespace();
            reader.TryConsume(',');
        }
    }

    private sealed class Reader(string text)
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
}
