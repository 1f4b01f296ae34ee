using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DataTasks.Analyzers;

/// <summary>
/// The XML doc comment of one typed-tree member, which IntelliSense shows while the name is typed: the entry's
/// description, its path and human size, its tags and its inputs (a link to the input's own member when it is in this
/// manifest). Manifest text is untrusted here: it is XML-escaped, characters XML forbids become U+FFFD, and every line
/// break C# knows (including U+0085, U+2028, U+2029) starts a new <c>///</c> line, so no text can end the comment early or
/// make the XML badly formed.
/// </summary>
internal static class TypedTreeDocComment
{
    private static readonly string[] LineBreaks = ["\r\n", "\n", "\r", "\u0085", "\u2028", "\u2029"];

    /// <summary>
    /// Appends the comment for <paramref name="entry"/>. <paramref name="crefOf"/> gives the cref of a path in this
    /// manifest, or null for anything else. An entry without a description, tags or inputs keeps the bare-path comment.
    /// </summary>
    public static void Append(StringBuilder sb, string pad, TypedTreeEntry entry, Func<string, string?> crefOf)
    {
        if (!entry.IsDocumented)
        {
            sb.Append(pad).Append("/// <summary><c>").Append(Inline(entry.Path)).AppendLine("</c></summary>");
            return;
        }

        sb.Append(pad).AppendLine("/// <summary>");
        if (entry.Description is { } description)
        {
            // Line breaks of the description are kept as <br/> (XML whitespace alone would collapse them).
            var lines = description.Trim().Split(LineBreaks, StringSplitOptions.None);
            for (var i = 0; i < lines.Length; i++)
            {
                sb.Append(pad).Append("/// ").Append(i == 0 ? "<para>" : string.Empty).Append(Xml(lines[i].TrimEnd()))
                    .AppendLine(i == lines.Length - 1 ? "</para>" : "<br/>");
            }
        }

        sb.Append(pad).Append("/// <para><c>").Append(Inline(entry.Path)).Append("</c>");
        if (entry.Size is { } size)
        {
            sb.Append(", ").Append(DataTasks.Core.SizeFormat.Format(size));
        }

        sb.AppendLine("</para>");
        if (!entry.Tags.IsEmpty)
        {
            sb.Append(pad).Append("/// <para>Tags: ").Append(string.Join(", ", entry.Tags.Select(Inline))).AppendLine("</para>");
        }

        if (!entry.Inputs.IsEmpty)
        {
            var inputs = entry.Inputs.Select(input => crefOf(input) is { } cref ? $"<see cref=\"{cref}\"/>" : $"<c>{Inline(input)}</c>");
            sb.Append(pad).Append("/// <para>Inputs: ").Append(string.Join(", ", inputs)).AppendLine("</para>");
        }

        sb.Append(pad).AppendLine("/// </summary>");
    }

    /// <summary>Text for a single comment line: line breaks become spaces, then <see cref="Xml"/>.</summary>
    private static string Inline(string text) => Xml(string.Join(" ", text.Split(LineBreaks, StringSplitOptions.None)));

    /// <summary>XML text content: markup characters escaped (so <c>]]&gt;</c> too), characters XML 1.0 forbids replaced.</summary>
    private static string Xml(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if (IsXmlChar(c))
                    {
                        sb.Append(c);
                    }
                    else
                    {
                        sb.Append('\uFFFD');
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    // XML 1.0 characters, minus the line breaks C# ends a comment at (they are split out before; any left are replaced).
    private static bool IsXmlChar(char c) =>
        c == '\t' || (c >= ' ' && c < '\uD800' && c is not ('\u0085' or '\u2028' or '\u2029')) || (c > '\uDFFF' && c < '\uFFFE');
}
