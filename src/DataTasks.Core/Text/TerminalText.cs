using System.Globalization;
using System.Text;

namespace DataTasks.Core.Text;

/// <summary>
/// Text from a manifest on its way to a terminal. Descriptions, tags and metadata come from whoever committed the
/// manifest, so a control character in them (an ANSI escape, a bell, a line break) must be shown, not obeyed: it could
/// recolour, retitle or rewrite the reader's terminal, or forge an extra output line.
/// </summary>
public static class TerminalText
{
    /// <summary>
    /// <paramref name="text"/> with every control character written as an escape (<c>\t</c>, <c>\n</c>, <c>\r</c>,
    /// <c>\x1b</c>, <c>\u009b</c>), so it prints as one inert line.
    /// </summary>
    /// <param name="text">The text to show.</param>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\t' => escaped.Append("\\t"),
                '\n' => escaped.Append("\\n"),
                '\r' => escaped.Append("\\r"),
                _ when c <= 0x7f && char.IsControl(c) => escaped.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)),
                _ when char.IsControl(c) => escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }
}
